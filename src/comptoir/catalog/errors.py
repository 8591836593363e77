"""Errors of the catalog capability, each with a stable code.

ComptoirError
 ├── InvalidInput (422)
 │    ├── ProductInvalid          product_invalid             a product or SKU with problems, each listed
 │    ├── ImportRefused           import_refused              bad rows, every one listed; nothing written
 │    ├── PositiveListRefused     positive_list_invalid       a positive-list file with bad lines; nothing loaded
 │    ├── ImageRefused            image_refused               not a JPEG, PNG or WebP image, or too big
 │    ├── StoreInvalid            store_invalid               a store page or pavilion profile with problems
 │    └── LiteListingFull         lite_listing_full           a lite listing already holds its 20 SKUs; open a store
 ├── PermissionDenied (403)
 │    ├── NotStoreOperator        store_not_operated          the caller does not run this store or pavilion
 │    └── NotPavilionMember       not_a_pavilion_member       a small merchant lists only after joining a pavilion
 ├── NotFound (404)
 │    └── CatalogNotFound         product_not_found | store_not_found | media_not_found | pavilion_not_found
 └── Conflict (409)
      ├── StaleTranslation        translation_source_changed  the French changed since the Chinese was drafted
      ├── AlreadyMember           already_pavilion_member     the merchant already sells through a pavilion
      ├── StoreExists             store_exists                the brand already has a store
      ├── SkuTaken                sku_taken                   another SKU of the seller has this code
      └── WrongProductState       product_not_submittable | product_not_in_review
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotFound, PermissionDenied, declared


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem with one field (``variants[1].price``, ``hs_code``), with its own stable code."""

    field: str
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem in an import file: the row as a spreadsheet counts it (header = 1), the column, why."""

    row: int
    column: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


class ProductInvalid(InvalidInput):
    """The product (or one of its SKUs) has problems; ``problems`` lists every one; nothing was written."""

    code = "product_invalid"
    title = N_("The product cannot be saved")
    sentence = N_("Some fields of the product need fixing; each one is listed. Nothing was saved.")

    def __init__(self, problems: list[FieldProblem]) -> None:
        first = problems[0] if problems else FieldProblem("product", "invalid", "invalid")
        super().__init__(f"{len(problems)} problem(s); first: {first.field}: {first.message}")
        self.problems = list(problems)
        self.extra = {"problems": [p.as_json() for p in self.problems]}


class ImportRefused(InvalidInput):
    """The import file has bad rows (or is not a file we read); every one is listed; nothing was written."""

    code = "import_refused"
    title = N_("The import file was refused")
    sentence = N_("The file has problems; each one is listed with its row and column. Nothing was imported.")

    def __init__(self, problems: list[RowProblem]) -> None:
        first = problems[0] if problems else RowProblem(1, "file", "unreadable")
        super().__init__(f"{len(problems)} problem(s); first: row {first.row}, {first.column}: {first.reason}")
        self.problems = list(problems)
        self.extra = {"problems": [p.as_json() for p in self.problems]}


class PositiveListRefused(InvalidInput):
    """A positive-list file with bad lines; every one is listed; no edition was stored."""

    code = "positive_list_invalid"
    title = N_("The positive list was refused")
    sentence = N_("The positive-list file has problems; each one is listed with its line. Nothing was loaded.")

    def __init__(self, problems: list[RowProblem]) -> None:
        first = problems[0] if problems else RowProblem(0, "line", "unreadable")
        super().__init__(f"{len(problems)} problem(s); first: line {first.row}: {first.reason}")
        self.problems = list(problems)
        self.extra = {"problems": [p.as_json() for p in self.problems]}


class ImageRefused(InvalidInput):
    code = "image_refused"
    title = N_("Image refused")
    sentence = N_("Send a JPEG, PNG or WebP photo of at most 5 MB.")


class StoreInvalid(InvalidInput):
    code = "store_invalid"
    title = N_("The store page cannot be saved")
    sentence = N_("Some fields of the store page need fixing.")


class LiteListingFull(InvalidInput):
    """A lite listing holds at most 20 SKUs; the answer says how many it has and offers a store."""

    code = "lite_listing_full"
    title = N_("Your lite listing is full")
    sentence = N_(
        "A lite listing holds at most 20 products and variants. Open your own store to list more: "
        "your products, their history and their Chinese pages move with you."
    )


class NotStoreOperator(PermissionDenied):
    code = "store_not_operated"
    title = N_("Not your store")
    sentence = N_("Your organisation does not run this store.")


class NotPavilionMember(PermissionDenied):
    code = "not_a_pavilion_member"
    title = N_("Join a pavilion first")
    sentence = N_("Join a pavilion run by an accredited partner before listing products.")


class CatalogNotFound(NotFound):
    code = "catalog_not_found"
    codes = declared(
        product_not_found=N_("There is no such product, or it is not yours to see."),
        store_not_found=N_("There is no such store."),
        media_not_found=N_("There is no such photo."),
        pavilion_not_found=N_("There is no such pavilion."),
    )


class StaleTranslation(Conflict):
    code = "translation_source_changed"
    title = N_("The French text changed")
    sentence = N_("The merchant changed the French text since this draft was made; review the new text first.")


class AlreadyMember(Conflict):
    code = "already_pavilion_member"
    title = N_("Already in a pavilion")
    sentence = N_("Your organisation already sells through a pavilion.")


class StoreExists(Conflict):
    code = "store_exists"
    title = N_("The store exists")
    sentence = N_("This brand already has a store.")


class SkuTaken(Conflict):
    code = "sku_taken"
    title = N_("SKU already used")
    sentence = N_("Another of your products already uses this SKU code.")


class WrongProductState(Conflict):
    code = "wrong_product_state"
    codes = declared(
        product_not_submittable=N_("This product is already with the partner, or has nothing to translate."),
        product_not_in_review=N_("This product is not waiting for its Chinese page."),
    )
