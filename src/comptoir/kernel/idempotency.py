"""Idempotency keys for the HTTP API: a retried request never acts twice, and never skips a check.

The promise, for every POST, PUT, PATCH or DELETE under ``/api/`` that carries an
``Idempotency-Key`` header (1-255 visible ASCII characters, else ``400
invalid_idempotency_key`` and nothing is stored or run):

- the key is looked at only once the request has passed authentication, the CSRF check and
  every permission its route declares as a dependency: the route takes the
  :data:`Idempotent` dependency *last*, and that is where the key is claimed. A replay
  therefore reaches only a caller who may still make the request: a revoked key, a signed-out
  session or a revoked delegation is refused exactly as a first attempt would be;
- keys belong to the principal that sent them (the user, or the API key), never to a raw
  credential: another caller's key is simply another key, and a replay goes only to the
  principal who made the first request;
- the claim is written with a SHA-256 of the request (method, path, query, body) in its own
  committed transaction before the route runs; the primary key makes it race-safe, so of two
  identical concurrent requests exactly one runs;
- once the response is complete its status, ``content-type``, ``location`` and body are stored,
  the body sealed with AES-GCM (:mod:`comptoir.kernel.sealing`) because answers can carry
  secrets (a new API key's); a retry with the same key and the same request gets it back byte
  for byte with ``Idempotent-Replayed: true``;
- the same key with a different request is refused with ``422 idempotency_key_reused``; a
  retry while the first is running gets ``409 idempotency_request_in_flight``; a stored answer
  that no longer opens (the secret key was rotated) gets ``409 idempotency_replay_unavailable``;
- a first attempt that answered 5xx or crashed releases its key, so a retry runs; one whose
  whole process died is taken back after ``IN_FLIGHT_LEASE`` (10 minutes);
- keys live 24 hours by the runtime's clock; an expired key counts as new and
  :func:`purge_expired_keys` removes expired rows.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import JSON, Column, DateTime, Integer, LargeBinary, String, Table, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from comptoir.kernel.auth import OptionalPrincipal
from comptoir.kernel.database import Database, metadata
from comptoir.kernel.errors import N_, Conflict, InvalidInput, declare_edge_code
from comptoir.kernel.http import problem_response
from comptoir.kernel.principal import Principal
from comptoir.kernel.sealing import SealBroken, Sealer

log = logging.getLogger("comptoir.idempotency")

KEY_LIFETIME = timedelta(hours=24)
# A request still "in flight" after this long died with its process (no request runs
# that long: servers time out far sooner); its key is taken back so a retry can run.
IN_FLIGHT_LEASE = timedelta(minutes=10)
GUARDED_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_REPLAYED_HEADERS = frozenset({"content-type", "location"})

idempotency_keys_table = Table(
    "kernel_idempotency_keys",
    metadata,
    Column("scope", String(80), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("state", String(12), nullable=False),
    Column("status_code", Integer),
    Column("response_headers", JSON),
    Column("response_body", LargeBinary),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)


class Claim(Enum):
    """What trying to take a key can answer, besides a stored response to replay."""

    TAKEN = "taken"  # the key is ours: process the request
    IN_FLIGHT = "in_flight"  # the same request is being processed elsewhere
    REUSED = "reused"  # the key was used for a different request
    UNREADABLE = "unreadable"  # done before, but its sealed answer no longer opens


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"
    title = N_("Idempotency key reused")
    sentence = N_("This Idempotency-Key was already used for a different request.")


class IdempotencyRequestInFlight(Conflict):
    code = "idempotency_request_in_flight"
    title = N_("Request in flight")
    sentence = N_("The first request with this Idempotency-Key is still running; try again in a moment.")


class IdempotencyReplayUnavailable(Conflict):
    code = "idempotency_replay_unavailable"
    title = N_("Request already done")
    sentence = N_("This request was already done, but its answer can no longer be shown again.")


@dataclass(frozen=True)
class StoredResponse:
    """A completed response as it will be replayed: status, the kept headers, the exact body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def is_valid_key(key: str) -> bool:
    """True for 1 to 255 visible ASCII characters (no spaces, no control or non-ASCII characters)."""
    return 1 <= len(key) <= 255 and all("\x21" <= ch <= "\x7e" for ch in key)


def caller_scope(principal: Principal | None) -> str:
    """Whose keys these are: the API key or the user behind the request, whatever credential it used."""
    if principal is None:
        return "anonymous"
    if principal.api_key_id:
        return f"api_key:{principal.api_key_id}"
    if principal.user_id:
        return f"user:{principal.user_id}"
    return f"organisation:{principal.organisation_id}"


@lru_cache(maxsize=4)
def response_sealer(secret_key: str) -> Sealer:
    """The sealer for stored answers (one per secret key; HKDF runs once)."""
    return Sealer(secret_key, purpose="idempotency-responses")


