"""The catalog's values: stores and pavilions, products and their SKUs, content per locale, and the rules
that decide what a small merchant may list and what the Chinese storefront shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from comptoir.kernel.money import Money

#: A lite listing in a pavilion holds at most this many SKUs; past it, the merchant opens a store.
LITE_LISTING_MAX_SKUS = 20
#: Photos per product.
MAX_MEDIA_PER_PRODUCT = 8
#: The highest price a SKU may carry, in euro cents (100,000.00 EUR): anything above is a typing slip.
MAX_PRICE_MINOR = 10_000_000
MAX_STOCK = 1_000_000
CONTENT_LOCALES = ("zh-Hans", "fr", "en")


class Category(StrEnum):
    """The categories the business names first; stored and sent as these very strings."""

    COSMETICS_SKINCARE = "cosmetics_skincare"
    FOOD_WINE = "food_wine"
    FASHION = "fashion"
    CHILDREN = "children"
    BABY_FOOD = "baby_food"
    HIGHTECH_ACCESSORIES = "hightech_accessories"
    PHONES = "phones"
    HOME_DECORATION = "home_decoration"


#: Which categories sell on which lane (fashion sells both ways).
LANE_CATEGORIES: dict[str, tuple[Category, ...]] = {
    "FR-CN": (
        Category.COSMETICS_SKINCARE,
        Category.FOOD_WINE,
        Category.FASHION,
        Category.CHILDREN,
        Category.BABY_FOOD,
    ),
    "CN-FR": (Category.HIGHTECH_ACCESSORIES, Category.PHONES, Category.FASHION, Category.HOME_DECORATION),
}


class StoreKind(StrEnum):
    BRAND_STORE = "brand_store"  # a French brand's store on the Chinese storefront (lane FR-CN)
    PAVILION = "pavilion"  # a partner's shared store for small French merchants (lane FR-CN)
    SELLER_STORE = "seller_store"  # a Chinese merchant's store on the French storefront (lane CN-FR)


#: The lane each kind of store sells on: French goods to China, or Chinese goods to France.
STORE_LANES: dict[StoreKind, str] = {
    StoreKind.BRAND_STORE: "FR-CN",
    StoreKind.PAVILION: "FR-CN",
    StoreKind.SELLER_STORE: "CN-FR",
}


class ProductStatus(StrEnum):
    """Where a product stands, as its merchant sees it."""

    DRAFT = "draft"
    IN_TRANSLATION = "in_translation"
    NEEDS_CHANGES = "needs_changes"
    PUBLISHED = "published"


class ReviewState(StrEnum):
    """What the merchant last did with the French content, and what the partner answered."""

    DRAFT = "draft"  # not yet sent for the Chinese page
    SUBMITTED = "submitted"  # the partner is writing the Chinese page
    SENT_BACK = "sent_back"  # the partner asked for changes


class NetUnit(StrEnum):
    ML = "ml"
    G = "g"


@dataclass(frozen=True, slots=True)
class NetContent:
    """How much one unit holds: whole millilitres or grams (customs computes per ml/g from it)."""

    value: int
    unit: NetUnit

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "unit": self.unit.value}


@dataclass(frozen=True, slots=True)
class Store:
    """A brand store (owned by its brand) or a pavilion (owned by the accredited partner who runs it)."""

    id: str
    kind: StoreKind
    owner_org_id: str
    slug: str
    name: str
    name_zh: str | None
    description_fr: str
    description_zh: str | None
    lane: str
    created_at: datetime

    @property
    def is_pavilion(self) -> bool:
        return self.kind is StoreKind.PAVILION


@dataclass(frozen=True, slots=True)
class StoreSummary:
    id: str
    kind: StoreKind
    name: str
    name_zh: str | None
    owner_org_id: str


@dataclass(frozen=True, slots=True)
class PavilionMember:
    """A small merchant selling through a pavilion: its small profile, and the store it opened if it did."""

    merchant_org_id: str
    pavilion_id: str
    display_name: str
    name_zh: str | None
    region: str | None
    profile_fr: str
    profile_zh: str | None
    joined_at: datetime
    converted_store_id: str | None = None


@dataclass(frozen=True, slots=True)
class Variant:
    """One SKU: what the buyer picks (a size, a shade, a vintage), with its price and stock."""

    id: str
    product_id: str
    sku: str
    label_fr: str | None
    label_zh: str | None
    price: Money
    stock: int
    net_content: NetContent | None
    pieces: int | None
    position: int


@dataclass(frozen=True, slots=True)
class Media:
    id: str
    product_id: str
    content_type: str
    width: int
    height: int
    size: int
    sha256: str
    position: int

    @property
    def url(self) -> str:
        return f"/media/{self.id}"


@dataclass(frozen=True, slots=True)
class Content:
    """A product's text in one locale."""

    locale: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    store_id: str
    seller_org_id: str
    ref: str | None
    category: Category
    hs_code: str
    origin: str
    gtin: str | None
    brand_name: str
    brand_name_zh: str | None
    title_fr: str
    description_fr: str
    source_version: int
    review_state: ReviewState
    review_comment: str | None
    zh: Content | None
    zh_version: int | None
    visible: bool
    created_at: datetime
    updated_at: datetime
    en: Content | None = None
    variants: tuple[Variant, ...] = ()
    media: tuple[Media, ...] = field(default=())

    @property
    def status(self) -> ProductStatus:
        return product_status(self)

    @property
    def sku_count(self) -> int:
        return len(self.variants)

    @property
    def lowest_price(self) -> Money | None:
        prices = [v.price for v in self.variants]
        return min(prices, key=lambda m: m.minor) if prices else None

    def content(self, locale: str) -> Content | None:
        if locale == "zh-Hans":
            return self.zh
        if locale == "en":
            return self.en
        return Content("fr", self.title_fr, self.description_fr)


