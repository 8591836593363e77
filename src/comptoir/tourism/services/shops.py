"""Shops that accept the wallet: signing up (profile, address placed on the map, category, brand, IBAN, hours),
and what a tourist finds near a place in Paris.

Signing up opens the organisation's till through payments (its entry code comes with it) and records its
IBAN through payments' own checks, in the caller's unit of work: a refused IBAN leaves no shop and no till.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, select, update

from comptoir import catalog, payments
from comptoir.kernel.ids import new_id
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.tourism import repository as tables
from comptoir.tourism.domain.categories import ShopCategory
from comptoir.tourism.domain.geo import (
    CoordinatesInvalid,
    Point,
    bounding_box,
    distance_m,
    parse_coordinates,
    require_in_france,
)
from comptoir.tourism.domain.hours import HoursInvalid, WeeklyHours, parse_hours
from comptoir.tourism.domain.paris import arrondissement_of, geocode
from comptoir.tourism.errors import NotAShop, ShopExists, ShopInvalid, TourismNotFound

ACCEPTING_KINDS = frozenset(
    {OrganisationKind.SHOP, OrganisationKind.BRAND, OrganisationKind.SMALL_MERCHANT, OrganisationKind.RETAILER}
)
_TEXT = re.compile(r"[^\x00-\x1f\x7f]+")
_POSTCODE = re.compile(r"\d{5}")
_NUMBER = re.compile(r"\d{1,4}( ?(bis|ter|[a-z]))?", re.IGNORECASE)
DEFAULT_HOURS = "Mo-Sa 10:00-19:00"
MAX_RADIUS_M = 20_000


@dataclass(frozen=True, slots=True)
class ShopForm:
    """What a shop fills in to accept the wallet. Coordinates are optional: without them the address is placed
    from the shipped table of Paris streets; with them (a pin on the map) they must be in France."""

    name: str
    category: str
    street: str
    house_number: str
    postcode: str
    iban: str
    iban_holder: str
    city: str = "Paris"
    name_zh: str | None = None
    description: str = ""
    latitude: str | None = None
    longitude: str | None = None
    brand_org_id: str | None = None
    hours: str = DEFAULT_HOURS
    bic: str | None = None


@dataclass(frozen=True, slots=True)
class AcceptingShop:
    id: str
    org_id: str
    point_of_sale_id: str
    entry_code: str
    name: str
    name_zh: str | None
    description: str
    category: ShopCategory
    street: str
    house_number: str
    postcode: str
    city: str
    position: Point
    arrondissement: int | None
    brand_org_id: str | None
    brand_name: str | None
    hours: WeeklyHours
    created_at: datetime

    @property
    def address(self) -> str:
        return f"{self.house_number} {self.street}, {self.postcode} {self.city}"


@dataclass(frozen=True, slots=True)
class NearbyShop:
    shop: AcceptingShop
    distance_m: int
    open_now: bool


@dataclass(frozen=True, slots=True)
class BrandChoice:
    """A brand a shop may say it sells: one that has a store on the Chinese storefront."""

    org_id: str
    name: str
    name_zh: str | None


def to_shop(row: Any) -> AcceptingShop:
    r = row._mapping
    return AcceptingShop(
        id=r["id"],
        org_id=r["org_id"],
        point_of_sale_id=r["point_of_sale_id"],
        entry_code=r["entry_code"],
        name=r["name"],
        name_zh=r["name_zh"],
        description=r["description"],
        category=ShopCategory(r["category"]),
        street=r["street"],
        house_number=r["house_number"],
        postcode=r["postcode"],
        city=r["city"],
        position=Point(r["lat_e6"], r["lon_e6"]),
        arrondissement=r["arrondissement"],
        brand_org_id=r["brand_org_id"],
        brand_name=r["brand_name"],
        hours=parse_hours(r["hours"]),
        created_at=r["created_at"],
    )


def _text(field: str, value: object, *, limit: int, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ShopInvalid(field, "must be text")
    text = " ".join(value.split())
    if not text:
        if required:
            raise ShopInvalid(field, "is required")
        return ""
    if len(text) > limit or _TEXT.fullmatch(text) is None:
        raise ShopInvalid(field, f"must be 1-{limit} printable characters")
    return text


async def brand_choices(uow: UnitOfWork) -> list[BrandChoice]:
    """The brands a shop may name: the owners of brand stores, by name."""
    seen: dict[str, BrandChoice] = {}
    for store in await catalog.brand_stores(uow):
        seen.setdefault(store.owner_org_id, BrandChoice(store.owner_org_id, store.name, store.name_zh))
    return sorted(seen.values(), key=lambda b: b.name.casefold())


async def _brand(uow: UnitOfWork, principal: Principal, brand_org_id: str | None) -> BrandChoice | None:
    if principal.organisation_kind is OrganisationKind.BRAND:
        if brand_org_id not in (None, "", principal.organisation_id):
            raise ShopInvalid("brand_org_id", "a brand's own shop sells its own brand")
        for choice in await brand_choices(uow):
            if choice.org_id == principal.organisation_id:
                return choice
        return BrandChoice(principal.organisation_id, principal.organisation_name, None)
    if not brand_org_id:
        return None
    for choice in await brand_choices(uow):
        if choice.org_id == brand_org_id:
            return choice
    raise ShopInvalid("brand_org_id", "no brand store of this brand is on the Chinese storefront")


def _place(form: ShopForm, street: str, number: str, postcode: str) -> tuple[Point, str, int | None]:
    """The shop's position (a pin given, or the street table), its street as written, its arrondissement."""
    if form.latitude not in (None, "") or form.longitude not in (None, ""):
        try:
            point = parse_coordinates(form.latitude or "", form.longitude or "")
            require_in_france(point)
        except CoordinatesInvalid as exc:
            if exc.reason == "outside_france":
                raise ShopInvalid("latitude", "outside France", code="coordinates_outside_france") from exc
            raise ShopInvalid("latitude", "latitude and longitude must be decimal degrees") from exc
        return point, street, arrondissement_of(point)
    found = geocode(street, number, postcode)
    if found is None:
        raise ShopInvalid("street", "not in the table of Paris streets", code="address_not_found")
    return found.point, found.street, found.arrondissement


