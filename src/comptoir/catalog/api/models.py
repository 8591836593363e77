"""What the catalog's API reads and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from comptoir.catalog.domain import (
    Category,
    HistoryEntry,
    PavilionMember,
    Product,
    Store,
    StorefrontCard,
    StoreSummary,
    Variant,
)
from comptoir.catalog.services import ProductChanges, ProductDraft, VariantDraft
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.money_json import MoneyBody
from comptoir.kernel.text import MultiLine, SingleLine

StoreIdPath = Annotated[str, Path(pattern=id_pattern("sto"), description="a store's or pavilion's id")]
ProductIdPath = Annotated[str, Path(pattern=id_pattern("prd"), description="a product's id")]
SkuPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")]

#: A price as a decimal string in euros; more decimals, zero, negative or absurd amounts are refused with a sentence.
PriceEur = Annotated[str, Field(min_length=1, max_length=24, examples=["39.90"])]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NetContentIn(_In):
    value: int = Field(ge=1, le=100_000)
    unit: str = Field(pattern="^(ml|g)$")


class VariantIn(_In):
    sku: str = Field(min_length=1, max_length=64)
    price_eur: PriceEur
    stock: int = Field(ge=0, le=1_000_000)
    label_fr: SingleLine | None = Field(default=None, max_length=120)
    label_zh: SingleLine | None = Field(default=None, max_length=120)
    net_content: NetContentIn | None = None
    pieces: int | None = Field(default=None, ge=1, le=10_000)

    def draft(self) -> VariantDraft:
        return VariantDraft(
            sku=self.sku,
            price_eur=self.price_eur,
            stock=self.stock,
            label_fr=self.label_fr,
            label_zh=self.label_zh,
            net_content_value=self.net_content.value if self.net_content else None,
            net_content_unit=self.net_content.unit if self.net_content else None,
            pieces=self.pieces,
        )


class ProductIn(_In):
    title_fr: SingleLine = Field(max_length=200)
    description_fr: MultiLine | None = Field(default=None, max_length=5000)
    category: Category
    hs_code: str = Field(min_length=1, max_length=16, examples=["22042100"])
    origin: str = Field(default="FR", pattern="^[A-Z]{2}$")
    gtin: str | None = Field(default=None, max_length=20)
    ref: str | None = Field(default=None, max_length=80, description="your own reference of the product")
    title_en: SingleLine | None = Field(default=None, max_length=200)
    description_en: MultiLine | None = Field(default=None, max_length=5000)
    variants: list[VariantIn] = Field(min_length=1, max_length=50)

    def draft(self) -> ProductDraft:
        return ProductDraft(
            title_fr=self.title_fr,
            description_fr=self.description_fr or "",
            category=self.category.value,
            hs_code=self.hs_code,
            origin=self.origin,
            gtin=self.gtin,
            ref=self.ref,
            title_en=self.title_en,
            description_en=self.description_en,
            variants=[v.draft() for v in self.variants],
        )


class ProductPatch(_In):
    title_fr: SingleLine | None = Field(default=None, max_length=200)
    description_fr: MultiLine | None = Field(default=None, max_length=5000)
    category: Category | None = None
    hs_code: str | None = Field(default=None, min_length=1, max_length=16)
    origin: str | None = Field(default=None, pattern="^[A-Z]{2}$")
    gtin: str | None = Field(default=None, max_length=20)
    title_en: SingleLine | None = Field(default=None, max_length=200)
    description_en: MultiLine | None = Field(default=None, max_length=5000)

    def changes(self) -> ProductChanges:
        return ProductChanges(
            title_fr=self.title_fr,
            description_fr=self.description_fr,
            category=self.category.value if self.category else None,
            hs_code=self.hs_code,
            origin=self.origin,
            gtin=self.gtin,
            title_en=self.title_en,
            description_en=self.description_en,
        )


class VariantsIn(_In):
    variants: list[VariantIn] = Field(min_length=1, max_length=50)


class VariantPatch(_In):
    price_eur: PriceEur | None = None
    stock: int | None = Field(default=None, ge=0, le=1_000_000)


class StoreIn(_In):
    name: SingleLine = Field(max_length=120)
    name_zh: SingleLine | None = Field(default=None, max_length=120)
    description_fr: MultiLine = Field(max_length=4000)
    description_zh: MultiLine | None = Field(default=None, max_length=4000)


class StorePatch(_In):
    name: SingleLine | None = Field(default=None, max_length=120)
    name_zh: SingleLine | None = Field(default=None, max_length=120)
    description_fr: MultiLine | None = Field(default=None, max_length=4000)
    description_zh: MultiLine | None = Field(default=None, max_length=4000)


class JoinIn(_In):
    display_name: SingleLine = Field(max_length=120)
    name_zh: SingleLine | None = Field(default=None, max_length=120)
    region: SingleLine | None = Field(default=None, max_length=80)
    profile_fr: MultiLine = Field(max_length=2000)


class ConvertIn(_In):
    name: SingleLine | None = Field(default=None, max_length=120)


class StoreOut(BaseModel):
    id: str
    kind: str
    owner_org_id: str
    slug: str
    name: str
    name_zh: str | None
    description_fr: str
    description_zh: str | None
    lane: str
    created_at: datetime

    @classmethod
    def of(cls, s: Store) -> StoreOut:
        return cls(
            id=s.id,
            kind=s.kind.value,
            owner_org_id=s.owner_org_id,
            slug=s.slug,
            name=s.name,
            name_zh=s.name_zh,
            description_fr=s.description_fr,
            description_zh=s.description_zh,
            lane=s.lane,
            created_at=s.created_at,
        )


class StoreSummaryOut(BaseModel):
    id: str
    kind: str
    name: str
    name_zh: str | None
    owner_org_id: str

    @classmethod
    def of(cls, s: StoreSummary) -> StoreSummaryOut:
        return cls(id=s.id, kind=s.kind.value, name=s.name, name_zh=s.name_zh, owner_org_id=s.owner_org_id)


class MemberOut(BaseModel):
    merchant_org_id: str
    pavilion_id: str
    display_name: str
    name_zh: str | None
    region: str | None
    profile_fr: str
    profile_zh: str | None
    joined_at: datetime
    converted_store_id: str | None

    @classmethod
    def of(cls, m: PavilionMember) -> MemberOut:
        return cls(
            merchant_org_id=m.merchant_org_id,
            pavilion_id=m.pavilion_id,
            display_name=m.display_name,
            name_zh=m.name_zh,
            region=m.region,
            profile_fr=m.profile_fr,
            profile_zh=m.profile_zh,
            joined_at=m.joined_at,
            converted_store_id=m.converted_store_id,
        )


class VariantOut(BaseModel):
    id: str = Field(description="the SKU's id, which a cart line names")
    sku: str
    label_fr: str | None
    label_zh: str | None
    price: MoneyBody
    stock: int
    net_content: dict[str, Any] | None
    pieces: int | None

    @classmethod
    def of(cls, v: Variant) -> VariantOut:
        return cls(
            id=v.id,
            sku=v.sku,
            label_fr=v.label_fr,
            label_zh=v.label_zh,
            price=MoneyBody.of(v.price),
            stock=v.stock,
            net_content=v.net_content.as_json() if v.net_content else None,
            pieces=v.pieces,
        )


class ContentOut(BaseModel):
    title: str
    description: str


class ProductOut(BaseModel):
    id: str
    store_id: str
    seller_org_id: str
    ref: str | None
    status: str
    status_reason: str | None = Field(description="why the product is in its status, in English")
    category: str
    hs_code: str
    origin: str
    gtin: str | None
    brand: dict[str, str | None]
    content: dict[str, ContentOut]
    source_version: int
    variants: list[VariantOut]
    photos: list[str]
    visible_on_storefront: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Product, store: Store | None = None) -> ProductOut:
        content = {"fr": ContentOut(title=p.title_fr, description=p.description_fr)}
        if p.zh is not None:
            content["zh-Hans"] = ContentOut(title=p.zh.title, description=p.zh.description)
        if p.en is not None:
            content["en"] = ContentOut(title=p.en.title, description=p.en.description)
        return cls(
            id=p.id,
            store_id=p.store_id,
            seller_org_id=p.seller_org_id,
            ref=p.ref,
            status=p.status.value,
            status_reason=status_reason(p, store),
            category=p.category.value,
            hs_code=p.hs_code,
            origin=p.origin,
            gtin=p.gtin,
            brand={"name": p.brand_name, "name_zh": p.brand_name_zh},
            content=content,
            source_version=p.source_version,
            variants=[VariantOut.of(v) for v in p.variants],
            photos=[m.url for m in p.media],
            visible_on_storefront=p.visible,
            created_at=p.created_at,
            updated_at=p.updated_at,
        )


def status_reason(p: Product, store: Store | None) -> str | None:
    """Why the product stands where it does, in English (pages say it in the reader's language)."""
    status = p.status.value
    if status == "needs_changes":
        if p.review_comment:
            return p.review_comment
        if not p.variants:
            return "it has no SKU with a price"
        return f"its HS code {p.hs_code} is not on the cross-border positive list in force"
    if status == "in_translation":
        return "the partner running the store is writing the Chinese page"
    if status == "draft":
        return "not yet sent for its Chinese page"
    return None


class HistoryOut(BaseModel):
    at: datetime
    actor: str
    on_behalf_of: str | None
    action: str
    detail: str

    @classmethod
    def of(cls, h: HistoryEntry) -> HistoryOut:
        return cls(at=h.at, actor=h.actor_org_name, on_behalf_of=h.on_behalf_of, action=h.action, detail=h.detail)


class CardOut(BaseModel):
    product_id: str
    title_zh: str
    brand_name: str
    brand_name_zh: str | None
    store_name_zh: str | None
    price: MoneyBody
    image_url: str | None
    url: str

    @classmethod
    def of(cls, c: StorefrontCard) -> CardOut:
        return cls(
            product_id=c.product_id,
            title_zh=c.title_zh,
            brand_name=c.brand_name,
            brand_name_zh=c.brand_name_zh,
            store_name_zh=c.store_name_zh,
            price=MoneyBody.of(c.price),
            image_url=c.image_url,
            url=c.url,
        )


class HsSuggestionOut(BaseModel):
    code: str
    description: str
    source: str
    on_positive_list: bool


class ImportOut(BaseModel):
    imported: int
    product_ids: list[str]
