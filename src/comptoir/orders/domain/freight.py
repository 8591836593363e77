"""Freight charged to the buyer: a dated rate card per lane, read from a shipped file (never literals in code).

Each row gives, from a day on, the hub the lane's parcels leave from, the charge for the first unit and for
each further one, the goods value from which freight is free, and the hours a merchant takes to hand the
parcel over (the promise starts then). The row in force on a day is the latest one on or before it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from comptoir.kernel.money import Money, MoneyError

SHIPPED_PATH = Path(__file__).resolve().parent.parent / "data" / "freight.csv"
COLUMNS = (
    "lane",
    "effective_from",
    "origin",
    "first_unit",
    "each_further_unit",
    "free_from_goods",
    "preparation_hours",
)
LANES = ("FR-CN", "CN-FR")


@dataclass(frozen=True, slots=True)
class FreightRate:
    lane: str
    effective_from: date
    origin: str
    first_unit: Money
    each_further_unit: Money
    free_from_goods: Money | None
    preparation_hours: int

    @property
    def version(self) -> str:
        return f"freight:{self.lane}:{self.effective_from.isoformat()}"

    def charge(self, *, units: int, goods: Money) -> Money:
        """The freight of one parcel of ``units`` units worth ``goods`` (EUR, after any coupon)."""
        if self.free_from_goods is not None and goods >= self.free_from_goods:
            return Money.zero(self.first_unit.currency)
        return self.first_unit + self.each_further_unit.multiply(max(0, units - 1))


@dataclass(frozen=True, slots=True)
class FreightTable:
    rates: tuple[FreightRate, ...]

    def in_force(self, lane: str, on: date) -> FreightRate | None:
        candidates = [r for r in self.rates if r.lane == lane and r.effective_from <= on]
        return max(candidates, key=lambda r: r.effective_from, default=None)


def load_freight_table(text: str) -> FreightTable:
    """Every row checked; a bad row raises ValueError naming its line."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"the freight table's columns are {', '.join(COLUMNS)}")
    rates = []
    for number, row in enumerate(reader, start=2):
        try:
            if row["lane"] not in LANES:
                raise ValueError(f"lane is one of {', '.join(LANES)}")
            free = row["free_from_goods"].strip()
            rates.append(
                FreightRate(
                    lane=row["lane"],
                    effective_from=date.fromisoformat(row["effective_from"]),
                    origin=row["origin"].strip(),
                    first_unit=Money.parse(row["first_unit"], "EUR"),
                    each_further_unit=Money.parse(row["each_further_unit"], "EUR"),
                    free_from_goods=Money.parse(free, "EUR") if free else None,
                    preparation_hours=int(row["preparation_hours"]),
                )
            )
        except (ValueError, MoneyError, TypeError) as exc:
            raise ValueError(f"freight table, data row {number}: {exc}") from None
    return FreightTable(tuple(rates))


@cache
def shipped_freight_table() -> FreightTable:
    return load_freight_table(SHIPPED_PATH.read_text(encoding="utf-8"))
