"""The CBEC positive list: the 8-digit HS codes that may be sold to China as cross-border retail imports.

The list is dated data (customs.md): an edition with the day it took effect, read from a CSV file whose
header comment lines say so::

    # edition: 2022
    # effective_from: 2022-03-01
    hs_code,description_zh,description_en,note
    22042100,装入2升及以下容器的葡萄酒,"Still wine, in containers holding 2 l or less",

:func:`load_positive_list` checks every line before giving back a :class:`PositiveList` (8 digits, a real
HS subheading, no code twice, both descriptions given) and raises :class:`PositiveListInvalid` listing
every bad line with its number; a file with any bad line loads nothing. :func:`default_positive_list` is
the sample shipped for the seed categories; the full list is the same format in a bigger file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from comptoir.catalog.domain.codes import CodeInvalid, validate_hs_code

COLUMNS = ("hs_code", "description_zh", "description_en", "note")
SAMPLE_PATH = Path(__file__).resolve().parent.parent / "data" / "cbec_positive_list_2022_sample.csv"

_EIGHT_DIGITS = re.compile(r"^\d{8}$")
_META = re.compile(r"^#\s*(edition|effective_from)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class PositiveListProblem:
    """One bad line of a positive-list file: its line number in the file (1 is the first line) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class PositiveListInvalid(ValueError):
    """A positive-list file with at least one bad line; ``problems`` lists every one. Nothing was loaded."""

    code = "positive_list_invalid"

    def __init__(self, problems: list[PositiveListProblem]) -> None:
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"{len(problems)} problem(s) in the positive list; first: {first}")
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class PositiveListEntry:
    hs_code: str
    description_zh: str
    description_en: str
    note: str | None


@dataclass(frozen=True, slots=True)
class PositiveList:
    """One edition of the list, in force from ``effective_from``."""

    edition: str
    effective_from: date
    entries: Mapping[str, PositiveListEntry]

    def contains(self, code8: str) -> bool:
        """Whether the 8-digit HS code ``code8`` (dots and spaces allowed) is on the list."""
        return self.entry(code8) is not None

    def entry(self, code8: str) -> PositiveListEntry | None:
        """The list's line for ``code8``, or None when it is not on the list."""
        return self.entries.get(re.sub(r"[\s.]", "", code8))

    def in_force_on(self, day: date) -> bool:
        return day >= self.effective_from

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[PositiveListEntry]:
        return iter(self.entries.values())


def load_positive_list(
    path_or_text: Path | str, *, edition: str | None = None, effective_from: date | None = None
) -> PositiveList:
    """Read a positive list from a file (a :class:`Path`, or a ``str`` of one line) or from its text (a ``str``
    of several lines); ``edition`` and ``effective_from`` stand in for header lines the file lacks."""
    if isinstance(path_or_text, Path) or "\n" not in path_or_text:
        location = Path(path_or_text)
        try:
            text = location.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise PositiveListInvalid([PositiveListProblem(0, f"cannot read {location}: {exc}")]) from exc
    else:
        text = path_or_text
    return parse_positive_list(text, edition=edition, effective_from=effective_from)


def parse_positive_list(text: str, *, edition: str | None = None, effective_from: date | None = None) -> PositiveList:
    """The list in ``text``, or :class:`PositiveListInvalid` naming every bad line."""
    problems: list[PositiveListProblem] = []
    meta: dict[str, tuple[int, str]] = {}
    entries: dict[str, PositiveListEntry] = {}
    first_seen: dict[str, int] = {}
    header_seen = False
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            match = _META.match(line.strip())
            if match:
                meta[match.group(1)] = (number, match.group(2))
            continue
        cells = [cell.strip() for cell in next(csv.reader(io.StringIO(line)))]
        if not header_seen:
            header_seen = True
            if tuple(cells) != COLUMNS:
                problems.append(PositiveListProblem(number, f"the header must be {','.join(COLUMNS)}"))
            continue
        _read_line(number, cells, entries, first_seen, problems)
    if not header_seen:
        problems.append(PositiveListProblem(len(lines) or 1, f"no header line {','.join(COLUMNS)}"))
    elif not entries and not problems:
        problems.append(PositiveListProblem(len(lines), "the list has no HS code"))

    edition = edition or _meta_text(meta, "edition", problems)
    effective_from = effective_from or _meta_date(meta, problems)
    if problems or edition is None or effective_from is None:
        raise PositiveListInvalid(sorted(problems, key=lambda p: p.line))
    return PositiveList(edition=edition, effective_from=effective_from, entries=MappingProxyType(entries))


def _read_line(
    number: int,
    cells: list[str],
    entries: dict[str, PositiveListEntry],
    first_seen: dict[str, int],
    problems: list[PositiveListProblem],
) -> None:
    if len(cells) != len(COLUMNS):
        problems.append(
            PositiveListProblem(number, f"expected {len(COLUMNS)} columns ({', '.join(COLUMNS)}), got {len(cells)}")
        )
        return
    code, description_zh, description_en, note = cells
    if not _EIGHT_DIGITS.match(code):
        problems.append(PositiveListProblem(number, f"hs_code {code!r} is not 8 digits"))
        return
    try:
        validate_hs_code(code)
    except CodeInvalid as exc:
        problems.append(PositiveListProblem(number, exc.reason))
        return
    if code in first_seen:
        problems.append(PositiveListProblem(number, f"hs_code {code} is already on line {first_seen[code]}"))
        return
    first_seen[code] = number
    missing = [
        name for name, value in (("description_zh", description_zh), ("description_en", description_en)) if not value
    ]
    if missing:
        problems.append(PositiveListProblem(number, f"{' and '.join(missing)} missing for {code}"))
        return
    entries[code] = PositiveListEntry(code, description_zh, description_en, note or None)


def _meta_text(meta: dict[str, tuple[int, str]], key: str, problems: list[PositiveListProblem]) -> str | None:
    if key not in meta or not meta[key][1]:
        problems.append(PositiveListProblem(1, f"no '# {key}: …' header line (the list is dated data)"))
        return None
    return meta[key][1]


def _meta_date(meta: dict[str, tuple[int, str]], problems: list[PositiveListProblem]) -> date | None:
    value = _meta_text(meta, "effective_from", problems)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(
            PositiveListProblem(meta["effective_from"][0], f"effective_from {value!r} is not a date YYYY-MM-DD")
        )
        return None


@cache
def default_positive_list() -> PositiveList:
    """The sample shipped with Comptoir for the seed categories (read once)."""
    return load_positive_list(SAMPLE_PATH)
