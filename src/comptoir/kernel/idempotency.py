"""Idempotency keys for the HTTP API: a retried request never acts twice.

The promise, for every POST, PUT, PATCH or DELETE under ``/api/`` that carries
an ``Idempotency-Key`` header (1-255 visible ASCII characters, else ``400
invalid_idempotency_key`` and nothing is stored or run):

- the key is recorded, scoped to the caller (a hash of the ``Authorization``
  header, else of the ``comptoir_session`` cookie, else ``anonymous``), with a
  SHA-256 of the request (method, path, query, body), in its own committed
  transaction *before* the request is processed; the primary key makes the
  claim race-safe, so of two identical concurrent requests exactly one runs;
- once the response is complete its status, ``content-type``, ``location`` and
  body are stored, and a retry with the same key and the same request gets it
  back byte for byte with ``Idempotent-Replayed: true``;
- the same key with a different request is refused with ``422
  idempotency_key_reused``; a retry while the first is running gets ``409
  idempotency_request_in_flight``;
- a first attempt that answered 5xx or crashed releases its key, so a retry runs;
  one whose whole process died is taken back after ``IN_FLIGHT_LEASE`` (10 minutes);
- keys live 24 hours by the runtime's clock; an expired key counts as new and
  :func:`purge_expired_keys` removes expired rows.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

import anyio
from sqlalchemy import JSON, Column, DateTime, Integer, LargeBinary, String, Table, delete, select, update
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from comptoir.kernel.database import Database, metadata
from comptoir.kernel.http import problem_response

log = logging.getLogger("comptoir.idempotency")

KEY_LIFETIME = timedelta(hours=24)
# A request still "in flight" after this long died with its process (no request runs
# that long: servers time out far sooner); its key is taken back so a retry can run.
IN_FLIGHT_LEASE = timedelta(minutes=10)
GUARDED_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSION_COOKIE = "comptoir_session"
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


@dataclass(frozen=True)
class StoredResponse:
    """A completed response as it will be replayed: status, the kept headers, the exact body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def is_valid_key(key: str) -> bool:
    """True for 1 to 255 visible ASCII characters (no spaces, no control or non-ASCII characters)."""
    return 1 <= len(key) <= 255 and all("\x21" <= ch <= "\x7e" for ch in key)


def caller_scope(headers: Headers) -> str:
    """Whose keys these are: a hash of the credentials, so raw secrets are never stored."""
    if authorization := headers.get("authorization"):
        return "auth:" + hashlib.sha256(authorization.encode("latin-1")).hexdigest()
    if session := cookie_parser(headers.get("cookie", "")).get(SESSION_COOKIE):
        return "session:" + hashlib.sha256(session.encode("utf-8")).hexdigest()
    return "anonymous"


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
    database: Database, *, scope: str, key: str, request_hash: str, now: datetime
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
        return StoredResponse(status=row.status_code, headers=headers, body=bytes(row.response_body or b""))
    return Claim.IN_FLIGHT  # lost every race for this key: the caller may retry shortly


async def complete_key(database: Database, *, scope: str, key: str, response: StoredResponse) -> None:
    """Record the final response of the request holding the key, for replays."""
    table = idempotency_keys_table
    async with database.engine.begin() as conn:
        await conn.execute(
            update(table)
            .where(table.c.scope == scope, table.c.key == key, table.c.state == "in_flight")
            .values(
                state="completed",
                status_code=response.status,
                response_headers=[list(pair) for pair in response.headers],
                response_body=response.body,
            )
        )


async def release_key(database: Database, *, scope: str, key: str) -> None:
    """Forget a key whose request failed, so that a retry runs it afresh."""
    table = idempotency_keys_table
    async with database.engine.begin() as conn:
        await conn.execute(
            delete(table).where(table.c.scope == scope, table.c.key == key, table.c.state == "in_flight")
        )


async def purge_expired_keys(database: Database, *, now: datetime) -> int:
    """Delete every key that expired at or before ``now``; returns how many went."""
    table = idempotency_keys_table
    async with database.engine.begin() as conn:
        result = await conn.execute(delete(table).where(table.c.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


class IdempotencyMiddleware:
    """Pure ASGI middleware keeping the promise in the module docstring.

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
        key = keys[0]
        body = await _read_body(receive)
        if body is None:
            return  # the client went away before sending its request
        runtime: Any = scope["app"].state.runtime
        database: Database = runtime.database
        owner = caller_scope(headers)
        fingerprint = request_fingerprint(method=scope["method"], path=path, query=scope["query_string"], body=body)
        claim = await claim_key(database, scope=owner, key=key, request_hash=fingerprint, now=runtime.clock.now())
        if isinstance(claim, StoredResponse):
            await _replay(claim, send)
            return
        if claim is not Claim.TAKEN:
            reason = "idempotency_request_in_flight" if claim is Claim.IN_FLIGHT else "idempotency_key_reused"
            await _refuse(reason, scope, receive, send)
            return

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
            with anyio.CancelScope(shield=True):
                await _release_quietly(database, scope=owner, key=key)
            raise
        if start is None:
            await _release_quietly(database, scope=owner, key=key)
            return
        content = b"".join(chunks)
        status = int(start["status"])
        try:
            if status >= 500:
                await release_key(database, scope=owner, key=key)
            else:
                kept = [
                    (name.decode("latin-1"), value.decode("latin-1"))
                    for name, value in start.get("headers", [])
                    if name.decode("latin-1").lower() in _REPLAYED_HEADERS
                ]
                stored = StoredResponse(status=status, headers=kept, body=content)
                await complete_key(database, scope=owner, key=key, response=stored)
        except Exception:  # the answer is ready: a bookkeeping failure must not hide it from the caller
            log.exception("could not record idempotency key %r for %s %s", key, scope["method"], path)
            await _release_quietly(database, scope=owner, key=key)
        await send(start)
        await send({"type": "http.response.body", "body": content, "more_body": False})


_REFUSALS = {  # code: (status, title, detail)
    "invalid_idempotency_key": (400, "Invalid idempotency key", "Idempotency-Key must be 1-255 visible ASCII"),
    "idempotency_key_reused": (422, "Idempotency key reused", "this key was used for a different request"),
    "idempotency_request_in_flight": (409, "Request in flight", "this key's request is still running; retry"),
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


async def _replay(stored: StoredResponse, send: Send) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in stored.headers]
    headers += [(b"content-length", str(len(stored.body)).encode()), (b"idempotent-replayed", b"true")]
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})
