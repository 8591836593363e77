"""HTTP API of tourism: a shop signs up to accept the wallet and reads its figures, a brand reads the online
sales its shops brought and sets its attribution window, the operator reads the cashless-Paris dashboard,
and anyone finds accepting shops near a place in Paris.

Money is ``{"currency", "value"}``; coordinates are decimal degrees written with six decimals, as strings.
Every changing route takes an ``Idempotency-Key``.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import BaseModel, ConfigDict, Field

from comptoir.kernel.auth import CurrentPrincipal, PlatformOperator
from comptoir.kernel.http import WholeNumber
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.money_json import MoneyBody
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.text import OptionalSingleLine, SingleLine
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.tourism import services
from comptoir.tourism.domain.attribution import DELAY_BUCKETS, MAX_WINDOW_DAYS
from comptoir.tourism.domain.categories import ShopCategory
from comptoir.tourism.domain.geo import CoordinatesInvalid, Point, parse_coordinates, require_in_france
from comptoir.tourism.domain.paris import find_place, normalise, street_suggestions
from comptoir.tourism.domain.paris import places as paris_places
from comptoir.tourism.errors import SearchInvalid, TourismNotFound
from comptoir.tourism.services.shops import MAX_RADIUS_M

router = APIRouter(prefix="/tourism", tags=["tourism"])

#: Decimal degrees as the API reads them: up to six decimals (a decimal comma is not accepted here).
DEGREES_PATTERN = r"^-?\d{1,3}(\.\d{1,6})?$"
ShopIdPath = Annotated[str, Path(pattern=id_pattern("shp"), description="the shop's id")]
Days = Annotated[int, Query(ge=1, le=366, description="how many days back, today included")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def degrees(e6: int) -> str:
    """Micro-degrees as decimal degrees with six decimals: ``48860600`` is ``"48.860600"``."""
    sign = "-" if e6 < 0 else ""
    whole, fraction = divmod(abs(e6), 1_000_000)
    return f"{sign}{whole}.{fraction:06d}"


class ProfileIn(Strict):
    name: SingleLine = Field(max_length=120)
    name_zh: OptionalSingleLine | None = Field(default=None, max_length=120, description="the shop's Chinese name")
    description: OptionalSingleLine = Field(default="", max_length=1000)
    category: ShopCategory
    street: SingleLine = Field(max_length=120, description="as in the table of Paris streets, e.g. Rue de Rivoli")
    house_number: str = Field(pattern=r"^\d{1,4}( ?(bis|ter|[a-zA-Z]))?$", examples=["99", "12 bis"])
    postcode: str = Field(pattern=r"^\d{5}$", examples=["75001"])
    city: SingleLine = Field(default="Paris", max_length=80)
    latitude: str | None = Field(
        default=None, pattern=DEGREES_PATTERN, description="a pin on the map; without it the address places the shop"
    )
    longitude: str | None = Field(default=None, pattern=DEGREES_PATTERN)
    brand_org_id: str | None = Field(
        default=None, pattern=id_pattern("org"), description="the brand the shop sells (GET /tourism/brands)"
    )
    hours: SingleLine = Field(
        default="Mo-Sa 10:00-19:00", max_length=200, description="e.g. Mo-Sa 10:00-19:30; Su 11:00-18:00"
    )

    def form(self, *, iban: str = "", iban_holder: str = "", bic: str | None = None) -> services.ShopForm:
        return services.ShopForm(
            name=self.name,
            name_zh=self.name_zh or None,
            description=self.description,
            category=self.category.value,
            street=self.street,
            house_number=self.house_number,
            postcode=self.postcode,
            city=self.city,
            latitude=self.latitude,
            longitude=self.longitude,
            brand_org_id=self.brand_org_id,
            hours=self.hours,
            iban=iban,
            iban_holder=iban_holder,
            bic=bic,
        )


class SignUpIn(ProfileIn):
    iban: str = Field(min_length=1, max_length=50, description="where payouts go (checked like payments')")
    iban_holder: SingleLine = Field(max_length=70)
    bic: str | None = Field(default=None, max_length=11)


class BrandOut(Strict):
    org_id: str
    name: str
    name_zh: str | None


class ShopOut(Strict):
    id: str
    point_of_sale_id: str
    entry_code: str
    name: str
    name_zh: str | None
    description: str
    category: str
    street: str
    house_number: str
    postcode: str
    city: str
    address: str
    latitude: str
    longitude: str
    arrondissement: int | None = Field(description="1 to 20; null outside Paris")
    brand: BrandOut | None
    hours: str
    created_at: datetime

    @classmethod
    def of(cls, s: services.AcceptingShop) -> ShopOut:
        return cls(
            id=s.id,
            point_of_sale_id=s.point_of_sale_id,
            entry_code=s.entry_code,
            name=s.name,
            name_zh=s.name_zh,
            description=s.description,
            category=s.category.value,
            street=s.street,
            house_number=s.house_number,
            postcode=s.postcode,
            city=s.city,
            address=s.address,
            latitude=degrees(s.position.lat_e6),
            longitude=degrees(s.position.lon_e6),
            arrondissement=s.arrondissement,
            brand=BrandOut(org_id=s.brand_org_id, name=s.brand_name or "", name_zh=None) if s.brand_org_id else None,
            hours=s.hours.text,
            created_at=s.created_at,
        )


class DayOut(Strict):
    day: date
    payments: int
    amount: MoneyBody


class StatisticsOut(Strict):
    shop_id: str
    since: date
    days: list[DayOut] = Field(description="every day of the period, oldest first, days without payment included")
    payments: int
    amount: MoneyBody
    tourists: int
    followers: int
    attributed_orders: int
    attributed_amount: MoneyBody

    @classmethod
    def of(cls, s: services.ShopStatistics) -> StatisticsOut:
        return cls(
            shop_id=s.shop.id,
            since=s.since,
            days=[DayOut(day=d.day, payments=d.payments, amount=MoneyBody.of(d.amount)) for d in s.days],
            payments=s.payments,
            amount=MoneyBody.of(s.amount),
            tourists=s.tourists,
            followers=s.followers,
            attributed_orders=s.attributed_orders,
            attributed_amount=MoneyBody.of(s.attributed_amount),
        )


class MonthOut(Strict):
    shop_id: str
    shop_name: str
    month: str = Field(examples=["2026-03"])
    orders: int
    amount: MoneyBody
    mean_delay_days: int | None


class DelayBucketOut(Strict):
    from_days: int
    up_to_days: int | None = Field(description="inclusive; null for the last, open bucket")
    orders: int


class AttributionOut(Strict):
    rows: list[MonthOut] = Field(description="per shop and month, newest month first")
    orders: int
    amount: MoneyBody
    mean_delay_days: int | None
    delay_buckets: list[DelayBucketOut]
    window_days: int | None = Field(description="the brand's attribution window; null for a shop")


def delay_buckets(counts: tuple[int, ...]) -> list[DelayBucketOut]:
    lows = (0, *(bound + 1 for bound in DELAY_BUCKETS))
    highs: tuple[int | None, ...] = (*DELAY_BUCKETS, None)
    return [
        DelayBucketOut(from_days=lo, up_to_days=hi, orders=n) for lo, hi, n in zip(lows, highs, counts, strict=True)
    ]


class WindowIn(Strict):
    days: Annotated[WholeNumber, Field(strict=True)] = Field(
        ge=1, le=MAX_WINDOW_DAYS, description="how long after a visit an online order is the shop's"
    )


class WindowOut(Strict):
    days: int


class ArrondissementOut(Strict):
    number: int
    shops: int
    by_category: dict[str, int]


class ShopDotOut(Strict):
    shop_id: str
    latitude: str
    longitude: str
    category: str


class CashlessParisOut(Strict):
    since: date
    until: date
    shops: int
    shops_outside_paris: int
    arrondissements: list[ArrondissementOut]
    categories: dict[str, int]
    days: list[DayOut]
    tourist_spend: MoneyBody
    online_spend: MoneyBody
    share_permille: int | None = Field(description="online spend over tourist spend, in thousandths")
    positions: list[ShopDotOut]


class PlaceOut(Strict):
    name: str
    latitude: str
    longitude: str


class NearbyShopOut(Strict):
    id: str
    name: str
    name_zh: str | None
    category: str
    address: str
    latitude: str
    longitude: str
    arrondissement: int | None
    brand_name: str | None
    hours: str
    distance_m: int
    open_now: bool


class NearbyOut(Strict):
    near: PlaceOut
    shops: list[NearbyShopOut] = Field(description="nearest first, ties by name")


# --- the shop ---------------------------------------------------------------------------------------------


@router.post("/shops", status_code=status.HTTP_201_CREATED, response_model=ShopOut)
async def sign_up(body: SignUpIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent) -> ShopOut:
    """Your shop starts accepting the wallet: its profile, a till with its entry code, and the IBAN payouts go to."""
    form = body.form(iban=body.iban, iban_holder=body.iban_holder, bic=body.bic)
    shop = await transact(runtime, partial(services.sign_up_shop, principal=principal, form=form))
    return ShopOut.of(shop)


async def _mine(uow: UnitOfWork, principal: object) -> services.AcceptingShop:
    shop = await services.my_shop(uow, principal)  # type: ignore[arg-type]
    if shop is None:
        raise TourismNotFound("this organisation has not signed up to accept the wallet")
    return shop


@router.get("/shops/me", response_model=ShopOut)
async def get_my_shop(principal: CurrentPrincipal, runtime: RuntimeDep) -> ShopOut:
    """Your shop's profile (404 shop_not_found before it signs up)."""
    return ShopOut.of(await transact(runtime, partial(_mine, principal=principal)))


