"""The catalog capability's public names are pinned: localization, search, checkout, the demo and the entry
points reach it through these, and through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.catalog

PUBLIC = [
    # what the entry points assemble
    "SPACES",
    "UPLOAD_ROUTES",
    "api_router",
    "cli_app",
    "pages_router",
    # what other capabilities add to the Chinese storefront's home page for its reader
    "add_storefront_panel",
    "StorefrontPanel",
    "PanelLink",
    # stores, pavilions and lite listings
    "open_brand_store",
    "open_seller_store",
    "open_pavilion",
    "update_store_page",
    "store",
    "brand_stores",
    "seller_stores",
    "pavilions",
    "pavilion_members",
    "join_pavilion",
    "membership",
    "update_member_profile",
    "convert_to_store",
    "stores_operated_by",
    "authorize_store_operator",
    # products
    "create_product",
    "create_products",
    "update_product",
    "add_variants",
    "update_variant",
    "add_photo",
    "submit_for_translation",
    "product",
    "product_history",
    "products_page",
    # the Chinese page, for localization
    "translation_source",
    "approve_chinese_content",
    "send_back_for_changes",
    # the storefront and the search index
    "storefront_home",
    "storefront_products",
    "french_storefront_products",
    "storefront_product",
    "storefront_cards",
    "search_documents",
    "sellable_skus",
    "glossary_seed_terms",
    # the positive list in force (checkout checks it too)
    "positive_list_in_force",
    # the shipped sample of the list and the HS subheadings (customs quotes without a database)
    "default_positive_list",
    "PositiveList",
    "hs_subheadings",
    # what they take and give
    "LITE_LISTING_MAX_SKUS",
    "Category",
    "Content",
    "HistoryEntry",
    "Media",
    "NetContent",
    "PavilionMember",
    "Product",
    "ProductChanges",
    "ProductDraft",
    "ProductStatus",
    "SearchDocument",
    "SellableSku",
    "Store",
    "StoreKind",
    "StoreSummary",
    "StorefrontCard",
    "StorefrontHome",
    "StorefrontProduct",
    "TranslationSource",
    "Variant",
    "VariantDraft",
    # the events
    "ProductSubmitted",
    "ProductPublished",
    "ProductWithdrawn",
    # the refusals others catch
    "CatalogNotFound",
    "ImportRefused",
    "LiteListingFull",
    "NotStoreOperator",
    "StoreExists",
    "ProductInvalid",
    "StaleTranslation",
]


def test_the_catalog_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.catalog.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.catalog, name) is not None
