"""The tourist's wallet, on a phone, Chinese first: sign up and in (a realm of its own, not a Comptoir
account), the balance and a top-up, the history with refunds, the one-time payment code, and paying a
shop by its order QR or its printed entry code at a locked exchange rate."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir.kernel.errors import ComptoirError
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.pages import render
from comptoir.kernel.runtime import Runtime, RuntimeDep
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.payments import services
from comptoir.payments.domain.payments import Payment
from comptoir.payments.errors import PaymentClosed, PaymentsNotFound, WalletSignInFailed
from comptoir.payments.network import top_up_bank
from comptoir.payments.pages.wallet_session import (
    WalletSession,
    clear_session,
    csrf_is_valid,
    new_session,
    read_session,
    safe_next,
    wallet_links,
    write_session,
)
from comptoir.payments.pages.words import done_message, flash_of, parse_amount, rate_text, spread_text
from comptoir.payments.qr import qr_svg

router = APIRouter(include_in_schema=False)

#: What a scanned QR carries: an order's one-time token, or a shop's printed entry code.
Token = Annotated[str, Path(min_length=8, max_length=400, pattern=r"^[A-Za-z0-9._~-]+$")]
EntryCode = Annotated[str, Path(min_length=4, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]
CODE_REFRESH_S = 60


class SignInFirst(Exception):
    """The wallet page needs a signed-in holder: go to the sign-in page and come back."""


def _form_expired() -> list[tuple[str, str]]:
    return [("error", _("This form has expired; please try again."))]


def _wallet_page(
    request: Request,
    runtime: Runtime,
    template: str,
    session: WalletSession,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HTMLResponse:
    request.state.csrf_token = ""
    response = render(
        request,
        template,
        {
            **context,
            "wallet_csrf": session.csrf_token,
            "signed_in": session.holder_id is not None,
            "wallet_links": wallet_links(signed_in=session.holder_id is not None),
        },
        status=status,
    )
    write_session(runtime.settings, response, session)
    return response


def _to_sign_in(request: Request) -> Response:
    target = request.url.path
    return RedirectResponse(f"/wallet/sign-in?next={quote(target)}", status_code=303)


def _holder_session(request: Request, runtime: Runtime) -> WalletSession | None:
    session = read_session(runtime.settings, request)
    return session if session is not None and session.holder_id else None


def _pay_context(view: services.PayerView) -> dict[str, Any]:
    return {
        "view": view,
        "rate": rate_text(view.quote.rate),
        "reference_rate": rate_text(view.quote.reference_rate),
        "spread": spread_text(view.quote.spread_bps),
    }


# --- signing up and in -------------------------------------------------------------------------------


def _sign_in_form(
    request: Request, runtime: Runtime, *, next_url: str, phone: str = "", error: str | None = None, status: int = 200
) -> HTMLResponse:
    session = read_session(runtime.settings, request) or new_session(None)
    flashes = [("error", error)] if error else done_message(request, {"out": _("You are signed out of your wallet.")})
    context = {"next_url": next_url, "phone": phone, "flashes": flashes}
    return _wallet_page(request, runtime, "payments/wallet_sign_in.html", session, context, status=status)


@router.get("/wallet/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, runtime: RuntimeDep, next: str = "") -> Response:
    return _sign_in_form(request, runtime, next_url=safe_next(next))


@router.post("/wallet/sign-in")
async def sign_in(
    request: Request,
    runtime: RuntimeDep,
    phone: str = Form(default="", max_length=40),
    password: str = Form(default="", max_length=1024),
    csrf_token: str = Form(default="", max_length=200),
    next: str = Form(default="", max_length=2000),
) -> Response:
    next_url = safe_next(next)
    if not csrf_is_valid(read_session(runtime.settings, request), csrf_token):
        error = _("This form has expired; please try again.")
        return _sign_in_form(request, runtime, next_url=next_url, phone=phone, error=error, status=400)
    try:
        holder = await transact(
            runtime, partial(services.wallet_sign_in, settings=runtime.settings, phone=phone, password=password)
        )
    except (WalletSignInFailed, ComptoirError) as error:
        return _sign_in_form(
            request, runtime, next_url=next_url, phone=phone, error=flash_of(error)[0][1], status=error.status
        )
    response = RedirectResponse(next_url, status_code=303)
    write_session(runtime.settings, response, new_session(holder.id))
    return response


@router.get("/wallet/sign-up", response_class=HTMLResponse)
async def sign_up_page(request: Request, runtime: RuntimeDep, next: str = "") -> Response:
    session = read_session(runtime.settings, request) or new_session(None)
    context = {"next_url": safe_next(next), "values": {}, "flashes": []}
    return _wallet_page(request, runtime, "payments/wallet_sign_up.html", session, context)


@router.post("/wallet/sign-up")
async def sign_up(
    request: Request,
    runtime: RuntimeDep,
    display_name: str = Form(default="", max_length=200),
    phone: str = Form(default="", max_length=40),
    password: str = Form(default="", max_length=1024),
    csrf_token: str = Form(default="", max_length=200),
    next: str = Form(default="", max_length=2000),
) -> Response:
    next_url = safe_next(next)
    session = read_session(runtime.settings, request) or new_session(None)
    values = {"display_name": display_name, "phone": phone}
    if not csrf_is_valid(read_session(runtime.settings, request), csrf_token):
        context = {"next_url": next_url, "values": values, "flashes": _form_expired()}
        return _wallet_page(request, runtime, "payments/wallet_sign_up.html", session, context, status=400)
    try:
        holder = await transact(
            runtime,
            partial(
                services.open_wallet,
                settings=runtime.settings,
                display_name=display_name.strip(),
                phone=phone,
                password=password,
            ),
        )
    except ComptoirError as error:
        context = {"next_url": next_url, "values": values, "flashes": flash_of(error)}
        return _wallet_page(request, runtime, "payments/wallet_sign_up.html", session, context, status=error.status)
    response = RedirectResponse(next_url, status_code=303)
    write_session(runtime.settings, response, new_session(holder.id))
    return response


@router.post("/wallet/sign-out")
async def sign_out(
    request: Request, runtime: RuntimeDep, csrf_token: str = Form(default="", max_length=200)
) -> Response:
    response = RedirectResponse("/wallet/sign-in?done=out", status_code=303)
    if csrf_is_valid(read_session(runtime.settings, request), csrf_token):
        clear_session(runtime.settings, response)
    return response


# --- the wallet --------------------------------------------------------------------------------------


async def _home(
    request: Request, runtime: Runtime, session: WalletSession, *, flashes: list[tuple[str, str]], status: int = 200
) -> HTMLResponse:
    holder_id = session.holder_id or ""

    async def read(uow: UnitOfWork) -> dict[str, Any]:
        return {
            "wallet": await services.wallet_balance(uow, holder_id=holder_id),
            "history": await services.wallet_payments(uow, holder_id=holder_id, limit=50),
        }

    context = await transact(runtime, read)
    context.update(flashes=flashes, request_id="top-" + secrets.token_hex(8), rate_text=rate_text)
    return _wallet_page(request, runtime, "payments/wallet.html", session, context, status=status)


@router.get("/wallet", response_class=HTMLResponse)
async def wallet_home(request: Request, runtime: RuntimeDep) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return _to_sign_in(request)
    flashes = done_message(request, {"topped": _("Top-up received: your balance is updated.")})
    return await _home(request, runtime, session, flashes=flashes)


@router.post("/wallet/top-up")
async def top_up(
    request: Request,
    runtime: RuntimeDep,
    amount: str = Form(default="", max_length=40),
    request_id: str = Form(default="", max_length=64),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return RedirectResponse("/wallet/sign-in", status_code=303)
    if not csrf_is_valid(session, csrf_token):
        return await _home(request, runtime, session, flashes=_form_expired(), status=400)
    try:
        await services.top_up_from_bank(
            runtime,
            top_up_bank(runtime),
            holder_id=session.holder_id or "",
            amount=parse_amount(amount, "CNY"),
            request_id=request_id or "top-" + secrets.token_hex(8),
        )
    except ComptoirError as error:
        return await _home(request, runtime, session, flashes=flash_of(error), status=error.status)
    return RedirectResponse("/wallet?done=topped", status_code=303)


@router.get("/wallet/code", response_class=HTMLResponse)
async def payment_code(request: Request, runtime: RuntimeDep) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return _to_sign_in(request)
    code = await transact(runtime, partial(services.issue_payment_code, holder_id=session.holder_id or ""))
    groups = " ".join(code.code[i : i + 4] for i in range(0, len(code.code), 4))
    context = {
        "code": code,
        "groups": groups,
        "svg": qr_svg(code.code, title=_("My payment code"), scale=7),
        "refresh_s": CODE_REFRESH_S,
        "flashes": [],
    }
    response = _wallet_page(request, runtime, "payments/wallet_code.html", session, context)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- paying a shop -----------------------------------------------------------------------------------


log = logging.getLogger("comptoir.payments.wallet")


@dataclass(frozen=True, slots=True)
class AfterPayment:
    """A next step the wallet offers once a payment is done: a sentence already in the reader's language, and a
    link into the wallet's realm (tourism offers to follow the shop's brand)."""

    text: str
    href: str


AfterPaymentOffer = Callable[[Runtime, str, Payment], Awaitable[AfterPayment | None]]
_AFTER_PAYMENT: list[AfterPaymentOffer] = []


def offer_after_payment(offer: AfterPaymentOffer) -> AfterPaymentOffer:
    """Register what a higher capability offers on the "payment done" page; called with the runtime, the payer's
    holder id and the payment. An offer that answers None, or fails, shows nothing: the payment is done either way."""
    if offer not in _AFTER_PAYMENT:
        _AFTER_PAYMENT.append(offer)
    return offer


async def _offers(runtime: Runtime, holder_id: str, payment: Payment) -> list[AfterPayment]:
    found: list[AfterPayment] = []
    for offer in _AFTER_PAYMENT:
        try:
            answer = await offer(runtime, holder_id, payment)
        except Exception:  # an offer must never turn a done payment into an error page
            log.warning("an after-payment offer failed for payment %s", payment.id, exc_info=True)
            continue
        if answer is not None:
            found.append(answer)
    return found


async def _paid_page(
    request: Request, runtime: Runtime, session: WalletSession, payment: Payment, shop: str
) -> HTMLResponse:
    offers = await _offers(runtime, session.holder_id or "", payment)
    context = {"payment": payment, "shop": shop, "rate": rate_text(payment.rate), "flashes": [], "offers": offers}
    return _wallet_page(request, runtime, "payments/wallet_paid.html", session, context)


async def _order_page(
    request: Request,
    runtime: Runtime,
    session: WalletSession,
    token: str,
    *,
    flashes: list[tuple[str, str]],
    status: int = 200,
) -> HTMLResponse:
    holder_id = session.holder_id or ""
    try:
        view = await transact(runtime, partial(services.open_order_code, holder_id=holder_id, token=token))
    except (PaymentClosed, PaymentsNotFound) as error:
        context = {"closed": True, "flashes": [*flashes, *flash_of(error)], "action": ""}
        return _wallet_page(request, runtime, "payments/wallet_pay.html", session, context, status=error.status)
    context = {**_pay_context(view), "closed": False, "flashes": flashes, "action": f"/wallet/pay/{token}"}
    return _wallet_page(request, runtime, "payments/wallet_pay.html", session, context, status=status)


@router.get("/wallet/pay/{token}", response_class=HTMLResponse)
async def order_code(request: Request, token: Token, runtime: RuntimeDep) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return _to_sign_in(request)
    return await _order_page(request, runtime, session, token, flashes=[])


@router.post("/wallet/pay/{token}")
async def confirm_order_code(
    request: Request,
    token: Token,
    runtime: RuntimeDep,
    quote_id: str = Form(default="", max_length=64),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return _to_sign_in(request)
    if not csrf_is_valid(session, csrf_token):
        return await _order_page(request, runtime, session, token, flashes=_form_expired(), status=400)
    try:
        payment = await transact(
            runtime,
            partial(services.confirm_order_code, holder_id=session.holder_id or "", token=token, quote_id=quote_id),
        )
    except ComptoirError as error:  # an expired quote among them: the page shows the sentence and a fresh quote
        return await _order_page(request, runtime, session, token, flashes=flash_of(error), status=error.status)
    return await _paid_page(request, runtime, session, payment, payment.description)


async def _entry_page(
    request: Request,
    runtime: Runtime,
    session: WalletSession,
    entry_code: str,
    *,
    flashes: list[tuple[str, str]],
    amount: str = "",
    status: int = 200,
) -> HTMLResponse:
    shop = await transact(runtime, partial(services.shop_of_entry_code, entry_code=entry_code))
    context = {"shop": shop, "amount": amount, "flashes": flashes, "entry_code": entry_code}
    return _wallet_page(request, runtime, "payments/wallet_shop.html", session, context, status=status)


@router.get("/wallet/shop/{entry_code}", response_class=HTMLResponse)
async def entry_code(request: Request, entry_code: EntryCode, runtime: RuntimeDep) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return _to_sign_in(request)
    return await _entry_page(request, runtime, session, entry_code, flashes=[])


@router.post("/wallet/shop/{entry_code}")
async def quote_entry(
    request: Request,
    entry_code: EntryCode,
    runtime: RuntimeDep,
    amount: str = Form(default="", max_length=40),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return _to_sign_in(request)
    if not csrf_is_valid(session, csrf_token):
        return await _entry_page(request, runtime, session, entry_code, flashes=_form_expired(), status=400)
    try:
        view = await transact(
            runtime,
            partial(
                services.quote_entry_payment,
                holder_id=session.holder_id or "",
                entry_code=entry_code,
                amount=parse_amount(amount, "EUR"),
            ),
        )
    except ComptoirError as error:
        return await _entry_page(
            request, runtime, session, entry_code, flashes=flash_of(error), amount=amount, status=error.status
        )
    context = {
        **_pay_context(view),
        "closed": False,
        "flashes": [],
        "action": f"/wallet/shop/{entry_code}/pay",
        "amount": str(view.amount.to_decimal()),
        "request_id": secrets.token_hex(12),
    }
    return _wallet_page(request, runtime, "payments/wallet_pay.html", session, context)


@router.post("/wallet/shop/{entry_code}/pay")
async def pay_entry(
    request: Request,
    entry_code: EntryCode,
    runtime: RuntimeDep,
    amount: str = Form(default="", max_length=40),
    quote_id: str = Form(default="", max_length=64),
    request_id: str = Form(default="", max_length=64),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    session = _holder_session(request, runtime)
    if session is None:
        return _to_sign_in(request)
    if not csrf_is_valid(session, csrf_token):
        return await _entry_page(request, runtime, session, entry_code, flashes=_form_expired(), status=400)
    try:
        payment = await transact(
            runtime,
            partial(
                services.pay_entry_code,
                holder_id=session.holder_id or "",
                entry_code=entry_code,
                amount=parse_amount(amount, "EUR"),
                quote_id=quote_id,
                request_id=request_id or secrets.token_hex(12),
            ),
        )
    except ComptoirError as error:
        return await _entry_page(
            request, runtime, session, entry_code, flashes=flash_of(error), amount=amount, status=error.status
        )
    return await _paid_page(request, runtime, session, payment, payment.description)