@router.put("/shops/me", response_model=ShopOut)
async def update_my_shop(body: ProfileIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent) -> ShopOut:
    """Change the profile, address, category, brand or hours (the IBAN is changed under /payments/bank-account)."""
    shop = await transact(runtime, partial(services.update_shop, principal=principal, form=body.form()))
    return ShopOut.of(shop)


@router.get("/shops/me/statistics", response_model=StatisticsOut)
async def my_statistics(principal: CurrentPrincipal, runtime: RuntimeDep, days: Days = 30) -> StatisticsOut:
    """Your shop's wallet payments per day, its tourists, followers and attributed online sales."""
    found = await transact(runtime, partial(services.shop_statistics, principal=principal, days=days))
    return StatisticsOut.of(found)


@router.get("/shops/{shop_id}/statistics", response_model=StatisticsOut)
async def shop_statistics(
    shop_id: ShopIdPath, principal: CurrentPrincipal, runtime: RuntimeDep, days: Days = 30
) -> StatisticsOut:
    """A shop's figures: your own, one that sells your brand, or (the operator) any; any other is not found."""
    found = await transact(runtime, partial(services.shop_statistics, principal=principal, shop_id=shop_id, days=days))
    return StatisticsOut.of(found)


# --- brands and the operator ------------------------------------------------------------------------------


