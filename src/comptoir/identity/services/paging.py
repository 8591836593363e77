"""Cursor pages of identity's lists: every list the API serves pages the same way.

A page is fetched from the database with one row more than asked for (the limit is in
the SQL); that extra row only says whether a next page exists. The cursor is the kernel's
(``encode_cursor``/``decode_cursor``) and holds the id the next page continues from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from comptoir.kernel.errors import InvalidCursor
from comptoir.kernel.http import decode_cursor, encode_cursor
from comptoir.kernel.ids import is_valid_id

DEFAULT_PAGE = 50
MAX_PAGE = 200

T = TypeVar("T")


def page_size(limit: int) -> int:
    """``limit`` held within 1 and ``MAX_PAGE``."""
    return max(1, min(limit, MAX_PAGE))


def page_position(cursor: str | None, *, key: str, prefix: str) -> str | None:
    """The id a page continues from, or ``None`` for the first page.

    A cursor this list did not hand out (tampered, empty, or another list's) is refused
    with ``422 invalid_cursor``.
    """
    position = decode_cursor(cursor)
    if position is None:
        return None
    value = position.get(key)
    if set(position) != {key} or not is_valid_id(value, prefix):
        raise InvalidCursor("cursor is not one this API handed out")
    assert isinstance(value, str)
    return value


def cut_page(rows: list[T], size: int, *, key: str, id_of: Callable[[T], str]) -> tuple[list[T], str | None]:
    """The page (at most ``size`` rows) and the cursor of the next one, ``None`` on the last page.

    ``rows`` must have been fetched with a limit of ``size + 1``.
    """
    if len(rows) <= size:
        return rows, None
    return rows[:size], encode_cursor({key: id_of(rows[size - 1])})
