"""Cursor pages: one cursor format for every list, and a refusal for any cursor a list did not hand out."""

from __future__ import annotations

import pytest

from comptoir.kernel.errors import InvalidCursor
from comptoir.kernel.ids import new_id
from comptoir.kernel.paging import MAX_PAGE, cursor_position, cut_page, encode_cursor, page_size

AUDIT_ENTRY = "aud_01JD3ZKQ0B8V5W7T8X9Y0Z1A2B"


def test_the_next_cursor_names_the_last_row_of_the_page_and_the_last_page_has_none() -> None:
    rows = [new_id("aud") for _ in range(4)]
    page, cursor = cut_page(rows, 3, key="before", position_of=lambda r: r)
    assert page == rows[:3]
    assert cursor == encode_cursor({"before": rows[2]})
    assert cursor_position(cursor, key="before", kind=str, prefix="aud") == rows[2]
    assert cut_page(rows[:3], 3, key="before", position_of=lambda r: r) == (rows[:3], None)


def test_a_number_cursor_reads_back_as_the_number() -> None:
    cursor = encode_cursor({"before_seq": 41})
    assert cursor == "eyJiZWZvcmVfc2VxIjo0MX0"  # URL-safe base64 of compact JSON, no padding
    assert cursor_position(cursor, key="before_seq", kind=int) == 41
    assert cursor_position(None, key="before_seq", kind=int) is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        encode_cursor({}),
        encode_cursor({"before": "key_01JD3ZKQ0B8V5W7T8X9Y0Z1A2B"}),  # another list's ids
        encode_cursor({"before": "aud_' OR 1=1 --"}),
        encode_cursor({"before": AUDIT_ENTRY, "after": AUDIT_ENTRY}),
        encode_cursor({"after": AUDIT_ENTRY}),
        encode_cursor({"before": True}),
        encode_cursor({"before": 12}),
    ],
)
def test_a_cursor_this_list_did_not_hand_out_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        cursor_position(cursor, key="before", kind=str, prefix="aud")


def test_a_boolean_is_not_a_number_and_page_sizes_stay_within_bounds() -> None:
    with pytest.raises(InvalidCursor):
        cursor_position(encode_cursor({"before_seq": True}), key="before_seq", kind=int)
    assert [page_size(n) for n in (-5, 0, 1, 50, 10_000)] == [1, 1, 1, 50, MAX_PAGE]
