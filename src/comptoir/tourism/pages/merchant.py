"""A shop's acceptance page, French first, on a desktop or a phone (template ``tourism/shop.html``).

Before it signs up, the page is the sign-up form: the profile, the address (a street of the shipped table of
Paris streets, or a pin on the map of the arrondissements, which a small script turns into a latitude and a
longitude), the brand it sells, its hours and the IBAN payouts go to. A refusal is shown by the field it is
about, in the reader's language, with the form as typed and nothing saved. Once signed up, the page shows the
profile to edit, the entry code with the links to the till, and the shop's statistics.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir import catalog
from comptoir.kernel import i18n
from comptoir.kernel.auth import require_kind
from comptoir.kernel.errors import ComptoirError, PermissionDenied
from comptoir.kernel.pages import render
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.tourism import services
from comptoir.tourism.domain.categories import ShopCategory
from comptoir.tourism.domain.paris import street_suggestions
from comptoir.tourism.pages import words
from comptoir.tourism.pages.charts import ColumnChart, column_chart
from comptoir.tourism.pages.paris_map import paris_map
from comptoir.tourism.services.shops import DEFAULT_HOURS

router = APIRouter(include_in_schema=False)

PATH = "/tourism/shop"
PERIODS = (30, 90, 365)
FIELDS = (
    "name",
    "name_zh",
    "description",
    "category",
    "street",
    "house_number",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "brand",
    "hours",
    "iban",
    "iban_holder",
)

ShopKeeper = Annotated[
    Principal,
    Depends(
        require_kind(
            *services.ACCEPTING_KINDS,
            refusal=lambda: PermissionDenied(
                i18n.gettext("Only a shop, a brand, a small merchant or a retailer accepts the wallet in store.")
            ),
        )
    ),
]


def period_of(days: int) -> int:
    return days if days in PERIODS else PERIODS[0]


async def brand_options(uow: UnitOfWork) -> list[tuple[str, str, str]]:
    """The brands a shop may name, as (the store's slug, the brand's owner, the name shown), by name.

    The form names a brand by its store's slug rather than its organisation's id, which stays private."""
    owners = {b.org_id for b in await services.brand_choices(uow)}
    seen: dict[str, tuple[str, str, str]] = {}
    for store in await catalog.brand_stores(uow):
        if store.owner_org_id in owners and store.owner_org_id not in seen:
            label = f"{store.name} · {store.name_zh}" if store.name_zh else store.name
            seen[store.owner_org_id] = (store.slug, store.owner_org_id, label)
    return sorted(seen.values(), key=lambda option: option[2].casefold())


def _values_of(shop: services.AcceptingShop, options: list[tuple[str, str, str]]) -> dict[str, str]:
    brand = next((slug for slug, owner, _ in options if owner == shop.brand_org_id), "")
    return {
        "name": shop.name,
        "name_zh": shop.name_zh or "",
        "description": shop.description,
        "category": shop.category.value,
        "street": shop.street,
        "house_number": shop.house_number,
        "postcode": shop.postcode,
        "city": shop.city,
        "latitude": f"{shop.position.lat_e6 / 1_000_000:.6f}",
        "longitude": f"{shop.position.lon_e6 / 1_000_000:.6f}",
        "brand": brand,
        "hours": shop.hours.text,
    }


def statistics_chart(stats: services.ShopStatistics) -> ColumnChart:
    _ = i18n.gettext
    return column_chart(
        _("Wallet payments per day"),
        _("One column per day of the period, oldest on the left: how many wallet payments the shop took."),
        (_("Day"), _("Payments"), _("Amount")),
        [
            (
                words.short_day(d.day),
                d.payments,
                words.number(d.payments),
                (i18n.format_money(d.amount.minor, d.amount.currency),),
            )
            for d in stats.days
        ],
    )


async def _page(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    *,
    flashes: list[tuple[str, str]],
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    days: int = PERIODS[0],
    status: int = 200,
) -> HTMLResponse:
    async def read(uow: UnitOfWork) -> dict[str, Any]:
        shop = await services.my_shop(uow, principal)
        options = await brand_options(uow)
        stats = await services.shop_statistics(uow, principal, days=days) if shop is not None else None
        return {"shop": shop, "options": options, "stats": stats}

    context = await transact(runtime, read)
    shop: services.AcceptingShop | None = context["shop"]
    stats: services.ShopStatistics | None = context["stats"]
    shown = values if values is not None else (_values_of(shop, context["options"]) if shop else {})
    dots = []
    if shown.get("latitude") and shown.get("longitude"):
        try:
            from comptoir.tourism.domain.geo import parse_coordinates

            pin = parse_coordinates(shown["latitude"], shown["longitude"])
            dots.append((pin.lat_e6, pin.lon_e6, "#b3261e", shown.get("name") or ""))
        except ValueError:
            pass
    return render(
        request,
        "tourism/shop.html",
        {
            "shop": shop,
            "stats": stats,
            "chart": statistics_chart(stats) if stats is not None else None,
            "days": days,
            "periods": PERIODS,
            "values": shown,
            "field_errors": errors or {},
            "flashes": flashes,
            "options": [(slug, label) for slug, _, label in context["options"]],
            "is_brand": principal.organisation_kind is OrganisationKind.BRAND,
            "categories": words.category_names(),
            "streets": street_suggestions("", limit=None),
            "default_hours": DEFAULT_HOURS,
            "map": paris_map(dots=dots),
            "money": i18n.format_money,
            "number": words.number,
            "day_text": words.day_text,
        },
        status=status,
    )


@router.get(PATH, response_class=HTMLResponse)
async def shop_page(
    request: Request,
    runtime: RuntimeDep,
    principal: ShopKeeper,
    days: Annotated[int, Query(ge=1, le=366)] = PERIODS[0],
) -> Response:
    flashes = words.done_message(
        request,
        {
            "signed-up": i18n.gettext("Your shop accepts the wallet. Print its entry code and put it on the counter."),
            "saved": i18n.gettext("Profile saved."),
        },
    )
    return await _page(request, runtime, principal, flashes=flashes, days=period_of(days))


def _form(values: dict[str, str], brand_org_id: str | None) -> services.ShopForm:
    return services.ShopForm(
        name=values["name"],
        name_zh=values["name_zh"] or None,
        description=values["description"],
        category=values["category"],
        street=values["street"],
        house_number=values["house_number"],
        postcode=values["postcode"],
        city=values["city"] or "Paris",
        latitude=values["latitude"].strip() or None,
        longitude=values["longitude"].strip() or None,
        brand_org_id=brand_org_id,
        hours=values["hours"] or DEFAULT_HOURS,
        iban=values.get("iban", ""),
        iban_holder=values.get("iban_holder", ""),
    )


async def _submitted(request: Request) -> dict[str, str]:
    form = await request.form()
    values = {}
    for name in FIELDS:
        raw = form.get(name, "")
        values[name] = raw[:1000] if isinstance(raw, str) else ""
    return values


async def _brand_of(runtime: Runtime, slug: str) -> str | None:
    if not slug:
        return None
    options = await transact(runtime, brand_options)
    return next((owner for s, owner, _ in options if s == slug), slug)


async def _save(
    request: Request,
    runtime: Runtime,
    principal: Principal,
    service: Any,
    done: str,
) -> Response:
    values = await _submitted(request)
    try:
        form = _form(values, await _brand_of(runtime, values["brand"]))
        await transact(runtime, partial(service, principal=principal, form=form))
    except ComptoirError as error:
        errors, flashes = words.field_errors(error)
        if "brand_org_id" in errors:
            errors["brand"] = errors.pop("brand_org_id")
        kept = {k: v for k, v in values.items() if k != "iban"}
        return await _page(
            request, runtime, principal, flashes=flashes, values=kept, errors=errors, status=error.status
        )
    return RedirectResponse(f"{PATH}?done={done}", status_code=303)


@router.post(PATH)
async def sign_up(request: Request, runtime: RuntimeDep, principal: ShopKeeper) -> Response:
    return await _save(request, runtime, principal, services.sign_up_shop, "signed-up")


@router.post(f"{PATH}/profile")
async def save_profile(request: Request, runtime: RuntimeDep, principal: ShopKeeper) -> Response:
    return await _save(request, runtime, principal, services.update_shop, "saved")


__all__ = ["PATH", "ShopCategory", "router"]
