"""The demo catalog (``simulation/data/demo_catalog.json``) as search sees it: its published products.

Only products whose ``state`` is ``published`` are on the Chinese storefront, so only those are indexed
(the labelled relevance set names only those). A product sold by a brand carries that brand's names; one
listed by a small merchant in the pavilion carries the merchant's. The glossary, and every brand's,
merchant's and the pavilion's pair of names, are the (Latin, Chinese) equivalents the index learns:
their Chinese joins the segmenter's user dictionary, and a query naming the Latin also looks up the
Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comptoir.intelligence.search.documents import ProductDocument, ProductLineInvalid, product_from_json

#: Where the demo content lives; read by path, as data (simulation is an entry point nobody imports).
DEMO_CATALOG = Path(__file__).resolve().parents[2] / "simulation" / "data" / "demo_catalog.json"


@dataclass(frozen=True, slots=True)
class DemoSearchContent:
    products: list[ProductDocument]
    equivalents: list[tuple[str, str]]


def demo_search_content(catalog: Mapping[str, Any]) -> DemoSearchContent:
    """The published products of a demo catalog document, as index lines, and the glossary's equivalents."""
    sellers: dict[tuple[str, str], Mapping[str, Any]] = {}
    for kind, key in (("brand", "brands"), ("merchant", "merchants")):
        for seller in catalog.get(key, []):
            sellers[(kind, seller["key"])] = seller
    products = []
    for product in catalog.get("products", []):
        if product.get("state") != "published":
            continue
        seller_ref = product.get("seller") or {}
        [(kind, key)] = list(seller_ref.items()) or [("", "")]
        seller = sellers.get((kind, key))
        if seller is None:
            raise ProductLineInvalid(f"product {product.get('id')!r}: unknown seller {seller_ref!r}")
        line = {
            "id": product["id"],
            "brand": {"name": seller["name"], "name_zh": seller.get("name_zh")},
            "title": product["title"],
            "description": product.get("description", {}),
            "category": product["category"],
        }
        try:
            products.append(product_from_json(line))
        except ProductLineInvalid as exc:
            raise ProductLineInvalid(f"product {product.get('id')!r}: {exc}") from None
    named = [*sellers.values(), catalog.get("pavilion") or {}]
    pairs = [(n.get("name"), n.get("name_zh")) for n in named]
    pairs += [(entry.get("fr"), entry.get("zh")) for entry in catalog.get("glossary", [])]
    equivalents = [(fr, zh) for fr, zh in pairs if isinstance(fr, str) and isinstance(zh, str) and fr and zh]
    return DemoSearchContent(products, equivalents)
