"""The tourist's pages, in the wallet's realm (Chinese first, on a phone): shops accepting the wallet near a
place, following a shop's brand after paying there (two separate consents, neither ticked in advance), the
brands followed, and the tourist's consents and data (withdraw, download, erase).

The pages read the wallet's own signed cookie (``payments.read_wallet_session``) and every changing form
carries its CSRF token (``payments.wallet_csrf_is_valid``). A page that needs the tourist sends a visitor to
the wallet's sign-in, which comes back. A tourist whose data was erased, coming back with an old cookie, is
told so (``tourist_erased``) and the cookie is dropped.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir import catalog, payments
from comptoir.kernel import i18n
from comptoir.kernel.error_catalogue import sentence_for
from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.pages import render
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.tourism.domain import paris
from comptoir.tourism.domain.attribution import Purpose
from comptoir.tourism.domain.categories import ShopCategory
from comptoir.tourism.domain.geo import CoordinatesInvalid, Point, parse_coordinates
from comptoir.tourism.errors import AlreadyErased, ConsentRequired, SearchInvalid, TourismNotFound
from comptoir.tourism.pages import words
from comptoir.tourism.services.follows import (
    FollowOffer,
    consents_of,
    follow_brand,
    follow_offer,
    followed_brands,
    unfollow_brand,
    withdraw_consent,
)
from comptoir.tourism.services.privacy import erase_tourist, export_tourist_data
from comptoir.tourism.services.shops import NearbyShop, nearby_shops
from comptoir.tourism.services.visits import record_visit

router = APIRouter(include_in_schema=False)

payments.add_wallet_link("/wallet/shops", lambda: _("Shops near me"), signed_in_only=False)
payments.add_wallet_link("/wallet/brands", lambda: _("My brands"))
payments.add_wallet_link("/wallet/privacy", lambda: _("My data"))


async def followed_brands_panel(request: Request, runtime: Runtime) -> catalog.StorefrontPanel | None:
    """On the Chinese storefront's home page, the brands a signed-in tourist follows, each to its store."""
    session = payments.read_wallet_session(runtime.settings, request)
    if session is None or not session.holder_id:
        return None
    try:
        found = await _as_tourist(runtime, session.holder_id, partial(followed_brands, holder_id=session.holder_id))
    except AlreadyErased:
        return None
    links = tuple(
        catalog.PanelLink(
            f"/shop/stores/{store.slug}",
            store.name_zh or store.name,
            _("since your visit to %(shop)s") % {"shop": brand.shop_name},
        )
        for brand in found
        for store in brand.stores
    )
    return catalog.StorefrontPanel("followed-brands", _("Brands you follow"), links)


catalog.add_storefront_panel(followed_brands_panel)

