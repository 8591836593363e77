"""Who is buying: the store API's buyers are wallet holders, who sign in with their phone and password.

``POST /api/v1/store/sessions`` answers a signed token (seven days); every other store route reads it from
``Authorization: Bearer <token>``. The token names the holder and nothing else; a forged, altered or old
token is the same as none (``buyer_not_signed_in``). A buyer's Idempotency-Keys are the buyer's own.
Sign-ins are counted per phone number: five wrong passwords in 15 minutes lock it for a while.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from comptoir.kernel.errors import TooManyRequests
from comptoir.kernel.settings import Settings
from comptoir.kernel.throttle import Limit, Locked, RateLimiter
from comptoir.orders.errors import BuyerNotSignedIn
from comptoir.orders.services.erasure import buyer_idempotency_scope

TOKEN_PREFIX = "cbt."
TOKEN_MAX_AGE = timedelta(days=7)
SIGN_IN_LIMIT = Limit(
    attempts=5, window=timedelta(minutes=15), lockout=timedelta(minutes=15), max_lockout=timedelta(hours=4)
)


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="comptoir.store-buyer")


def buyer_token(settings: Settings, holder_id: str) -> str:
    return TOKEN_PREFIX + _serializer(settings).dumps({"h": holder_id})


def holder_of_token(settings: Settings, token: str) -> str | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    try:
        value = _serializer(settings).loads(token[len(TOKEN_PREFIX) :], max_age=int(TOKEN_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    holder = value.get("h") if isinstance(value, dict) else None
    return holder if isinstance(holder, str) else None


async def current_buyer(request: Request) -> str:
    runtime = request.app.state.runtime
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    holder = holder_of_token(runtime.settings, value.strip()) if scheme.lower() == "bearer" else None
    if holder is None:
        raise BuyerNotSignedIn("send the buyer's token as 'Authorization: Bearer <token>' (POST /store/sessions)")
    request.state.idempotency_scope = buyer_idempotency_scope(holder)
    return holder


CurrentBuyer = Annotated[str, Depends(current_buyer)]


def _phone_key(settings: Settings, phone: str) -> str:
    digest = hmac.new(settings.secret_key.encode(), b"store-sign-in:" + phone.strip().encode(), hashlib.sha256)
    return "store-sign-in:" + digest.hexdigest()[:24]


async def count_sign_in(throttle: RateLimiter, settings: Settings, phone: str) -> str:
    """Count a sign-in attempt for this phone number, or refuse while it is locked; answers the counter's key."""
    key = _phone_key(settings, phone)
    taken = await throttle.take(key, SIGN_IN_LIMIT)
    if isinstance(taken, Locked):
        raise TooManyRequests("too many wrong passwords for this phone number", retry_after=taken.retry_after)
    return key
