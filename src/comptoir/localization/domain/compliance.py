"""The compliance lint: absolute claims and health claims that Chinese law forbids in product content.

The rules come from a dated data file shipped with the package (``localization/data/compliance_terms.toml``):
families of terms, each with a stable rule id, a severity, the law it comes from, the reason people read
and the categories it applies to. :func:`lint` finds every term of the families that apply to a product's
category in a Chinese text and answers one :class:`ComplianceFinding` per occurrence, with its offsets.

Matching is literal, on a folded copy of the text that keeps every character's offset: full-width Latin
letters, digits and signs become ASCII (１００％ is 100%), Latin capitals become small letters (NO.1 is no.1).
Where terms overlap, the longest one starting first wins (全网第一 is one finding, not two). A term inside
one of its family's ``exceptions`` (第一 inside 第一次, "the first time") is not flagged.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

#: The data file of the rules, shipped in the package.
RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "compliance_terms.toml"


class Severity(StrEnum):
    """``blocking``: the content cannot be approved while it is there; ``warning``: check before approving."""

    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ComplianceRule:
    """One family of terms: why they are refused, where, and how badly."""

    rule: str
    severity: Severity
    law: str
    reason: str
    terms: tuple[str, ...]
    exceptions: tuple[str, ...] = ()
    #: The categories it applies to; ``None`` for every category.
    categories: frozenset[str] | None = None

    def applies_to(self, category: str | None) -> bool:
        """Whether the family applies to a product of ``category`` (``None``: only families for every category)."""
        return self.categories is None or (category is not None and category in self.categories)


@dataclass(frozen=True, slots=True)
class ComplianceFinding:
    """A term found at ``[start, end)`` of the text of ``field`` (offsets count characters, not bytes)."""

    term: str
    start: int
    end: int
    rule: str
    severity: Severity
    reason: str
    law: str
    field: str = "text"

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.BLOCKING


@dataclass(frozen=True, slots=True)
class ComplianceRules:
    """Every family of the data file, and the date the list was last reviewed."""

    as_of: date
    sources: tuple[str, ...]
    families: tuple[ComplianceRule, ...]

    def for_category(self, category: str | None) -> list[ComplianceRule]:
        return [family for family in self.families if family.applies_to(category)]

    def rule(self, rule_id: str) -> ComplianceRule:
        for family in self.families:
            if family.rule == rule_id:
                return family
        raise KeyError(rule_id)

    def lint(self, text: str, *, category: str | None, field: str = "text") -> list[ComplianceFinding]:
        """Every finding in ``text`` for a product of ``category``, in the order of the text."""
        return lint(text, rules=self.for_category(category), field=field)


def fold(text: str) -> str:
    """``text`` with full-width ASCII folded to ASCII and Latin capitals to small letters, offsets unchanged."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    code = ord(c)
    if 0xFF01 <= code <= 0xFF5E:
        c = chr(code - 0xFEE0)
    elif code == 0x3000:
        c = " "
    return c.lower() if "A" <= c <= "Z" else c


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    start = haystack.find(needle)
    while start != -1:
        yield start
        start = haystack.find(needle, start + 1)


def lint(text: str, *, rules: Iterable[ComplianceRule], field: str = "text") -> list[ComplianceFinding]:
    """Every occurrence in ``text`` of a term of ``rules``, longest first where they overlap, in text order."""
    folded = fold(text)
    candidates: list[tuple[int, int, ComplianceRule]] = []
    for family in rules:
        excused = [
            (at, at + len(word))
            for exception in family.exceptions
            if (word := fold(exception))
            for at in _occurrences(folded, word)
        ]
        for term in family.terms:
            needle = fold(term)
            if not needle:
                continue
            for at in _occurrences(folded, needle):
                end = at + len(needle)
                if not any(x_start <= at and end <= x_end for x_start, x_end in excused):
                    candidates.append((at, end, family))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2].severity is not Severity.BLOCKING))
    findings: list[ComplianceFinding] = []
    reached = 0
    for start, end, family in candidates:
        if start < reached:
            continue  # inside (or across) a longer finding already kept
        reached = end
        findings.append(
            ComplianceFinding(
                term=text[start:end],
                start=start,
                end=end,
                rule=family.rule,
                severity=family.severity,
                reason=family.reason,
                law=family.law,
                field=field,
            )
        )
    return findings


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where} must be a list of non-empty strings")
    return tuple(value)


def parse_rules(document: Mapping[str, Any]) -> ComplianceRules:
    """The rules of a parsed data file; a family with a missing or wrong field raises ValueError."""
    as_of = document.get("as_of")
    if not isinstance(as_of, str):
        raise ValueError("as_of must be a date such as 2025-06-01")
    families = []
    seen: set[str] = set()
    for index, raw in enumerate(document.get("families", [])):
        where = f"families[{index}]"
        rule = raw.get("rule")
        if not isinstance(rule, str) or not rule or rule in seen:
            raise ValueError(f"{where}.rule must be a unique non-empty string")
        seen.add(rule)
        for key in ("law", "reason"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise ValueError(f"{where}.{key} must be a non-empty string")
        categories = raw.get("categories")
        families.append(
            ComplianceRule(
                rule=rule,
                severity=Severity(raw.get("severity")),
                law=raw["law"],
                reason=raw["reason"],
                terms=_strings(raw.get("terms"), f"{where}.terms"),
                exceptions=_strings(raw.get("exceptions", []), f"{where}.exceptions") if raw.get("exceptions") else (),
                categories=None if categories is None else frozenset(_strings(categories, f"{where}.categories")),
            )
        )
    return ComplianceRules(
        as_of=date.fromisoformat(as_of),
        sources=_strings(document.get("sources", ["unspecified"]), "sources"),
        families=tuple(families),
    )


@cache
def compliance_rules() -> ComplianceRules:
    """The rules shipped with Comptoir (read once)."""
    return parse_rules(tomllib.loads(RULES_FILE.read_text("utf-8")))
