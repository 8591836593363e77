"""What the catalog tells the rest of the platform (typed events, through the outbox)."""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.events import event


@event("catalog.ProductSubmitted", version=1)
@dataclass(frozen=True)
class ProductSubmitted:
    """The French content of ``product_id`` at ``source_version`` is ready for its Chinese page."""

    product_id: str
    store_id: str
    operator_org_id: str
    source_version: int


@event("catalog.ProductPublished", version=1)
@dataclass(frozen=True)
class ProductPublished:
    """The product is now visible on the Chinese storefront (or its visible content changed)."""

    product_id: str


@event("catalog.ProductWithdrawn", version=1)
@dataclass(frozen=True)
class ProductWithdrawn:
    """The product is no longer visible on the Chinese storefront."""

    product_id: str
