"""Cursor pages: every list the API serves pages the same way, with the same cursors.

A page is fetched with one row more than asked for (the limit is in the query); that extra row
only says whether a next page exists. A cursor is URL-safe base64 (without padding) of a JSON
object with one key, the position the next page continues from (``{"before": "aud_…"}``,
``{"before_seq": 41}``). A cursor the list did not hand out (tampered, empty, another list's) is
refused with ``422 invalid_cursor``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any, TypeVar

from comptoir.kernel.errors import InvalidCursor
from comptoir.kernel.ids import is_valid_id

DEFAULT_PAGE = 50
MAX_PAGE = 200

#: What every cursor this API hands out looks like (URL-safe base64 without padding).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"

T = TypeVar("T")
P = TypeVar("P", str, int)


def encode_cursor(values: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    """Decode a cursor from ``encode_cursor``; a tampered or foreign one is refused clearly."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("cursor is not one this API handed out") from exc
    if not isinstance(value, dict):
        raise InvalidCursor("cursor is not one this API handed out")
    return value


def page_size(limit: int) -> int:
    """``limit`` held within 1 and ``MAX_PAGE``."""
    return max(1, min(limit, MAX_PAGE))


def cursor_position(cursor: str | None, *, key: str, kind: type[P], prefix: str | None = None) -> P | None:
    """The position a page continues from, or ``None`` for the first page.

    The cursor must hold ``key`` and nothing else, its value of ``kind`` (a string, or an integer
    but never a boolean) and, with ``prefix``, a well-formed id with that prefix; else
    :class:`InvalidCursor`.
    """
    position = decode_cursor(cursor)
    if position is None:
        return None
    value = position.get(key)
    if set(position) != {key} or not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidCursor("cursor is not one this API handed out")
    if prefix is not None and not is_valid_id(value, prefix):
        raise InvalidCursor("cursor is not one this API handed out")
    return value


def cut_page(
    rows: list[T], size: int, *, key: str, position_of: Callable[[T], str | int]
) -> tuple[list[T], str | None]:
    """The page (at most ``size`` rows) and the cursor of the next one, ``None`` on the last page.

    ``rows`` must have been fetched with a limit of ``size + 1``.
    """
    if len(rows) <= size:
        return rows, None
    return rows[:size], encode_cursor({key: position_of(rows[size - 1])})


def page_of(
    items: list[T], *, cursor: str | None, limit: int, key: str, position_of: Callable[[T], str], prefix: str | None
) -> tuple[list[T], str | None]:
    """One page of ``items`` (a short list already read whole, in ``position_of`` order) and the next cursor.

    For lists that stay small (an organisation's stores, a product's history): the same cursors as a
    query-backed page, so a client pages every list of the API the same way.
    """
    after = cursor_position(cursor, key=key, kind=str, prefix=prefix)
    size = page_size(limit)
    rest = [item for item in items if after is None or position_of(item) > after]
    return cut_page(rest[: size + 1], size, key=key, position_of=position_of)
