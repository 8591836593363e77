"""One rule for text a person types, the same in validation and in the API's schema."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel, ValidationError

from comptoir.kernel.text import (
    MULTI_LINE_PATTERN,
    OPTIONAL_SINGLE_LINE_PATTERN,
    SINGLE_LINE_PATTERN,
    MultiLine,
    OptionalSingleLine,
    SingleLine,
    TextRefused,
    check_text,
)

REFUSED_EVERYWHERE = {
    "nul": "Maison\x00Delaunay",
    "bell": "caisse\x07",
    "escape": "\x1b[31mrouge",
    "delete": "abc\x7f",
    "c1 next line": "ligne\x85suivante",
    "right-to-left override": "facture\u202egpj.exe",
    "left-to-right isolate": "\u2066nom\u2069",
}
NOTHING_VISIBLE = {
    "empty": "",
    "spaces": "   ",
    "ideographic space": "\u3000\u3000",
    "zero-width": "\u200b\u200c\u200d",
    "word joiner and bom": "\u2060\ufeff ",
}
ACCEPTED = ["Maison Delaunay", "莱斯塔日酒庄", "Château Lestage — 1878", "\u200bnom", "tab\tinside"]


class Names(BaseModel):
    name: SingleLine


class Stories(BaseModel):
    story: MultiLine


class Optional(BaseModel):
    name_zh: OptionalSingleLine


@pytest.mark.parametrize("text", REFUSED_EVERYWHERE.values(), ids=REFUSED_EVERYWHERE.keys())
def test_control_characters_and_direction_overrides_are_refused_everywhere(text: str) -> None:
    for multiline in (False, True):
        with pytest.raises(TextRefused):
            check_text(text, multiline=multiline)
    with pytest.raises(ValidationError):
        Names(name=text)
    with pytest.raises(ValidationError):
        Optional(name_zh=text)
    assert not re.search(SINGLE_LINE_PATTERN, text) and not re.search(OPTIONAL_SINGLE_LINE_PATTERN, text)


@pytest.mark.parametrize("text", NOTHING_VISIBLE.values(), ids=NOTHING_VISIBLE.keys())
def test_a_name_with_nothing_visible_is_refused_but_an_optional_field_may_be_emptied(text: str) -> None:
    with pytest.raises(TextRefused, match="nothing visible"):
        check_text(text)
    with pytest.raises(ValidationError):
        Names(name=text)
    assert Optional(name_zh=text).name_zh == text
    assert not re.search(SINGLE_LINE_PATTERN, text) and re.search(OPTIONAL_SINGLE_LINE_PATTERN, text)


@pytest.mark.parametrize("text", ACCEPTED)
def test_ordinary_names_pass_unchanged_and_match_the_schema(text: str) -> None:
    assert check_text(text) == text == Names(name=text).name
    assert re.search(SINGLE_LINE_PATTERN, text)


def test_newlines_belong_in_stories_not_in_names() -> None:
    story = "Une maison fondée en 1878.\r\nSecond paragraphe."
    assert Stories(story=story).story == story and re.search(MULTI_LINE_PATTERN, story)
    with pytest.raises(ValidationError):
        Names(name="deux\nlignes")
    assert not re.search(SINGLE_LINE_PATTERN, "deux\nlignes")


def test_the_refusal_names_the_character_for_a_person() -> None:
    with pytest.raises(TextRefused, match=r"control character \(U\+0000\)"):
        check_text("a\x00b")
    with pytest.raises(TextRefused, match=r"direction override \(U\+202E\)"):
        check_text("a\u202eb")
