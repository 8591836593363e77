"""The tourist's wallet is a sign-in realm of its own: wallet holders are not Comptoir users.

The holder's id and the CSRF token of its forms live in one signed cookie, ``comptoir_wallet`` (HttpOnly,
SameSite=Lax, eight hours). Before signing in the cookie carries only a token, so the sign-in and sign-up
forms are protected the same way (double submit: the form's field must equal the signed cookie's token).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from comptoir.kernel.settings import Settings

WALLET_COOKIE = "comptoir_wallet"
WALLET_MAX_AGE_S = 8 * 3600


@dataclass(frozen=True, slots=True)
class WalletSession:
    holder_id: str | None
    csrf_token: str


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="wallet")


def read_session(settings: Settings, request: Request) -> WalletSession | None:
    """The signed cookie's session, or None when absent, forged or older than eight hours."""
    raw = request.cookies.get(WALLET_COOKIE)
    if not raw:
        return None
    try:
        value = _serializer(settings).loads(raw, max_age=WALLET_MAX_AGE_S)
    except BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("c"), str):
        return None
    holder = value.get("h")
    return WalletSession(holder if isinstance(holder, str) else None, value["c"])


def new_session(holder_id: str | None) -> WalletSession:
    return WalletSession(holder_id, secrets.token_urlsafe(24))


def write_session(settings: Settings, response: Response, session: WalletSession) -> None:
    response.set_cookie(
        WALLET_COOKIE,
        _serializer(settings).dumps({"h": session.holder_id, "c": session.csrf_token}),
        max_age=WALLET_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=settings.environment == "production",
        path="/",
    )


def clear_session(settings: Settings, response: Response) -> None:
    response.delete_cookie(
        WALLET_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.environment == "production"
    )


def csrf_is_valid(session: WalletSession | None, submitted: str) -> bool:
    return session is not None and bool(submitted) and hmac.compare_digest(session.csrf_token, submitted)


#: Where the sign-in may send the holder back to: the wallet and both storefronts' buyer pages.
COME_BACK_ROOTS = ("/wallet", "/shop", "/boutique")


def safe_next(target: str | None) -> str:
    """Only a wallet or storefront page of this site to come back to after signing in (the cart and orders of
    the Chinese storefront, /shop, and of the French one, /boutique, are the wallet holder's too)."""
    if not target or target.startswith("//") or "\\" in target:
        return "/wallet"
    if not any(target == root or target.startswith((root + "/", root + "?")) for root in COME_BACK_ROOTS):
        return "/wallet"
    return target


@dataclass(frozen=True, slots=True)
class WalletLink:
    """A page of another capability in the wallet's realm, shown in the wallet's navigation."""

    href: str
    label: Callable[[], str]  # the label in the reader's language, asked at each render
    signed_in_only: bool


_LINKS: list[WalletLink] = []


def add_wallet_link(href: str, label: Callable[[], str], *, signed_in_only: bool = True) -> None:
    """Show ``href`` in the wallet's navigation (after the wallet's own pages); registering twice keeps one."""
    if all(link.href != href for link in _LINKS):
        _LINKS.append(WalletLink(href, label, signed_in_only))


def wallet_links(*, signed_in: bool) -> list[tuple[str, str]]:
    """The registered links a reader sees, as (href, label), for a wallet layout's context."""
    return [(link.href, link.label()) for link in _LINKS if signed_in or not link.signed_in_only]
