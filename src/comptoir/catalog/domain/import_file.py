"""Catalog import files: a spreadsheet of SKUs, read whole and checked whole before anything is written.

A file is CSV (UTF-8, with or without the BOM Excel writes; comma, semicolon or tab between columns) or
XLSX (its first sheet). Row 1 names the columns, in any order:

- required: ``sku, title_fr, price_eur, stock, hs_code, category``;
- optional: ``gtin, description_fr, net_content_value, net_content_unit, pieces, origin, variant_label_fr,
  product_ref``. Rows that share a ``product_ref`` are the variants (SKUs) of one product, and share its
  title, category and HS code.

:func:`parse_import_file` gives back one :class:`ImportRow` per SKU, or raises :class:`ImportRefused`
with *every* problem of the file, each naming its row as the spreadsheet numbers it (the header is row 1)
and its column. :func:`export_rows` writes rows back in either format, with the same columns, so that an
exported file imports as the same rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

import openpyxl
import pycountry
from openpyxl.cell import WriteOnlyCell

from comptoir.catalog.domain.catalog import MAX_PRICE_MINOR, MAX_STOCK, Category, NetContent, NetUnit
from comptoir.catalog.domain.codes import CodeInvalid, validate_gtin, validate_hs_code
from comptoir.catalog.domain.positive_list import PositiveList
from comptoir.kernel.money import Money
from comptoir.kernel.text import TextRefused, check_text

REQUIRED_COLUMNS = ("sku", "title_fr", "price_eur", "stock", "hs_code", "category")
OPTIONAL_COLUMNS = (
    "gtin",
    "description_fr",
    "net_content_value",
    "net_content_unit",
    "pieces",
    "origin",
    "variant_label_fr",
    "product_ref",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

MAX_ROWS = 5_000
MAX_TITLE = 200
MAX_LABEL = 120
MAX_REF = 80
MAX_DESCRIPTION = 5_000
MAX_PIECES = 10_000
MAX_NET_CONTENT = 1_000_000
#: An XLSX is a zip: past this many bytes once unpacked, it is not a catalog but a zip bomb.
MAX_XLSX_UNPACKED = 100 * 1024 * 1024
#: Rows of nothing that end the reading of a sheet formatted far below its last product.
_BLANK_STREAK = 10_000

NOT_UTF8 = "the file is not UTF-8 (save it as CSV UTF-8)"
NOT_XLSX = "the file is not a real .xlsx workbook (save it again as Excel .xlsx or as CSV UTF-8)"

_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
_WHOLE = re.compile(r"^[+-]?\d+$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FileFormat = Literal["csv", "xlsx"]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem of an import file: its row as the spreadsheet numbers it (None: the whole file), its column."""

    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}, {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"


class ImportRefused(ValueError):
    """The import file has at least one problem; ``problems`` lists every one of them. Nothing was imported."""

    code = "import_refused"

    def __init__(self, problems: list[ImportProblem]) -> None:
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"{len(problems)} problem(s) in the import file; first: {first}")
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One SKU of an import file, every value checked; ``row`` is where it was in the file (0 when it was not read)."""

    sku: str
    title_fr: str
    price_cents: int
    stock: int
    hs_code: str
    category: Category
    gtin: str | None = None
    description_fr: str | None = None
    net_content: NetContent | None = None
    pieces: int | None = None
    origin: str | None = None
    variant_label_fr: str | None = None
    product_ref: str | None = None
    row: int = 0

    @property
    def price(self) -> Money:
        return Money(self.price_cents, "EUR")


# -- reading the table -------------------------------------------------------------------------------------


def _refused(reason: str, row: int | None = None, column: str | None = None) -> ImportRefused:
    return ImportRefused([ImportProblem(row, column, reason)])


def _is_xlsx(data: bytes, filename: str | None) -> bool:
    name = (filename or "").lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused("the file is an old Excel .xls workbook: save it as .xlsx or as CSV UTF-8")
    if data.startswith(b"PK\x03\x04"):
        return True
    if name.endswith((".xlsx", ".xlsm")):
        raise _refused(NOT_XLSX)
    return False


def _csv_rows(data: bytes) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refused(NOT_UTF8, row=data[: exc.start].count(b"\n") + 1) from exc
    first_line = text.split("\n", 1)[0]

    def known(delimiter: str) -> int:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(_column_name(cell) in COLUMNS for cell in cells)

    delimiter = max((",", ";", "\t"), key=known)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows.extend(list(record) for record in reader)
    except csv.Error as exc:
        raise _refused(f"the file is not valid CSV here ({exc})", row=len(rows) + 1) from exc
    return rows


def _xlsx_rows(data: bytes) -> list[list[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise _refused(NOT_XLSX)
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise _refused("the workbook unpacks to more than 100 MiB; a catalog is far smaller")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises whatever its parts raise on a file that is not a workbook
        raise _refused(NOT_XLSX) from exc
    try:
        if not workbook.worksheets:
            raise _refused("the workbook has no sheet")
        rows: list[list[object]] = []
        blanks = 0
        for values in workbook.worksheets[0].iter_rows(min_row=1, values_only=True):
            blanks = blanks + 1 if all(v is None or v == "" for v in values) else 0
            if blanks > _BLANK_STREAK:
                break
            rows.append(list(values))
        return rows[: len(rows) - blanks] if blanks else rows
    except ImportRefused:
        raise
    except Exception as exc:
        raise _refused(NOT_XLSX) from exc
    finally:
        workbook.close()


def _column_name(cell: object) -> str:
    return re.sub(r"[\s-]+", "_", str(cell or "").strip().lstrip("\ufeff").lower())


def _cell_text(value: object, column: str) -> str:
    """A cell as the text it stands for; numbers from a workbook as they were typed (HS codes keep their 0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # A workbook stores 04090000 typed as a number as 4090000: chapters 01-09 lose exactly one 0.
        return text.zfill(8) if column == "hs_code" and len(text) == 7 else text
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    # An exported text cell that would read as a formula was written with a leading ' (see export_rows).
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        text = text[1:]
    return text


# -- checking the rows -------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    cells: dict[str, str]
    problems: list[ImportProblem]
    ok: bool = True

    def problem(self, column: str | None, reason: str) -> None:
        self.ok = False
        self.problems.append(ImportProblem(self.number, column, reason))

    def text(self, column: str, *, required: bool, limit: int, multiline: bool = False) -> str | None:
        value = self.cells.get(column, "")
        if not value:
            if required:
                self.problem(column, "missing: this column is required on every row")
            return None
        try:
            check_text(value, multiline=multiline)
        except TextRefused as exc:
            self.problem(column, str(exc))
            return None
        if len(value) > limit:
            self.problem(column, f"is {len(value)} characters long; at most {limit}")
            return None
        return value

    def whole(self, column: str, *, required: bool, low: int, high: int) -> int | None:
        value = self.cells.get(column, "")
        if not value:
            if required:
                self.problem(column, "missing: write a whole number")
            return None
        if not _WHOLE.match(value):
            self.problem(column, f"{value!r} is not a whole number")
            return None
        number = int(value)
        if not low <= number <= high:
            self.problem(column, f"{number} is outside {low} to {high}")
            return None
        return number

    def price_cents(self) -> int | None:
        value = self.cells.get("price_eur", "")
        if not value:
            self.problem("price_eur", "missing: write the price in euros, e.g. 39.90")
            return None
        typed = value.replace(",", ".") if "," in value and "." not in value else value
        try:
            amount = Decimal(typed)
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite() or not re.match(r"^[+-]?\d*\.?\d*$", typed):
            self.problem("price_eur", f"{value!r} is not a price: write it in euros, e.g. 39.90")
            return None
        cents = amount * 100
        if cents != cents.to_integral_value():
            self.problem("price_eur", f"{value} has more than 2 decimals: a price is in euros and cents, e.g. 12.35")
            return None
        if amount <= 0:
            self.problem("price_eur", f"{value} is not a price: it must be more than 0")
            return None
        if cents > MAX_PRICE_MINOR:
            self.problem("price_eur", f"{value} EUR is more than {MAX_PRICE_MINOR // 100:,} EUR (a typing slip?)")
            return None
        return int(cents)

    def code(self, column: str, check: Callable[[str], str]) -> str | None:
        value = self.cells.get(column, "")
        if not value:
            if column in REQUIRED_COLUMNS:
                self.problem(column, "missing: this column is required on every row")
            return None
        try:
            return check(value)
        except CodeInvalid as exc:
            self.problem(column, exc.reason)
            return None


def _read_row(
    row: _Row, *, allowed_categories: tuple[str, ...], positive_list: PositiveList | None
) -> ImportRow | None:
    sku = row.cells.get("sku", "")
    if not sku:
        row.problem("sku", "missing: every row needs its SKU")
    elif not _SKU.match(sku):
        row.problem("sku", f"{sku!r} is not a SKU: 1 to 64 letters, digits, '.', '_', '-' or '/', no spaces")
    title = row.text("title_fr", required=True, limit=MAX_TITLE)
    price_cents = row.price_cents()
    stock = row.whole("stock", required=True, low=0, high=MAX_STOCK)
    hs_code = row.code("hs_code", validate_hs_code)
    if hs_code is not None and positive_list is not None and not positive_list.contains(hs_code):
        row.problem(
            "hs_code",
            f"{hs_code} is not on the CBEC positive list ({positive_list.edition}): "
            "it cannot be sold to China as a cross-border retail import",
        )
    category_text = row.cells.get("category", "").lower()
    if not category_text:
        row.problem("category", f"missing: one of {', '.join(allowed_categories)}")
    elif category_text not in allowed_categories:
        row.problem("category", f"{category_text!r} is not one of {', '.join(allowed_categories)}")
    gtin = row.code("gtin", validate_gtin)
    description = row.text("description_fr", required=False, limit=MAX_DESCRIPTION, multiline=True)
    net_content = _net_content(row)
    pieces = row.whole("pieces", required=False, low=1, high=MAX_PIECES)
    if net_content is not None and pieces is not None:
        row.problem("pieces", "give either the net content (ml or g) or the number of pieces, not both")
    origin = row.cells.get("origin", "").upper() or None
    if origin is not None and (len(origin) != 2 or pycountry.countries.get(alpha_2=origin) is None):
        row.problem("origin", f"{origin!r} is not a two-letter ISO 3166 country code, e.g. FR")
    label = row.text("variant_label_fr", required=False, limit=MAX_LABEL)
    product_ref = row.text("product_ref", required=False, limit=MAX_REF)
    if not row.ok or title is None or price_cents is None or stock is None or hs_code is None:
        return None
    return ImportRow(
        sku=sku,
        title_fr=title,
        price_cents=price_cents,
        stock=stock,
        hs_code=hs_code,
        category=Category(category_text),
        gtin=gtin,
        description_fr=description,
        net_content=net_content,
        pieces=pieces,
        origin=origin,
        variant_label_fr=label,
        product_ref=product_ref,
        row=row.number,
    )


def _net_content(row: _Row) -> NetContent | None:
    value = row.whole("net_content_value", required=False, low=1, high=MAX_NET_CONTENT)
    unit = row.cells.get("net_content_unit", "").lower()
    if unit and unit not in (u.value for u in NetUnit):
        row.problem("net_content_unit", f"{unit!r} is not a unit: write ml or g")
        return None
    if row.cells.get("net_content_value") and not unit:
        row.problem("net_content_unit", "missing: the net content needs its unit, ml or g")
    if unit and not row.cells.get("net_content_value"):
        row.problem("net_content_value", f"missing: how many {unit} one unit holds")
    if value is None or not unit:
        return None
    return NetContent(value, NetUnit(unit))


def _check_variants(rows: list[_Row]) -> None:
    """Rows sharing a product_ref are variants of one product: the same title, category and HS code."""
    first: dict[str, _Row] = {}
    for row in rows:
        ref = row.cells.get("product_ref", "")
        if not ref:
            continue
        if ref not in first:
            first[ref] = row
            continue
        for column in ("title_fr", "category", "hs_code"):
            mine, theirs = row.cells.get(column, ""), first[ref].cells.get(column, "")
            if column == "hs_code":
                mine, theirs = re.sub(r"[\s.]", "", mine), re.sub(r"[\s.]", "", theirs)
            if mine != theirs:
                row.problem(
                    column,
                    f"product_ref {ref!r} has {theirs!r} on row {first[ref].number}: its variants share one {column}",
                )


def _check_duplicate_skus(rows: list[_Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        sku = row.cells.get("sku", "")
        if not sku:
            continue
        key = sku.casefold()
        if key in seen:
            row.problem("sku", f"duplicate SKU {sku!r}: row {seen[key]} has it already")
        else:
            seen[key] = row.number


def parse_import_file(
    data: bytes,
    *,
    filename: str | None = None,
    allowed_categories: Iterable[str] | None = None,
    positive_list: PositiveList | None = None,
    max_rows: int = MAX_ROWS,
) -> list[ImportRow]:
    """Every SKU of the CSV or XLSX file in ``data``, checked; or :class:`ImportRefused` with every problem.

    ``allowed_categories`` (default: every :class:`Category`) narrows the categories to those of a lane; with
    ``positive_list``, an HS code must also be on it (a store selling to China).
    """
    if not data:
        raise _refused("the file is empty", row=1)
    table = _xlsx_rows(data) if _is_xlsx(data, filename) else _csv_rows(data)
    categories = tuple(str(c) for c in allowed_categories) if allowed_categories is not None else tuple(Category)
    problems: list[ImportProblem] = []
    if not table or all(_cell_text(v, "") == "" for v in table[0]):
        raise _refused("row 1 must name the columns: " + ", ".join(REQUIRED_COLUMNS), row=1)

    header = [_column_name(cell) for cell in table[0]]
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name not in COLUMNS:
            problems.append(ImportProblem(1, name, f"unknown column (the columns are {', '.join(COLUMNS)})"))
        elif name in positions:
            problems.append(ImportProblem(1, name, "this column is named twice"))
        else:
            positions[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            problems.append(ImportProblem(1, name, "missing required column"))

    rows: list[_Row] = []
    for number, values in enumerate(table[1:], start=2):
        if all(_cell_text(v, "") == "" for v in values):
            continue
        if len(rows) == max_rows:
            problems.append(ImportProblem(number, None, f"more than {max_rows} product rows: split the file"))
            break
        row = _Row(number, {}, problems)
        for index, value in enumerate(values):
            name = header[index] if index < len(header) else ""
            text = _cell_text(value, name)
            if name in positions and positions[name] == index:
                row.cells[name] = text
            elif not name and text:
                row.problem(None, f"a value ({text[:40]!r}) in column {index + 1}, which has no name in row 1")
        rows.append(row)
    if not rows and not problems:
        problems.append(ImportProblem(2, None, "the file has no product rows under its header"))

    _check_duplicate_skus(rows)
    _check_variants(rows)
    parsed = [_read_row(row, allowed_categories=categories, positive_list=positive_list) for row in rows]
    if problems:
        order = {name: index for index, name in enumerate(COLUMNS)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", -1)))
        raise ImportRefused(problems)
    return [row for row in parsed if row is not None]


def product_groups(rows: Sequence[ImportRow]) -> list[list[ImportRow]]:
    """The rows grouped into products, in file order: rows sharing a product_ref together, every other row alone."""
    groups: list[list[ImportRow]] = []
    by_ref: dict[str, list[ImportRow]] = {}
    for row in rows:
        if row.product_ref is None:
            groups.append([row])
        elif row.product_ref in by_ref:
            by_ref[row.product_ref].append(row)
        else:
            by_ref[row.product_ref] = [row]
            groups.append(by_ref[row.product_ref])
    return groups


# -- writing ------------------------------------------------------------------------------------------------


def _values(row: ImportRow) -> list[str | int | Decimal | None]:
    return [
        row.sku,
        row.title_fr,
        row.price.to_decimal(),
        row.stock,
        row.hs_code,
        row.category.value,
        row.gtin,
        row.description_fr,
        row.net_content.value if row.net_content else None,
        row.net_content.unit.value if row.net_content else None,
        row.pieces,
        row.origin,
        row.variant_label_fr,
        row.product_ref,
    ]


def _csv_cell(value: str | int | Decimal | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    # A spreadsheet reads a cell starting with = + - @ as a formula: such text is written after a ' .
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def export_rows(rows: Iterable[ImportRow], *, file_format: FileFormat = "csv") -> bytes:
    """``rows`` as an import file (every column, in :data:`COLUMNS` order) that imports back as the same rows.

    CSV is UTF-8 with a BOM (so Excel reads its accents), comma-separated; XLSX has one sheet, its texts
    stored as text (an SKU or HS code keeps its leading zeros, a title starting with = is no formula).
    """
    if file_format == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_csv_cell(v) for v in _values(row)])
        return buffer.getvalue().encode("utf-8-sig")
    if file_format != "xlsx":
        raise ValueError(f"unknown file format {file_format!r}: csv or xlsx")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("catalog")
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = []
        for value in _values(row):
            # openpyxl writes a Decimal as the number it is; its stubs list only float.
            cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, Decimal):
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
