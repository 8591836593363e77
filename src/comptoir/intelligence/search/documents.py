"""What the search index holds for a product, and the JSON line ``comptoir search index`` reads.

One product per line, exactly the shape of the catalog's ``SearchDocument.as_json()``::

    {"id": "demo-001", "brand": {"name": "Lancôme", "name_zh": "兰蔻"},
     "title": {"zh-Hans": "...", "fr": "...", "en": "..."}, "description": {"zh-Hans": "...", "fr": "..."},
     "category": "cosmetics_skincare"}

``brand.name_zh`` may be null or absent, ``title.en`` and each description may be absent. Pure: the
file itself is read by the command.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LOCALES = ("zh-Hans", "fr", "en")
_CATEGORY = re.compile(r"^[a-z][a-z_]{0,63}$")
MAX_ID_LENGTH = 200
MAX_TEXT_LENGTH = 20_000


class ProductLineInvalid(ValueError):
    """A product line that cannot be indexed; the message says what is wrong with it."""


@dataclass(frozen=True, slots=True)
class ProductDocument:
    """A product as search sees it: its brand, its titles and descriptions by locale, its category."""

    id: str
    brand_name: str
    brand_name_zh: str | None
    title: Mapping[str, str]
    description: Mapping[str, str] = field(default_factory=dict)
    category: str = ""

    def as_json(self) -> dict[str, Any]:
        """The product line of ``comptoir search index``."""
        return {
            "id": self.id,
            "brand": {"name": self.brand_name, "name_zh": self.brand_name_zh},
            "title": dict(self.title),
            "description": dict(self.description),
            "category": self.category,
        }

    @property
    def brand_text(self) -> str:
        return " ".join(t for t in (self.brand_name, self.brand_name_zh) if t)

    @property
    def title_text(self) -> str:
        return " ".join(self.title[locale] for locale in LOCALES if self.title.get(locale))

    @property
    def description_text(self) -> str:
        return " ".join(self.description[locale] for locale in LOCALES if self.description.get(locale))


def parse_product_line(line: str) -> ProductDocument:
    """The product a JSON line describes, or :class:`ProductLineInvalid` saying what is wrong with it."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ProductLineInvalid(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    return product_from_json(item)


def product_from_json(item: Any) -> ProductDocument:
    """The product a decoded JSON value describes, or :class:`ProductLineInvalid`."""
    if not isinstance(item, dict):
        raise ProductLineInvalid("expected a JSON object")
    missing = [k for k in ("id", "brand", "title", "category") if k not in item]
    if missing:
        raise ProductLineInvalid(f"missing {', '.join(missing)}")
    unknown = sorted(set(item) - {"id", "brand", "title", "description", "category"})
    if unknown:
        raise ProductLineInvalid(f"unexpected key(s) {', '.join(unknown)}")
    identifier = item["id"]
    if not isinstance(identifier, str) or not identifier.strip() or len(identifier) > MAX_ID_LENGTH:
        raise ProductLineInvalid(f"id must be a non-empty string of at most {MAX_ID_LENGTH} characters")
    if identifier != identifier.strip():
        raise ProductLineInvalid("id must not start or end with spaces")
    brand = item["brand"]
    if not isinstance(brand, dict):
        raise ProductLineInvalid('brand must be an object {"name", "name_zh"}')
    unknown = sorted(set(brand) - {"name", "name_zh"})
    if unknown:
        raise ProductLineInvalid(f"brand: unexpected key(s) {', '.join(unknown)}")
    name = _text(brand.get("name"), "brand.name", required=True)
    name_zh = _text(brand.get("name_zh"), "brand.name_zh", required=False)
    title = _localised(item["title"], "title", required=("zh-Hans", "fr"))
    description = _localised(item.get("description", {}), "description", required=(), allowed=("zh-Hans", "fr", "en"))
    category = item["category"]
    if not isinstance(category, str) or not _CATEGORY.match(category):
        raise ProductLineInvalid("category must be a category code such as cosmetics_skincare")
    assert name is not None
    return ProductDocument(identifier, name, name_zh, title, description, category)


def _text(value: Any, where: str, *, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProductLineInvalid(f"{where} must be a non-empty string" + ("" if required else " or null"))
    if len(value) > MAX_TEXT_LENGTH:
        raise ProductLineInvalid(f"{where} is longer than {MAX_TEXT_LENGTH} characters")
    return value if value.strip() else None


def _localised(
    value: Any, where: str, *, required: tuple[str, ...], allowed: tuple[str, ...] = LOCALES
) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ProductLineInvalid(f"{where} must be an object keyed by locale ({', '.join(allowed)})")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ProductLineInvalid(f"{where}: unknown locale(s) {', '.join(unknown)} (expected {', '.join(allowed)})")
    texts: dict[str, str] = {}
    for locale in allowed:
        if locale in value:
            text = _text(value[locale], f"{where}.{locale}", required=locale in required)
            if text is not None:
                texts[locale] = text
        elif locale in required:
            raise ProductLineInvalid(f"{where}.{locale} is missing")
    return texts