@router.get("/attribution", response_model=AttributionOut)
async def attribution(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    months: Annotated[int, Query(ge=1, le=36, description="how many months back, this one included")] = 12,
) -> AttributionOut:
    """Online orders attributed to shop visits, by shop and month: a brand's shops, a shop's own, or all."""
    report = await transact(runtime, partial(services.attribution_report, principal=principal, months=months))
    return AttributionOut(
        rows=[
            MonthOut(
                shop_id=r.shop_id,
                shop_name=r.shop_name,
                month=r.month,
                orders=r.orders,
                amount=MoneyBody.of(r.amount),
                mean_delay_days=r.mean_delay_days,
            )
            for r in report.rows
        ],
        orders=report.orders,
        amount=MoneyBody.of(report.amount),
        mean_delay_days=report.mean_delay_days,
        delay_buckets=delay_buckets(report.delay_buckets),
        window_days=report.window_days,
    )


@router.put("/attribution/window", response_model=WindowOut)
async def set_window(body: WindowIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent) -> WindowOut:
    """A brand sets how many days after a shop visit an online order is still attributed to the shop."""
    days = await transact(runtime, partial(services.set_attribution_window, principal=principal, days=body.days))
    return WindowOut(days=days)


@router.get("/cashless-paris", response_model=CashlessParisOut)
async def cashless_paris(
    principal: PlatformOperator,
    runtime: RuntimeDep,
    days: Days = 90,
) -> CashlessParisOut:
    """The operator's dashboard: accepting shops by arrondissement and category, wallet payments per day, and the
    share of tourists' in-store spend that came back as attributed online orders."""
    d = await transact(runtime, partial(services.cashless_paris, principal=principal, days=days))
    return CashlessParisOut(
        since=d.since,
        until=d.until,
        shops=d.shops,
        shops_outside_paris=d.shops_outside_paris,
        arrondissements=[
            ArrondissementOut(number=a.number, shops=a.shops, by_category=dict(a.by_category))
            for a in d.arrondissements
        ],
        categories=dict(d.categories),
        days=[DayOut(day=x.day, payments=x.payments, amount=MoneyBody.of(x.amount)) for x in d.days],
        tourist_spend=MoneyBody.of(d.tourist_spend),
        online_spend=MoneyBody.of(d.online_spend),
        share_permille=d.share_permille,
        positions=[
            ShopDotOut(shop_id=shop_id, latitude=degrees(lat), longitude=degrees(lon), category=category)
            for shop_id, lat, lon, category in d.positions
        ],
    )