def product_status(product: Product) -> ProductStatus:
    """The status a merchant sees: the partner's answer first, then the Chinese page's progress."""
    if product.review_state is ReviewState.SENT_BACK:
        return ProductStatus.NEEDS_CHANGES
    if product.review_state is ReviewState.SUBMITTED and product.zh_version != product.source_version:
        return ProductStatus.IN_TRANSLATION
    if product.visible:
        return ProductStatus.PUBLISHED
    if product.zh is not None and product.zh_version == product.source_version:
        return ProductStatus.NEEDS_CHANGES  # approved Chinese, but not sellable on the lane (see the reason)
    return ProductStatus.DRAFT


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to a product, kept across a conversion from lite listing to store."""

    product_id: str
    at: datetime
    actor_org_id: str
    actor_org_name: str
    on_behalf_of: str | None
    action: str
    detail: str


@dataclass(frozen=True, slots=True)
class TranslationSource:
    """What a translator needs from a product: its French text, who operates its store, which version."""

    product_id: str
    store_id: str
    store_kind: StoreKind
    operator_org_id: str
    brand_org_id: str | None
    brand_name: str
    brand_name_zh: str | None
    category: Category
    title_fr: str
    description_fr: str
    source_version: int


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """A product as the search index takes it, in the shape of ``comptoir search index`` lines."""

    id: str
    brand_name: str
    brand_name_zh: str | None
    title: dict[str, str]
    description: dict[str, str]
    category: str

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "brand": {"name": self.brand_name, "name_zh": self.brand_name_zh},
            "title": dict(self.title),
            "description": dict(self.description),
            "category": self.category,
        }


@dataclass(frozen=True, slots=True)
class StorefrontCard:
    """A product as a storefront list shows it."""

    product_id: str
    title_zh: str
    brand_name: str
    brand_name_zh: str | None
    store_name_zh: str | None
    price: Money
    image_url: str | None
    url: str
