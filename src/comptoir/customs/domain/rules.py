"""Customs rules as dated data: the rule files Comptoir ships, their strict parser, and the rules in force on a day.

Every rate, limit and list is a row of a CSV file in ``customs/data/`` (never a literal in code). A file names
its rule set in a header comment, then has a header line and rows; each row carries ``effective_from``,
``effective_to`` (the first day it no longer applies; empty while it is in force) and a ``version``::

    # rules: cn-rates
    hs_prefix,vat,consumption_tax,mfn_tariff,...,effective_from,effective_to,version
    2204,0.13,0.10,0.14,,,,wine,2026-01-01,,2026-01-01

:func:`parse_rule_file` checks every line (known rule set, exact header, prefixes of 1 to 8 digits or ``*``,
rates between 0 and 1, amounts, dates, no two rows of one key in force on the same day) and raises
:class:`~comptoir.customs.errors.CustomsRulesInvalid` naming every bad line; a file with any bad line gives
nothing. :func:`rules_in_force` turns rows (from the files, or from the tables they were loaded into) into the
:class:`CustomsRules` of one day, which the landed-cost engine reads. Rates are matched on the longest prefix
of a code's 8 digits.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Protocol, TypeVar

from comptoir.customs.errors import CustomsRulesInvalid, RuleProblem
from comptoir.kernel.money import Money

COMMON_COLUMNS = ("effective_from", "effective_to", "version")

_PREFIX = re.compile(r"^(\d{1,8}|\*)$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RATIO = re.compile(r"^\d(\.\d{1,6})?$")
_AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_VERSION = re.compile(r"^[\w.\-]{1,40}$")
_META = re.compile(r"^#\s*rules\s*:\s*(\S+)\s*$")

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class RuleSet:
    """What the rows of one rule set look like: their columns (before the common ones), the key column, how
    each column is checked, and, for named values, the names allowed with their unit."""

    name: str
    columns: tuple[str, ...]
    kinds: Mapping[str, str]  # column -> prefix | ratio | ratio? | amount? | text | name | amount-or-ratio | unit
    names: Mapping[str, str] = field(default_factory=dict)  # value name -> unit (CNY, EUR or ratio)

    @property
    def key(self) -> str:
        return self.columns[0]


RULE_SETS: dict[str, RuleSet] = {
    rule_set.name: rule_set
    for rule_set in (
        RuleSet(
            "cn-cbec-limits",
            ("name", "value", "unit"),
            {"name": "name", "value": "value", "unit": "unit"},
            {
                "single_order_limit": "CNY",
                "annual_limit": "CNY",
                "within_limits_factor": "ratio",
                "declared_tax_tolerance": "ratio",
            },
        ),
        RuleSet(
            "cn-rates",
            (
                "hs_prefix",
                "vat",
                "consumption_tax",
                "mfn_tariff",
                "high_end_consumption_tax",
                "high_end_cny_per_ml_g",
                "high_end_cny_per_piece",
                "description",
            ),
            {
                "hs_prefix": "prefix",
                "vat": "ratio",
                "consumption_tax": "ratio",
                "mfn_tariff": "ratio",
                "high_end_consumption_tax": "ratio?",
                "high_end_cny_per_ml_g": "amount?",
                "high_end_cny_per_piece": "amount?",
                "description": "text",
            },
        ),
        RuleSet(
            "fr-vat",
            ("hs_prefix", "vat", "description"),
            {"hs_prefix": "prefix", "vat": "ratio", "description": "text"},
        ),
        RuleSet(
            "eu-mfn-duties",
            ("hs_prefix", "duty", "description"),
            {"hs_prefix": "prefix", "duty": "ratio", "description": "text"},
        ),
        RuleSet(
            "eu-low-value",
            ("name", "value", "unit"),
            {"name": "name", "value": "value", "unit": "unit"},
            {"ioss_ceiling": "EUR", "flat_duty_per_subheading": "EUR"},
        ),
        RuleSet("excise", ("hs_prefix", "description"), {"hs_prefix": "prefix", "description": "text"}),
    )
}


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One row of a rule file: its rule set, key (a prefix or a name), dates, version and cells (as written)."""

    rule_set: str
    key: str
    effective_from: date
    effective_to: date | None
    version: str
    cells: Mapping[str, str]

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    @property
    def label(self) -> str:
        """How a quote names the rule version it used: ``cn-rates:2026-01-01``."""
        return f"{self.rule_set}:{self.version}"


