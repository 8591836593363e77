"""Cutting text into sentences (segments): French sources for the memory and the translator, Chinese for pairing.

A segment keeps its offsets in the text it came from, so a draft can be put back together with the
text's own line breaks. A line break always ends a segment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    """``text`` is ``source[start:end]``, without the spaces around it."""

    text: str
    start: int
    end: int


# A sentence ends at . ! ? or … (possibly repeated, possibly followed by a closing quote or bracket),
# when a space comes next; French puts a space before ! and ?, which the pattern allows.
_FRENCH_END = re.compile(r"[.!?…]+[»\"”’')\]]*(?=\s)")
# Words whose full stop is not the end of a sentence (Mme. Dupont, St. Émilion, n. 5, cf. plus haut).
_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "cf", "ex", "env", "p", "pp",
     "vol", "no", "av", "bd", "réf", "ref", "approx", "min", "max", "hab"}
)  # fmt: skip
_WORD_BEFORE = re.compile(r"(\w+)$")
_CHINESE_END = re.compile(r"[。！？!?；;…]+[”’」』）)]*")


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Segment | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return Segment(stripped, start + lead, start + lead + len(stripped))


def _ends_a_french_sentence(line: str, match: re.Match[str]) -> bool:
    if not match.group().startswith("."):
        return True
    before = _WORD_BEFORE.search(line, 0, match.start())
    if before is None:
        return True
    word = before.group(1)
    if word.lower() in _ABBREVIATIONS:
        return False
    # An initial (J. Dupont) is not the end of a sentence.
    return not (len(word) == 1 and word.isupper())


def _split(text: str, ends: re.Pattern[str], *, french: bool) -> list[Segment]:
    segments: list[Segment] = []
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        start = 0
        for match in ends.finditer(line):
            if french and not _ends_a_french_sentence(line, match):
                continue
            found = _trimmed(text, line_start + start, line_start + match.end())
            if found is not None:
                segments.append(found)
            start = match.end()
        rest = _trimmed(text, line_start + start, line_end)
        if rest is not None:
            segments.append(rest)
    return segments


def french_sentences(text: str) -> list[Segment]:
    """The sentences of a French text, in order."""
    return _split(text, _FRENCH_END, french=True)


def chinese_sentences(text: str) -> list[Segment]:
    """The sentences of a Chinese text (cut after 。！？； and at line breaks), in order."""
    return _split(text, _CHINESE_END, french=False)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x3000 <= code <= 0x303F


def assemble(source: str, segments: Sequence[Segment], texts: Sequence[str]) -> str:
    """The text made of ``texts`` put where ``segments`` were in ``source``, with the source's line breaks.

    Spaces between two sentences stay where either side is not Chinese (a sentence left in French);
    between two Chinese sentences they go, as Chinese writes no space there.
    """
    if len(segments) != len(texts):
        raise ValueError("one text per segment")
    out: list[str] = []
    previous_end = 0
    for segment, text in zip(segments, texts, strict=True):
        gap = source[previous_end : segment.start] if out else ""
        if "\n" in gap or "\r" in gap:
            gap = "\n" * max(1, gap.count("\n") or gap.count("\r"))
        elif out and out[-1] and text and _is_cjk(out[-1][-1]) and _is_cjk(text[0]):
            gap = ""
        elif out:
            gap = " " if gap else ""
        out.append(gap)
        out.append(text)
        previous_end = segment.end
    return "".join(out)