async def _values(uow: UnitOfWork, principal: Principal, form: ShopForm) -> dict[str, Any]:
    name = _text("name", form.name, limit=120)
    name_zh = _text("name_zh", form.name_zh, limit=120, required=False) or None
    description = _text("description", form.description, limit=1000, required=False)
    try:
        category = ShopCategory(form.category)
    except ValueError as exc:
        raise ShopInvalid("category", f"one of {', '.join(c.value for c in ShopCategory)}") from exc
    street = _text("street", form.street, limit=120)
    number = _text("house_number", form.house_number, limit=12)
    if _NUMBER.fullmatch(number) is None:
        raise ShopInvalid("house_number", "a street number such as 12 or 12 bis")
    postcode = _text("postcode", form.postcode, limit=10)
    if _POSTCODE.fullmatch(postcode) is None:
        raise ShopInvalid("postcode", "five digits")
    city = _text("city", form.city, limit=80)
    try:
        hours = parse_hours(form.hours if isinstance(form.hours, str) else "")
    except HoursInvalid as exc:
        raise ShopInvalid("hours", exc.reason) from exc
    point, street, arrondissement = _place(form, street, number, postcode)
    brand = await _brand(uow, principal, form.brand_org_id)
    return {
        "name": name,
        "name_zh": name_zh,
        "description": description,
        "category": category.value,
        "street": street,
        "house_number": number,
        "postcode": postcode,
        "city": city,
        "lat_e6": point.lat_e6,
        "lon_e6": point.lon_e6,
        "arrondissement": arrondissement,
        "brand_org_id": brand.org_id if brand else None,
        "brand_name": (brand.name_zh or brand.name) if brand else None,
        "hours": hours.text,
    }