def parse_rule_file(text: str, *, file: str = "rules") -> list[RuleRow]:
    """Every row of a rule file's ``text``, or :class:`CustomsRulesInvalid` naming each bad line."""
    problems: list[RuleProblem] = []
    rows: list[RuleRow] = []
    rule_set: RuleSet | None = None
    header_seen = False
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            match = _META.match(line.strip())
            if match and rule_set is None and not header_seen:
                rule_set = RULE_SETS.get(match.group(1))
                if rule_set is None:
                    known = ", ".join(sorted(RULE_SETS))
                    problems.append(RuleProblem(file, number, f"unknown rule set {match.group(1)!r} (known: {known})"))
                    break
            continue
        if rule_set is None:
            if not problems:
                problems.append(RuleProblem(file, number, "no '# rules: NAME' line before the header"))
            break
        cells = [cell.strip() for cell in next(csv.reader(io.StringIO(line)))]
        expected = (*rule_set.columns, *COMMON_COLUMNS)
        if not header_seen:
            header_seen = True
            if tuple(cells) != expected:
                problems.append(RuleProblem(file, number, f"the header must be {','.join(expected)}"))
                break
            continue
        row = _read_row(rule_set, file, number, dict(zip(expected, cells, strict=False)), len(cells), problems)
        if row is not None:
            rows.append(row)
    if not problems and not header_seen:
        problems.append(RuleProblem(file, len(lines), "no header line"))
    elif not problems and not rows:
        problems.append(RuleProblem(file, len(lines), "the file has no rule"))
    if not problems:
        problems.extend(_overlaps(rows, file))
    if problems:
        raise CustomsRulesInvalid(problems)
    return rows


def _read_row(
    rule_set: RuleSet, file: str, number: int, cells: dict[str, str], count: int, problems: list[RuleProblem]
) -> RuleRow | None:
    width = len(rule_set.columns) + len(COMMON_COLUMNS)
    if count != width:
        problems.append(RuleProblem(file, number, f"expected {width} columns, got {count}"))
        return None
    reasons: list[str] = []
    for column in rule_set.columns:
        reason = _cell_problem(rule_set, rule_set.kinds[column], column, cells)
        if reason:
            reasons.append(reason)
    start = _day(cells["effective_from"])
    end = _day(cells["effective_to"]) if cells["effective_to"] else None
    if start is None:
        reasons.append(f"effective_from {cells['effective_from']!r} is not a date YYYY-MM-DD")
    if cells["effective_to"] and end is None:
        reasons.append(f"effective_to {cells['effective_to']!r} is not a date YYYY-MM-DD (or empty)")
    if start is not None and end is not None and end <= start:
        reasons.append(f"effective_to {end} is not after effective_from {start}")
    if not _VERSION.match(cells["version"]):
        reasons.append(f"version {cells['version']!r} must be a short word such as 2026-01-01")
    if reasons or start is None:
        problems.extend(RuleProblem(file, number, reason) for reason in reasons)
        return None
    own = MappingProxyType({column: cells[column] for column in rule_set.columns})
    return RuleRow(rule_set.name, cells[rule_set.key], start, end, cells["version"], own)


def _cell_problem(rule_set: RuleSet, kind: str, column: str, cells: dict[str, str]) -> str | None:
    value = cells[column]
    if kind == "prefix":
        return None if _PREFIX.match(value) else f"{column} {value!r} must be 1 to 8 digits of an HS code, or *"
    if kind == "text":
        return None if value else f"{column} is empty"
    if kind == "name":
        known = ", ".join(rule_set.names)
        return None if value in rule_set.names else f"{column} {value!r} is not one of {known}"
    if kind == "unit":
        wanted = rule_set.names.get(cells["name"])
        return None if wanted is None or value == wanted else f"unit of {cells['name']} must be {wanted}, not {value!r}"
    if kind == "value":
        unit = rule_set.names.get(cells["name"])
        return _ratio_problem(column, value) if unit == "ratio" else _amount_problem(column, value)
    if kind.endswith("?") and not value:
        return None
    if kind.startswith("ratio"):
        return _ratio_problem(column, value)
    return _amount_problem(column, value)


def _ratio_problem(column: str, value: str) -> str | None:
    if not _RATIO.match(value) or Decimal(value) >= 1:
        return f"{column} {value!r} must be a rate from 0 to less than 1 with at most 6 decimals, e.g. 0.13"
    return None


def _amount_problem(column: str, value: str) -> str | None:
    if not _AMOUNT.match(value):
        return f"{column} {value!r} must be an amount with at most 2 decimals, e.g. 5000.00"
    return None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if _DAY.match(text) else None
    except ValueError:
        return None