SEARCH_RADIUS_M = 3000
Id = Annotated[str, Path(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
T = TypeVar("T")


# --- words ---------------------------------------------------------------------------------------------


def purpose_sentences() -> dict[Purpose, str]:
    return {
        Purpose.FOLLOW_BRAND: _("Follow the brand on the Chinese storefront and see its store and new products."),
        Purpose.TRANSFER_TO_CHINA: _(
            "Send my visit to the shop (the shop, the date and the amount) to the brand's store in China, so that "
            "my later online orders from the brand are credited to the shop (PIPL art. 39)."
        ),
    }


def distance_text(metres: int) -> str:
    """``350 m`` under a kilometre, ``1.2 km`` (``1,2 km`` in French) or ``3 km`` above, in integers."""
    if metres < 1000:
        return f"{metres} m"
    tenths = (metres + 50) // 100
    if tenths % 10 == 0:
        return f"{tenths // 10} km"
    comma = "," if i18n.current_locale.get() == "fr" else "."
    return f"{tenths // 10}{comma}{tenths % 10} km"


def arrondissement_text(number: int | None) -> str:
    if number is None:
        return ""
    locale = i18n.current_locale.get()
    if locale == "fr":
        ordinal = "1er" if number == 1 else f"{number}e"
    elif locale == "en":
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        ordinal = f"{number}{suffix}"
    else:
        ordinal = str(number)
    return _("%(ordinal)s arrondissement") % {"ordinal": ordinal}


# --- the wallet session ---------------------------------------------------------------------------------


def _session(request: Request, runtime: Runtime) -> payments.WalletSession | None:
    return payments.read_wallet_session(runtime.settings, request)


def _tourist(request: Request, runtime: Runtime) -> payments.WalletSession | None:
    session = _session(request, runtime)
    return session if session is not None and session.holder_id else None


def _to_sign_in(request: Request) -> Response:
    return RedirectResponse(f"/wallet/sign-in?next={quote(request.url.path)}", status_code=303)


def _page(
    request: Request,
    template: str,
    session: payments.WalletSession | None,
    context: dict[str, Any],
    *,
    status: int = 200,
    signed_in: bool | None = None,
) -> HTMLResponse:
    request.state.csrf_token = ""  # the wallet's forms carry the wallet's token, never a Comptoir account's
    values = {
        "flashes": [],
        **context,
        "wallet_csrf": session.csrf_token if session is not None else "",
        "signed_in": bool(session and session.holder_id) if signed_in is None else signed_in,
    }
    values["wallet_links"] = payments.wallet_links(signed_in=bool(values["signed_in"]))
    return render(request, template, values, status=status)


def _problem(
    request: Request, session: payments.WalletSession | None, error: ComptoirError, *, signed_in: bool | None = None
) -> HTMLResponse:
    """A refusal as a page of its own (not found, erased), with the catalogue's sentence and nothing else."""
    context = {"title": _(error.title) if error.title else _("Not found"), "sentence": sentence_for(error)}
    response = _page(
        request, "tourism/tourist_problem.html", session, context, status=error.status, signed_in=signed_in
    )
    if isinstance(error, AlreadyErased):
        payments.clear_wallet_session(request.app.state.runtime.settings, response)
    return response


def _form_expired() -> list[tuple[str, str]]:
    return [("error", _("This form has expired; please try again."))]


def _done(request: Request, messages: dict[str, str]) -> list[tuple[str, str]]:
    message = messages.get(request.query_params.get("done") or "")
    return [("ok", message)] if message else []


async def _as_tourist(runtime: Runtime, holder_id: str, use_case: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """Run ``use_case`` for a wallet holder who still exists; an erased one is ``tourist_erased``."""

    async def run(uow: UnitOfWork) -> T:
        try:
            await payments.wallet_holder(uow, holder_id=holder_id)
        except payments.PaymentsNotFound:
            raise AlreadyErased("the wallet holder of this session was erased") from None
        return await use_case(uow)

    return await transact(runtime, run)


# --- shops near a place ---------------------------------------------------------------------------------


def _near(place: str, lat: str, lon: str) -> tuple[Point, str] | None:
    """Where to search from: the shared position, else the named place; None when neither was given."""
    if lat.strip() or lon.strip():
        try:
            return parse_coordinates(lat, lon), ""
        except CoordinatesInvalid:
            raise SearchInvalid("lat and lon must be decimal degrees") from None
    if not place.strip():
        return None
    found = paris.find_place(place)
    if found is None:
        raise SearchInvalid(f"unknown place: {place!r}", code="place_not_found")
    return found.point, found.name_in(i18n.current_locale.get())


def _place_names() -> list[str]:
    locale = i18n.current_locale.get()
    return sorted({p.name_in(locale) for p in paris.places()})


@router.get("/wallet/shops", response_class=HTMLResponse)
async def shops_near(
    request: Request,
    runtime: RuntimeDep,
    place: str = "",
    lat: str = "",
    lon: str = "",
    category: str = "",
    open: str = "",
) -> Response:
    session = _session(request, runtime)
    values = {"place": place[:120], "category": category, "open": bool(open)}
    context: dict[str, Any] = {
        "values": values,
        "categories": words.category_names(),
        "place_names": _place_names(),
        "searched": False,
        "found": [],
        "near_name": "",
        "radius": distance_text(SEARCH_RADIUS_M),
        "distance_text": distance_text,
        "arrondissement_text": arrondissement_text,
    }
    try:
        chosen = ShopCategory(category) if category else None
    except ValueError:
        chosen = None
        values["category"] = ""
    try:
        near = _near(place[:120], lat[:20], lon[:20])
        if near is not None:
            point, name = near
            found: list[NearbyShop] = await transact(
                runtime,
                partial(
                    nearby_shops,
                    near=point,
                    at=runtime.clock.now(),
                    category=chosen,
                    open_now=bool(open),
                    radius_m=SEARCH_RADIUS_M,
                ),
            )
            context.update(searched=True, found=found, near_name=name, by_position=not name)
    except SearchInvalid as error:
        context["flashes"] = [("error", sentence_for(error))]
        return _page(request, "tourism/tourist_shops.html", session, context, status=error.status)
    return _page(request, "tourism/tourist_shops.html", session, context)


# --- after paying: following the shop's brand -----------------------------------------------------------


async def _offer(uow: UnitOfWork, *, holder_id: str, payment_id: str) -> FollowOffer | None:
    # The outbox records the visit soon after the payment; the page asks now, so record it here (once).
    await record_visit(uow, payment_id=payment_id)
    return await follow_offer(uow, holder_id=holder_id, payment_id=payment_id)


@payments.offer_after_payment
async def offer_to_follow(runtime: Runtime, holder_id: str, payment: payments.Payment) -> payments.AfterPayment | None:
    """On the wallet's "payment done" page: follow the shop's brand, unless it is followed already."""
    offer = await transact(runtime, partial(_offer, holder_id=holder_id, payment_id=payment.id))
    if offer is None or offer.following:
        return None
    return payments.AfterPayment(
        text=_("Follow %(brand)s") % {"brand": offer.brand_name}, href=f"/wallet/follow/{payment.id}"
    )


def _follow_page(
    request: Request,
    session: payments.WalletSession,
    offer: FollowOffer,
    *,
    flashes: list[tuple[str, str]],
    ticked: tuple[bool, bool] = (False, False),
    status: int = 200,
) -> HTMLResponse:
    context = {
        "offer": offer,
        "payment_id": offer.visit.payment_id,
        "flashes": flashes,
        "ticked": ticked,
        "arrondissement_text": arrondissement_text,
    }
    return _page(request, "tourism/tourist_follow.html", session, context, status=status)


@router.get("/wallet/follow/{payment_id}", response_class=HTMLResponse)
async def follow_page(request: Request, payment_id: Id, runtime: RuntimeDep) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    holder_id = session.holder_id or ""
    try:
        offer = await _as_tourist(runtime, holder_id, partial(_offer, holder_id=holder_id, payment_id=payment_id))
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    if offer is None:
        return _problem(request, session, TourismNotFound("no visit to follow", code="visit_not_found"))
    flashes = _done(request, {"followed": _("You now follow %(brand)s.") % {"brand": offer.brand_name}})
    return _follow_page(request, session, offer, flashes=flashes)


@router.post("/wallet/follow/{payment_id}")
async def follow(
    request: Request,
    payment_id: Id,
    runtime: RuntimeDep,
    follow: str = Form(default="", max_length=10),
    transfer: str = Form(default="", max_length=10),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    holder_id = session.holder_id or ""
    ticked = (follow == "yes", transfer == "yes")

    async def offered() -> FollowOffer | None:
        return await _as_tourist(runtime, holder_id, partial(_offer, holder_id=holder_id, payment_id=payment_id))

    try:
        if not payments.wallet_csrf_is_valid(session, csrf_token):
            offer = await offered()
            if offer is None:
                raise TourismNotFound("no visit to follow", code="visit_not_found")
            return _follow_page(request, session, offer, flashes=_form_expired(), ticked=ticked, status=400)
        await _as_tourist(
            runtime,
            holder_id,
            partial(follow_brand, holder_id=holder_id, payment_id=payment_id, follow=ticked[0], transfer=ticked[1]),
        )
    except ConsentRequired as error:
        offer = await offered()
        if offer is None:
            return _problem(request, session, TourismNotFound("no visit to follow", code="visit_not_found"))
        flashes = [("error", sentence_for(error))]
        return _follow_page(request, session, offer, flashes=flashes, ticked=ticked, status=error.status)
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    except TourismNotFound as error:
        return _problem(request, session, error)
    return RedirectResponse(f"/wallet/follow/{payment_id}?done=followed", status_code=303)


# --- the brands followed --------------------------------------------------------------------------------


@router.get("/wallet/brands", response_class=HTMLResponse)
async def brands(request: Request, runtime: RuntimeDep) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    holder_id = session.holder_id or ""
    try:
        found = await _as_tourist(runtime, holder_id, partial(followed_brands, holder_id=holder_id))
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    flashes = _done(request, {"unfollowed": _("You no longer follow this brand; both of its consents are withdrawn.")})
    context = {"brands": found, "flashes": flashes}
    return _page(request, "tourism/tourist_brands.html", session, context)


@router.post("/wallet/brands/{brand_org_id}/unfollow")
async def unfollow(
    request: Request, brand_org_id: Id, runtime: RuntimeDep, csrf_token: str = Form(default="", max_length=200)
) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    holder_id = session.holder_id or ""
    if not payments.wallet_csrf_is_valid(session, csrf_token):
        return RedirectResponse("/wallet/brands", status_code=303)
    try:
        await _as_tourist(runtime, holder_id, partial(unfollow_brand, holder_id=holder_id, brand_org_id=brand_org_id))
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    return RedirectResponse("/wallet/brands?done=unfollowed", status_code=303)


# --- privacy: consents, my data, erasure ----------------------------------------------------------------


async def _privacy_page(
    request: Request,
    runtime: Runtime,
    session: payments.WalletSession,
    *,
    flashes: list[tuple[str, str]],
    status: int = 200,
) -> HTMLResponse:
    holder_id = session.holder_id or ""

    async def read(uow: UnitOfWork) -> tuple[list[Any], Any]:
        return await consents_of(uow, holder_id=holder_id), await payments.wallet_balance(uow, holder_id=holder_id)

    try:
        consents, wallet = await _as_tourist(runtime, holder_id, read)
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    # Money left in the wallet is not paid back by an erasure (it stays on the books, unspendable): say so first.
    left = wallet.balance if wallet.balance.minor > 0 else None
    context = {"consents": consents, "purposes": purpose_sentences(), "flashes": flashes, "balance_left": left}
    return _page(request, "tourism/tourist_privacy.html", session, context, status=status)


@router.get("/wallet/privacy", response_class=HTMLResponse)
async def privacy(request: Request, runtime: RuntimeDep) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    flashes = _done(request, {"withdrawn": _("Consent withdrawn. The brand's follow it belonged to has ended.")})
    return await _privacy_page(request, runtime, session, flashes=flashes)


@router.post("/wallet/privacy/consents/{consent_id}/withdraw")
async def withdraw(
    request: Request, consent_id: Id, runtime: RuntimeDep, csrf_token: str = Form(default="", max_length=200)
) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    if not payments.wallet_csrf_is_valid(session, csrf_token):
        return await _privacy_page(request, runtime, session, flashes=_form_expired(), status=400)
    holder_id = session.holder_id or ""
    try:
        await _as_tourist(runtime, holder_id, partial(withdraw_consent, holder_id=holder_id, consent_id=consent_id))
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    except TourismNotFound as error:
        return _problem(request, session, error)
    return RedirectResponse("/wallet/privacy?done=withdrawn", status_code=303)


@router.get("/wallet/privacy/export.json")
async def export(request: Request, runtime: RuntimeDep) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    holder_id = session.holder_id or ""
    try:
        data = await _as_tourist(runtime, holder_id, partial(export_tourist_data, holder_id=holder_id))
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="comptoir-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/wallet/privacy/erase")
async def erase(
    request: Request,
    runtime: RuntimeDep,
    confirm: str = Form(default="", max_length=10),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = _tourist(request, runtime)
    if session is None:
        return _to_sign_in(request)
    if not payments.wallet_csrf_is_valid(session, csrf_token):
        return await _privacy_page(request, runtime, session, flashes=_form_expired(), status=400)
    if confirm != "yes":
        refused = [
            ("error", _("Tick the box to confirm that everything about you is to be erased. Nothing was erased."))
        ]
        return await _privacy_page(request, runtime, session, flashes=refused, status=422)
    try:
        receipt = await transact(runtime, partial(erase_tourist, holder_id=session.holder_id or ""))
    except AlreadyErased as error:
        return _problem(request, session, error, signed_in=False)
    response = _page(request, "tourism/tourist_erased.html", None, {"receipt": receipt}, signed_in=False)
    payments.clear_wallet_session(runtime.settings, response)
    response.headers["Cache-Control"] = "no-store"
    return response