def _box_context(scope: str, key: str) -> bytes:
    return len(scope).to_bytes(2, "big") + scope.encode() + key.encode()


def request_fingerprint(*, method: str, path: str, query: bytes, body: bytes) -> str:
    """SHA-256 of the request; each part is length-prefixed so no two requests share a fingerprint."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode("utf-8"), query, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _aware(instant: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


async def claim_key(
    database: Database, *, scope: str, key: str, request_hash: str, now: datetime, sealer: Sealer
) -> Claim | StoredResponse:
    """Take the key for this request (committed at once), or say why not, or return the response to replay."""
    table = idempotency_keys_table
    where = (table.c.scope == scope, table.c.key == key)
    for _ in range(5):
        try:
            async with database.engine.begin() as conn:
                await conn.execute(
                    table.insert().values(
                        scope=scope,
                        key=key,
                        request_hash=request_hash,
                        state="in_flight",
                        created_at=now,
                        expires_at=now + KEY_LIFETIME,
                    )
                )
            return Claim.TAKEN
        except IntegrityError:
            pass  # someone holds this key: see what they hold
        async with database.engine.connect() as conn:
            row = (await conn.execute(select(table).where(*where))).first()
        if row is None:
            continue  # released in the meantime: try again
        if _aware(row.expires_at) <= now:
            async with database.engine.begin() as conn:
                await conn.execute(delete(table).where(*where, table.c.expires_at <= now))
            continue
        if row.state == "in_flight" and _aware(row.created_at) <= now - IN_FLIGHT_LEASE:
            async with database.engine.begin() as conn:
                await conn.execute(
                    delete(table).where(*where, table.c.state == "in_flight", table.c.created_at == row.created_at)
                )
            continue
        if row.request_hash != request_hash:
            return Claim.REUSED
        if row.state != "completed":
            return Claim.IN_FLIGHT
        headers = [(str(name), str(value)) for name, value in row.response_headers or []]
        try:
            body = sealer.open(bytes(row.response_body or b""), context=_box_context(scope, key))
        except SealBroken:
            return Claim.UNREADABLE
        return StoredResponse(status=row.status_code, headers=headers, body=body)
    return Claim.IN_FLIGHT  # lost every race for this key: the caller may retry shortly


async def complete_key(database: Database, *, scope: str, key: str, response: StoredResponse, sealer: Sealer) -> None:
    """Record the final response of the request holding the key, for replays; the body is sealed."""
    table = idempotency_keys_table
    box = sealer.seal(response.body, context=_box_context(scope, key))
    async with database.engine.begin() as conn:
        await conn.execute(
            update(table)
            .where(table.c.scope == scope, table.c.key == key, table.c.state == "in_flight")
            .values(
                state="completed",
                status_code=response.status,
                response_headers=[list(pair) for pair in response.headers],
                response_body=box,
            )
        )


async def release_key(database: Database, *, scope: str, key: str) -> None:
    """Forget a key whose request failed, so that a retry runs it afresh."""
    table = idempotency_keys_table
    async with database.engine.begin() as conn:
        await conn.execute(
            delete(table).where(table.c.scope == scope, table.c.key == key, table.c.state == "in_flight")
        )


async def forget_answers(session: AsyncSession, *, scope: str) -> int:
    """Drop the stored answers of every key of ``scope`` (a caller whose personal data is erased), in the
    caller's transaction: the keys stay, so a retry never runs again; it gets ``409
    idempotency_replay_unavailable``. Returns how many answers went."""
    table = idempotency_keys_table
    result = await session.execute(
        update(table)
        .where(table.c.scope == scope, table.c.response_body.is_not(None))
        .values(response_body=None, response_headers=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def purge_expired_keys(database: Database, *, now: datetime) -> int:
    """Delete every key that expired at or before ``now``; returns how many went."""
    table = idempotency_keys_table
    async with database.engine.begin() as conn:
        result = await conn.execute(delete(table).where(table.c.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass
class PendingKey:
    """An ``Idempotency-Key`` the middleware read, waiting for the route's guard to claim it."""

    key: str
    fingerprint: str
    owner: str | None = None  # set once claimed

    @property
    def claimed(self) -> bool:
        return self.owner is not None


class IdempotentReplay(Exception):
    """Raised by the guard to answer with the stored response instead of running the route again."""

    def __init__(self, stored: StoredResponse) -> None:
        super().__init__("replayed")
        self.stored = stored


