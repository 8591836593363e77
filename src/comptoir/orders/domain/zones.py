"""The delivery zones a buyer chooses from, read from the shipped table (zone code and its name per language)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ZONES_PATH = Path(__file__).resolve().parent.parent / "data" / "zones.csv"


@dataclass(frozen=True, slots=True)
class Zone:
    code: str
    name_zh: str
    name_fr: str
    name_en: str

    @property
    def country(self) -> str:
        return self.code[:2]

    def name(self, locale: str) -> str:
        return self.name_zh if locale.startswith("zh") else self.name_fr if locale == "fr" else self.name_en


@cache
def delivery_zones() -> dict[str, Zone]:
    text = "\n".join(line for line in ZONES_PATH.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {
        row["zone"]: Zone(row["zone"], row["name_zh"], row["name_fr"], row["name_en"])
        for row in csv.DictReader(io.StringIO(text))
    }
