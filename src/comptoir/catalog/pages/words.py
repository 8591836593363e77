"""The catalog's words in the reader's language: statuses, categories, and the sentence for each problem code."""

from __future__ import annotations

from comptoir.catalog.domain import LANE_CATEGORIES, Category, Product, ProductStatus, Store
from comptoir.catalog.errors import FieldProblem
from comptoir.kernel.i18n import gettext as _


def category_names() -> dict[str, str]:
    return {
        Category.COSMETICS_SKINCARE.value: _("Cosmetics and skincare"),
        Category.FOOD_WINE.value: _("Food and wine"),
        Category.FASHION.value: _("Fashion"),
        Category.CHILDREN.value: _("Children"),
        Category.BABY_FOOD.value: _("Baby food"),
        Category.HIGHTECH_ACCESSORIES.value: _("High-tech accessories"),
        Category.PHONES.value: _("Phones"),
        Category.HOME_DECORATION.value: _("Home decoration"),
    }


def lane_categories(lane: str) -> dict[str, str]:
    """The categories a storefront sells on ``lane`` (``FR-CN``: the Chinese one, ``CN-FR``: the French one),
    by code, in the reader's language."""
    names = category_names()
    return {c.value: names[c.value] for c in LANE_CATEGORIES[lane]}


def status_names() -> dict[str, str]:
    return {
        ProductStatus.DRAFT.value: _("draft"),
        ProductStatus.IN_TRANSLATION.value: _("in translation"),
        ProductStatus.NEEDS_CHANGES.value: _("needs changes"),
        ProductStatus.PUBLISHED.value: _("published"),
    }


def status_reason(product: Product, store: Store) -> str:
    """Why the product stands where it does, for its merchant."""
    status = product.status
    if status is ProductStatus.DRAFT:
        return _("Not yet sent to the partner for its Chinese page.")
    if status is ProductStatus.IN_TRANSLATION:
        return _("The partner running %(store)s is writing the Chinese page.") % {"store": store.name}
    if status is ProductStatus.NEEDS_CHANGES:
        if product.review_comment:
            return _("The partner asks: %(comment)s") % {"comment": product.review_comment}
        if product.variants:
            return _("Its HS code %(code)s is not on the cross-border positive list: it cannot be sold in China.") % {
                "code": product.hs_code
            }
        return _("It needs at least one SKU with a price.")
    return _("Visible on the Chinese storefront.")


def problem_sentence(problem: FieldProblem) -> str:
    """A field problem in the reader's language (the English message where no sentence is written yet)."""
    sentences = {
        "required": _("This field is required."),
        "too_long": _("This text is too long."),
        "invalid_text": _("This text contains characters that are not allowed."),
        "invalid_price": _("Enter a price above zero in euros, with at most 2 decimals (for example 12.90)."),
        "invalid_gtin": _("This barcode (GTIN) is not valid: check its digits, the last one is a check digit."),
        "invalid_hs_code": _("An HS code has 8 digits (for example 22042100)."),
        "unknown_hs_code": _("This HS code does not exist in the nomenclature."),
        "not_on_positive_list": _(
            "This HS code is not on the cross-border e-commerce positive list: these goods cannot be sold in China."
        ),
        "invalid_category": _("Choose a category."),
        "category_not_on_lane": _("This category does not sell on this trade lane."),
        "invalid_sku": _("A SKU uses letters, digits and . _ / - only."),
        "duplicate_sku": _("This SKU appears twice."),
        "invalid_number": _("Enter a whole number."),
        "out_of_range": _("This number is out of range."),
        "invalid_unit": _("The unit is ml or g."),
        "invalid_country": _("Enter a two-letter country code, such as FR."),
    }
    return sentences.get(problem.code, problem.message)


def history_actions() -> dict[str, str]:
    """What each change in a product's history was, in the reader's language."""
    return {
        "created": _("listed"),
        "imported": _("imported from a file"),
        "edited": _("French page changed"),
        "skus_added": _("SKUs added"),
        "sku_changed": _("price or stock changed"),
        "photo_added": _("photo added"),
        "submitted": _("sent for its Chinese page"),
        "chinese_approved": _("Chinese page approved"),
        "sent_back": _("sent back for changes"),
        "moved_to_store": _("moved to its own store"),
    }