async def idempotency_guard(request: Request, principal: OptionalPrincipal) -> None:
    """Claim the request's key, now that authentication and the route's permissions have passed."""
    pending: PendingKey | None = getattr(request.state, "idempotency", None)
    if pending is None or pending.claimed:
        return
    runtime: Any = request.app.state.runtime
    # A realm of its own (a buyer of the store API, who is not a Comptoir user) names its caller first.
    owner = getattr(request.state, "idempotency_scope", None) or caller_scope(principal)
    claim = await claim_key(
        runtime.database,
        scope=owner,
        key=pending.key,
        request_hash=pending.fingerprint,
        now=runtime.clock.now(),
        sealer=response_sealer(runtime.settings.secret_key),
    )
    if isinstance(claim, StoredResponse):
        raise IdempotentReplay(claim)
    if claim is Claim.REUSED:
        raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
    if claim is Claim.IN_FLIGHT:
        raise IdempotencyRequestInFlight("this key's request is still running; retry in a moment")
    if claim is Claim.UNREADABLE:
        raise IdempotencyReplayUnavailable("this request was already done; its answer can no longer be replayed")
    pending.owner = owner


Idempotent = Annotated[None, Depends(idempotency_guard)]
"""Declare it as the last parameter of every route that creates or moves something."""


def install_idempotency(app: FastAPI) -> None:
    """Add the middleware and the handler that answers replays."""

    async def _replay(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IdempotentReplay)
        stored = exc.stored
        headers = dict(stored.headers)
        headers["idempotent-replayed"] = "true"
        return Response(content=stored.body, status_code=stored.status, headers=headers)

    app.add_exception_handler(IdempotentReplay, _replay)
    app.add_middleware(IdempotencyMiddleware)


class IdempotencyMiddleware:
    """Pure ASGI middleware: reads the key and the body, lets the route's guard claim the key, stores the answer.

    It finds the :class:`~comptoir.kernel.runtime.Runtime` on ``app.state.runtime``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in GUARDED_METHODS or not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        keys = headers.getlist("idempotency-key")
        if not keys:
            await self.app(scope, receive, send)
            return
        if len(keys) != 1 or not is_valid_key(keys[0]):
            await _refuse("invalid_idempotency_key", scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return  # the client went away before sending its request
        runtime: Any = scope["app"].state.runtime
        database: Database = runtime.database
        fingerprint = request_fingerprint(method=scope["method"], path=path, query=scope["query_string"], body=body)
        pending = PendingKey(key=keys[0], fingerprint=fingerprint)
        scope.setdefault("state", {})["idempotency"] = pending

        delivered = False

        async def replay_body() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, replay_body, capture)
        except BaseException:
            if pending.owner is not None:
                with anyio.CancelScope(shield=True):
                    await _release_quietly(database, scope=pending.owner, key=pending.key)
            raise
        if start is None:
            if pending.owner is not None:
                await _release_quietly(database, scope=pending.owner, key=pending.key)
            return
        content = b"".join(chunks)
        status = int(start["status"])
        if pending.owner is not None:
            await _remember(runtime, pending, start, status, content, where=f"{scope['method']} {path}")
        elif status < 400:
            # Refusals before the guard are expected; a success means the route lacks the guard.
            log.warning("%s %s answered %s without claiming its Idempotency-Key", scope["method"], path, status)
        await send(start)
        await send({"type": "http.response.body", "body": content, "more_body": False})


async def _remember(
    runtime: Any, pending: PendingKey, start: Message, status: int, content: bytes, *, where: str
) -> None:
    """Store the answer for replays (or release the key after a server error), never hiding the answer."""
    database: Database = runtime.database
    owner = pending.owner or "anonymous"
    try:
        if status >= 500:
            await release_key(database, scope=owner, key=pending.key)
            return
        kept = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in start.get("headers", [])
            if name.decode("latin-1").lower() in _REPLAYED_HEADERS
        ]
        stored = StoredResponse(status=status, headers=kept, body=content)
        sealer = response_sealer(runtime.settings.secret_key)
        await complete_key(database, scope=owner, key=pending.key, response=stored, sealer=sealer)
    except Exception:  # the answer is ready: a bookkeeping failure must not hide it from the caller
        log.exception("could not record idempotency key %r for %s", pending.key, where)
        await _release_quietly(database, scope=owner, key=pending.key)


declare_edge_code(
    "invalid_idempotency_key",
    status=400,
    title=N_("Invalid idempotency key"),
    sentence=N_("The Idempotency-Key header must be 1 to 255 visible ASCII characters."),
    declared_by="comptoir.kernel.idempotency",
)

_REFUSALS = {  # code: (status, title, detail)
    "invalid_idempotency_key": (400, "Invalid idempotency key", "Idempotency-Key must be 1-255 visible ASCII"),
}


async def _refuse(code: str, scope: Scope, receive: Receive, send: Send) -> None:
    status, title, detail = _REFUSALS[code]
    refusal = problem_response(status=status, code=code, title=title, detail=detail, instance=scope["path"])
    await refusal(scope, receive, send)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None if the client disconnected first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _release_quietly(database: Database, *, scope: str, key: str) -> None:
    """Release the key without letting a storage failure replace the error being handled."""
    try:
        await release_key(database, scope=scope, key=key)
    except Exception:
        log.exception("could not release idempotency key %r", key)
