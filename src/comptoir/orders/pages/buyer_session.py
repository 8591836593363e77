"""The buyer of a storefront is the wallet holder: its pages read the wallet's signed cookie.

Two storefronts share these pages: the Chinese one (``/shop``, market CN) and the French one (``/boutique``,
market FR, a French consumer's Comptoir account, which is the same wallet sign-in). A :class:`Storefront`
says which one a page serves: its market, where its pages live and the frame that draws its navigation.

A page that needs the buyer sends a visitor to the wallet's sign-in page, which comes back to it. Every
form carries the wallet session's CSRF token; the storefront's add-to-cart form (a catalog page, which
knows nothing of wallets) proves it comes from this site by its ``Origin`` instead, and the cookie being
``SameSite=Lax`` is never sent with another site's POST anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from comptoir import logistics, payments
from comptoir.kernel.pages import render
from comptoir.kernel.runtime import Runtime
from comptoir.orders.domain import Market
from comptoir.orders.services import BuyerVault


@dataclass(frozen=True, slots=True)
class Storefront:
    market: Market
    root: str  # where its pages live: "/shop", "/boutique"
    frame: str  # the template drawing the header's navigation, which the buyer's pages extend
    coupons: bool  # whether its cart takes a coupon code

    def path(self, rest: str = "") -> str:
        return self.root + rest

    def holds(self, target: str) -> bool:
        """``target`` is one of this storefront's pages (a page to come back to)."""
        return target.startswith(self.root + "/") and not target.startswith("//")


CHINESE = Storefront(Market.CN, "/shop", "orders/_shop_nav.html", coupons=True)
FRENCH = Storefront(Market.FR, "/boutique", "catalog/_boutique_layout.html", coupons=False)


def buyer_session(request: Request, runtime: Runtime) -> payments.WalletSession | None:
    """The signed-in wallet holder's session, or None."""
    session = payments.read_wallet_session(runtime.settings, request)
    return session if session is not None and session.holder_id else None


def holder(session: payments.WalletSession) -> str:
    return session.holder_id or ""


def to_sign_in(request: Request, target: str | None = None) -> Response:
    back = target or request.url.path
    return RedirectResponse(f"/wallet/sign-in?next={quote(back)}", status_code=303)


def form_is_genuine(request: Request, session: payments.WalletSession, token: str) -> bool:
    """The session's token came with the form, or (without one) the browser says the form is this site's."""
    if token:
        return payments.wallet_csrf_is_valid(session, token)
    origin = request.headers.get("origin") or ""
    if not origin or origin == "null":
        return False
    ours = urlsplit(str(request.base_url))
    theirs = urlsplit(origin)
    return (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)


def shop_page(
    request: Request,
    template: str,
    session: payments.WalletSession | None,
    context: dict[str, Any],
    *,
    shop: Storefront = CHINESE,
    status: int = 200,
) -> HTMLResponse:
    """A buyer's page of ``shop``: the wallet session's CSRF token for its forms, and no Comptoir account's."""
    request.state.csrf_token = ""
    values = {
        "flashes": [],
        **context,
        "shop": shop,
        "wallet_csrf": session.csrf_token if session is not None else "",
        "signed_in": session is not None,
    }
    return render(request, template, values, status=status)


def vault_of(runtime: Runtime) -> BuyerVault:
    return BuyerVault.of(runtime.settings)


def engines_of(runtime: Runtime) -> logistics.PromiseEngines:
    return logistics.PromiseEngines.of(runtime.database)