async def sign_up_shop(uow: UnitOfWork, principal: Principal, *, form: ShopForm) -> AcceptingShop:
    """The caller's organisation starts accepting wallet payments: its profile, its till and its IBAN."""
    if principal.organisation_kind not in ACCEPTING_KINDS:
        raise NotAShop("this kind of organisation does not take in-store payments")
    existing = await _own_row(uow, principal, lock=True)
    if existing is not None:
        raise ShopExists("this organisation already accepts the wallet")
    values = await _values(uow, principal, form)
    await payments.set_bank_account(uow, principal, iban=form.iban, holder=form.iban_holder, bic=form.bic or None)
    till = await payments.open_point_of_sale(uow, principal, name=values["name"], city=values["city"])
    now = uow.clock.now()
    shop_id = new_id("shp")
    await uow.session.execute(
        insert(tables.shops).values(
            id=shop_id,
            org_id=principal.organisation_id,
            point_of_sale_id=till.id,
            entry_code=till.entry_code,
            created_at=now,
            updated_at=now,
            **values,
        )
    )
    return await shop_by_id(uow, shop_id)


async def update_shop(uow: UnitOfWork, principal: Principal, *, form: ShopForm) -> AcceptingShop:
    """Change the profile, address, category, brand or hours (the IBAN is changed on the money page)."""
    row = await _own_row(uow, principal, lock=True)
    if row is None:
        raise TourismNotFound("this organisation has not signed up to accept the wallet")
    values = await _values(uow, principal, form)
    await uow.session.execute(
        update(tables.shops).where(tables.shops.c.id == row._mapping["id"]).values(updated_at=uow.clock.now(), **values)
    )
    return await shop_by_id(uow, row._mapping["id"])


async def _own_row(uow: UnitOfWork, principal: Principal, *, lock: bool = False) -> Any:
    query = select(tables.shops).where(tables.shops.c.org_id == principal.organisation_id)
    if lock:
        query = query.with_for_update()
    return (await uow.session.execute(query)).first()


async def my_shop(uow: UnitOfWork, principal: Principal) -> AcceptingShop | None:
    """The caller's shop, or None before it signs up."""
    row = await _own_row(uow, principal)
    return to_shop(row) if row is not None else None


async def shop_by_id(uow: UnitOfWork, shop_id: str) -> AcceptingShop:
    row = (await uow.session.execute(select(tables.shops).where(tables.shops.c.id == shop_id))).first()
    if row is None:
        raise TourismNotFound("no such shop")
    return to_shop(row)


async def shop_of_till(uow: UnitOfWork, point_of_sale_id: str) -> AcceptingShop | None:
    row = (
        await uow.session.execute(select(tables.shops).where(tables.shops.c.point_of_sale_id == point_of_sale_id))
    ).first()
    return to_shop(row) if row is not None else None


async def nearby_shops(
    uow: UnitOfWork,
    *,
    near: Point,
    at: datetime,
    category: ShopCategory | None = None,
    open_now: bool = False,
    radius_m: int = 3000,
    limit: int = 20,
) -> list[NearbyShop]:
    """Shops accepting the wallet within ``radius_m`` of ``near``, nearest first (ties by name), optionally of
    one category and open at ``at`` (their hours are in Paris time)."""
    if not 1 <= radius_m <= MAX_RADIUS_M:
        raise ValueError(f"radius_m is from 1 to {MAX_RADIUS_M}")
    min_lat, max_lat, min_lon, max_lon = bounding_box(near, radius_m)
    t = tables.shops
    query = select(t).where(and_(t.c.lat_e6.between(min_lat, max_lat), t.c.lon_e6.between(min_lon, max_lon)))
    if category is not None:
        query = query.where(t.c.category == category.value)
    found: list[NearbyShop] = []
    for row in await uow.session.execute(query):
        shop = to_shop(row)
        distance = distance_m(near, shop.position)
        if distance > radius_m:
            continue
        is_open = shop.hours.is_open(at)
        if open_now and not is_open:
            continue
        found.append(NearbyShop(shop, distance, is_open))
    found.sort(key=lambda n: (n.distance_m, n.shop.name.casefold(), n.shop.id))
    return found[: max(1, min(limit, 100))]


async def all_shops(uow: UnitOfWork) -> list[AcceptingShop]:
    rows = await uow.session.execute(select(tables.shops).order_by(tables.shops.c.created_at, tables.shops.c.id))
    return [to_shop(r) for r in rows]