def _overlaps(rows: Sequence[RuleRow], file: str) -> list[RuleProblem]:
    """Two rows of one key whose periods overlap: the rule of a day would be ambiguous."""
    problems = []
    by_key: dict[tuple[str, str], list[RuleRow]] = {}
    for row in rows:
        by_key.setdefault((row.rule_set, row.key), []).append(row)
    for (_, key), same in by_key.items():
        ordered = sorted(same, key=lambda r: r.effective_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.effective_to is None or later.effective_from < earlier.effective_to:
                problems.append(
                    RuleProblem(file, 0, f"two rows for {key} are in force together from {later.effective_from}")
                )
    return problems


class PositiveListView(Protocol):
    """What the engine needs of the CBEC positive list (the catalog's ``PositiveList`` is one)."""

    @property
    def edition(self) -> str: ...

    def contains(self, code8: str) -> bool: ...

    def in_force_on(self, day: date) -> bool: ...


@dataclass(frozen=True, slots=True)
class CnRate:
    """China's rates for the codes under ``prefix``."""

    prefix: str
    vat: Decimal
    consumption_tax: Decimal
    mfn_tariff: Decimal
    high_end_consumption_tax: Decimal | None
    high_end_per_ml_g: Decimal | None
    high_end_per_piece: Decimal | None
    label: str


@dataclass(frozen=True, slots=True)
class PrefixRate:
    """One rate (French VAT, EU duty) for the codes under ``prefix`` (``""`` is every code)."""

    prefix: str
    rate: Decimal
    label: str


@dataclass(frozen=True, slots=True)
class RuleValue:
    """A named limit or factor: an amount (``money``) or a ratio (``ratio``), and the rule version it comes from."""

    money: Money | None
    ratio: Decimal | None
    label: str


@dataclass(frozen=True, slots=True)
class CustomsRules:
    """Every customs rule in force on ``on``: what :func:`~comptoir.customs.domain.compute_landed_cost` reads.

    ``positive_list`` is the CBEC list (None: none known) and ``hs_subheadings`` the 6-digit subheadings of the
    HS nomenclature; both come from the catalog.
    """

    on: date
    cn_limits: Mapping[str, RuleValue]
    cn_rates: Mapping[str, CnRate]
    fr_vat: Mapping[str, PrefixRate]
    eu_duties: Mapping[str, PrefixRate]
    eu_low_value: Mapping[str, RuleValue]
    excise: Mapping[str, str]  # prefix -> label
    positive_list: PositiveListView | None
    hs_subheadings: Collection[str]

    def cn_rate(self, code8: str) -> CnRate | None:
        return longest_prefix(self.cn_rates, code8)

    def french_vat(self, code8: str) -> PrefixRate | None:
        return longest_prefix(self.fr_vat, code8)

    def eu_duty(self, code8: str) -> PrefixRate | None:
        return longest_prefix(self.eu_duties, code8)

    def excise_label(self, code8: str) -> str | None:
        return longest_prefix(self.excise, code8)


def longest_prefix(table: Mapping[str, V], code8: str) -> V | None:
    """The value of the longest key of ``table`` that starts ``code8`` (``""`` matches every code)."""
    for length in range(len(code8), -1, -1):
        found = table.get(code8[:length])
        if found is not None:
            return found
    return None


def rules_in_force(
    rows: Iterable[RuleRow],
    *,
    on: date,
    positive_list: PositiveListView | None,
    hs_subheadings: Collection[str],
) -> CustomsRules:
    """The :class:`CustomsRules` of day ``on`` from rule rows (of the shipped files or of the tables)."""
    in_force: dict[str, list[RuleRow]] = {name: [] for name in RULE_SETS}
    for row in rows:
        if row.in_force_on(on) and row.rule_set in in_force:
            in_force[row.rule_set].append(row)
    return CustomsRules(
        on=on,
        cn_limits=MappingProxyType({r.key: _value(r) for r in in_force["cn-cbec-limits"]}),
        cn_rates=MappingProxyType({_prefix(r.key): _cn_rate(r) for r in in_force["cn-rates"]}),
        fr_vat=MappingProxyType({_prefix(r.key): _prefix_rate(r, "vat") for r in in_force["fr-vat"]}),
        eu_duties=MappingProxyType({_prefix(r.key): _prefix_rate(r, "duty") for r in in_force["eu-mfn-duties"]}),
        eu_low_value=MappingProxyType({r.key: _value(r) for r in in_force["eu-low-value"]}),
        excise=MappingProxyType({_prefix(r.key): r.label for r in in_force["excise"]}),
        positive_list=positive_list,
        hs_subheadings=hs_subheadings,
    )


def _prefix(key: str) -> str:
    return "" if key == "*" else key


def _optional(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _value(row: RuleRow) -> RuleValue:
    unit = row.cells["unit"]
    if unit == "ratio":
        return RuleValue(None, Decimal(row.cells["value"]), row.label)
    return RuleValue(Money.parse(row.cells["value"], unit), None, row.label)


def _cn_rate(row: RuleRow) -> CnRate:
    c = row.cells
    return CnRate(
        prefix=_prefix(row.key),
        vat=Decimal(c["vat"]),
        consumption_tax=Decimal(c["consumption_tax"]),
        mfn_tariff=Decimal(c["mfn_tariff"]),
        high_end_consumption_tax=_optional(c["high_end_consumption_tax"]),
        high_end_per_ml_g=_optional(c["high_end_cny_per_ml_g"]),
        high_end_per_piece=_optional(c["high_end_cny_per_piece"]),
        label=row.label,
    )


def _prefix_rate(row: RuleRow, column: str) -> PrefixRate:
    try:
        rate = Decimal(row.cells[column])
    except InvalidOperation as exc:  # pragma: no cover - parse_rule_file checked it
        raise ValueError(f"{row.label} {row.key}: {column} is not a rate") from exc
    return PrefixRate(_prefix(row.key), rate, row.label)