# --- public: finding shops --------------------------------------------------------------------------------


def search_point(place: str | None, lat: str | None, lon: str | None) -> tuple[str, Point]:
    """Where to search from: a named place of Paris, or coordinates in France; refusals are ``SearchInvalid``."""
    if place is not None and place.strip():
        found = find_place(place)
        if found is None:
            raise SearchInvalid(f"unknown place: {place!r}", code="place_not_found", place=place)
        return found.name, found.point
    if lat is None or lon is None:
        raise SearchInvalid("give a place, or both lat and lon")
    try:
        point = require_in_france(parse_coordinates(lat, lon))
    except CoordinatesInvalid as exc:
        raise SearchInvalid(f"lat/lon: {exc}", reason=exc.reason) from exc
    return f"{degrees(point.lat_e6)}, {degrees(point.lon_e6)}", point


@router.get("/shops/nearby", response_model=NearbyOut)
async def nearby(
    runtime: RuntimeDep,
    place: Annotated[str | None, Query(max_length=120, description="a landmark or a street of Paris")] = None,
    lat: Annotated[str | None, Query(pattern=DEGREES_PATTERN, description="with lon, instead of place")] = None,
    lon: Annotated[str | None, Query(pattern=DEGREES_PATTERN)] = None,
    category: ShopCategory | None = None,
    open_now: bool = False,
    radius_m: Annotated[int, Query(ge=1, le=MAX_RADIUS_M)] = 3000,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> NearbyOut:
    """Shops accepting the wallet near a place (open to everyone), nearest first; ``open_now`` on Paris time."""
    name, point = search_point(place, lat, lon)
    found = await transact(
        runtime,
        partial(
            services.nearby_shops,
            near=point,
            at=runtime.clock.now(),
            category=category,
            open_now=open_now,
            radius_m=radius_m,
            limit=limit,
        ),
    )
    return NearbyOut(
        near=PlaceOut(name=name, latitude=degrees(point.lat_e6), longitude=degrees(point.lon_e6)),
        shops=[
            NearbyShopOut(
                id=n.shop.id,
                name=n.shop.name,
                name_zh=n.shop.name_zh,
                category=n.shop.category.value,
                address=n.shop.address,
                latitude=degrees(n.shop.position.lat_e6),
                longitude=degrees(n.shop.position.lon_e6),
                arrondissement=n.shop.arrondissement,
                brand_name=n.shop.brand_name,
                hours=n.shop.hours.text,
                distance_m=n.distance_m,
                open_now=n.open_now,
            )
            for n in found
        ],
    )


@router.get("/places", response_model=list[str])
async def places(
    q: Annotated[str, Query(min_length=1, max_length=120, description="the start of a street's or place's name")],
) -> list[str]:
    """Landmarks, then streets, of Paris whose name matches ``q`` (for a search box), open to everyone."""
    wanted = normalise(q)
    landmarks = [
        p.name for p in paris_places() if any(wanted in normalise(n) for n in (p.name_fr, p.name_en, p.name_zh))
    ]
    return [*landmarks, *street_suggestions(q, limit=20)]


@router.get("/brands", response_model=list[BrandOut])
async def brands(runtime: RuntimeDep) -> list[BrandOut]:
    """The brands a shop may say it sells: those with a store on the Chinese storefront (open to everyone)."""
    found = await transact(runtime, services.brand_choices)
    return [BrandOut(org_id=b.org_id, name=b.name, name_zh=b.name_zh) for b in found]
