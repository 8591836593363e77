"""Use cases of the rules: load the shipped rule files into the tables, the rules of a day, and a quote.

Where the rules come from: :func:`load_rules` stores the rows of the files shipped in ``customs/data/`` (the demo
and ``comptoir customs load-rules`` run it; loading again changes nothing, a corrected file corrects the rows).
:func:`customs_rules` reads the rows in force on a day from the tables; while no rule was ever stored (a fresh
``comptoir db upgrade``), it reads the shipped files instead, as the catalog does with its positive-list sample,
so a server quotes from its first request without a write on the read path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from comptoir import catalog
from comptoir.customs import repository
from comptoir.customs.domain import (
    Basket,
    CustomsRules,
    LandedCost,
    PositiveListView,
    RuleRow,
    compute_landed_cost,
    parse_rule_file,
    rules_in_force,
)
from comptoir.customs.errors import CustomsRulesInvalid, RuleProblem
from comptoir.kernel.unit_of_work import UnitOfWork

SHIPPED_RULES_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class RuleFileReport:
    """What loading one rule file did: its rule set, the versions it holds, and rows new, corrected, unchanged."""

    file: str
    rule_set: str
    versions: tuple[str, ...]
    rows: int
    inserted: int
    updated: int
    unchanged: int


def read_rule_file(path: Path) -> list[RuleRow]:
    """The rows of the rule file at ``path`` (UTF-8), every line checked."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CustomsRulesInvalid([RuleProblem(path.name, 0, f"cannot read it: {exc}")]) from exc
    return parse_rule_file(text, file=path.name)


def shipped_rule_files() -> list[Path]:
    return sorted(SHIPPED_RULES_DIR.glob("*.csv"))


@cache
def shipped_rules() -> tuple[RuleRow, ...]:
    """Every row of the rule files shipped with Comptoir (read and checked once per process)."""
    rows: list[RuleRow] = []
    for path in shipped_rule_files():
        rows.extend(read_rule_file(path))
    return tuple(rows)


def shipped_rules_on(on: date, positive_list: PositiveListView | None = None) -> CustomsRules:
    """The rules of day ``on`` from the shipped files and the catalog's shipped positive list: what
    ``comptoir customs quote`` computes with, without a database."""
    return rules_in_force(
        shipped_rules(),
        on=on,
        positive_list=positive_list or catalog.default_positive_list(),
        hs_subheadings=catalog.hs_subheadings(),
    )


async def load_rules(uow: UnitOfWork, *, paths: Sequence[Path] | None = None) -> list[RuleFileReport]:
    """Store the rows of the rule files (the shipped ones by default); every file is checked before any is stored."""
    files = [(path, read_rule_file(path)) for path in (paths if paths is not None else shipped_rule_files())]
    for key in [k for k in uow.memo if k[:2] == ("customs", "rules")]:
        del uow.memo[key]  # rules read earlier in this unit of work are about to change
    now = uow.clock.now()
    reports = []
    for path, rows in files:
        inserted, updated, unchanged = await repository.store_rules(uow.session, rows, now=now)
        reports.append(
            RuleFileReport(
                file=path.name,
                rule_set=rows[0].rule_set,
                versions=tuple(sorted({r.version for r in rows})),
                rows=len(rows),
                inserted=inserted,
                updated=updated,
                unchanged=unchanged,
            )
        )
    return reports


async def customs_rules(uow: UnitOfWork, *, on: date) -> CustomsRules:
    """The customs rules in force on ``on``: the stored rows (else the shipped files) and the catalog's
    positive list in force that day. Read once per unit of work and day (a checkout asks several times)."""
    key = ("customs", "rules", on)
    kept = uow.memo.get(key)
    if isinstance(kept, CustomsRules):
        return kept
    stored = await repository.rules_on(uow.session, on)
    positive = await catalog.positive_list_in_force(uow, on=on)
    rules = rules_in_force(
        stored if stored is not None else shipped_rules(),
        on=on,
        positive_list=positive,
        hs_subheadings=catalog.hs_subheadings(),
    )
    uow.memo[key] = rules
    return rules


async def landed_cost(uow: UnitOfWork, *, basket: Basket) -> LandedCost:
    """The landed cost of ``basket`` under the rules in force on ``basket.on`` (raises ``BasketInvalid`` for a
    basket that is not one; a refusal by customs is an answer with ``allowed`` false)."""
    return compute_landed_cost(basket, await customs_rules(uow, on=basket.on))
