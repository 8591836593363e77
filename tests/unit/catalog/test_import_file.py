"""Catalog import files: checked whole, every problem named with its row and column, before anything is kept."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from comptoir.catalog.domain.catalog import LANE_CATEGORIES, Category, NetContent, NetUnit
from comptoir.catalog.domain.import_file import (
    COLUMNS,
    NOT_UTF8,
    ImportRefused,
    ImportRow,
    export_rows,
    parse_import_file,
    product_groups,
)
from comptoir.catalog.domain.positive_list import default_positive_list
from comptoir.kernel.money import Money

HEADER = "sku,title_fr,price_eur,stock,hs_code,category"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def _refused(data: bytes, **options: object) -> list[tuple[int | None, str | None]]:
    with pytest.raises(ImportRefused) as refused:
        parse_import_file(data, **options)  # type: ignore[arg-type]
    return [(p.row, p.column) for p in refused.value.problems]


def _reasons(data: bytes, **options: object) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        parse_import_file(data, **options)  # type: ignore[arg-type]
    return [p.reason for p in refused.value.problems]


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_small_merchants_three_products_are_read_typed() -> None:
    rows = parse_import_file(
        _csv(
            "MIEL-LAV-500,Miel de lavande,12.90,40,0409.00.00,food_wine",
            'CARAMEL-200,Caramels au beurre salé,"6,50",120,17049000,food_wine',
            "SAVON-100,Savon à la lavande,4.5,0,34011100,cosmetics_skincare",
        )
    )
    assert [(r.sku, r.price_cents, r.stock, r.hs_code, r.category, r.row) for r in rows] == [
        ("MIEL-LAV-500", 1290, 40, "04090000", Category.FOOD_WINE, 2),
        ("CARAMEL-200", 650, 120, "17049000", Category.FOOD_WINE, 3),
        ("SAVON-100", 450, 0, "34011100", Category.COSMETICS_SKINCARE, 4),
    ]
    assert rows[0].price == Money(1290, "EUR")
    assert rows[1].title_fr == "Caramels au beurre salé"


def test_optional_columns_are_read_and_variants_grouped_by_product_ref() -> None:
    header = (
        HEADER + ",gtin,description_fr,net_content_value,net_content_unit,pieces,origin,variant_label_fr,product_ref"
    )
    rows = parse_import_file(
        _csv(
            "CR-30,Crème hydratante,39.90,10,33049900,cosmetics_skincare,4006381333931,Une crème.,30,ml,,FR,30 ml,CR",
            "CR-50,Crème hydratante,54.00,5,33049900,cosmetics_skincare,,,50,ML,,fr,50 ml,CR",
            "TRAIN,Train en bois,29.00,3,95030089,children,,,,,12,FR,,",
            header=header,
        )
    )
    assert rows[0].gtin == "4006381333931"
    assert rows[0].net_content == NetContent(30, NetUnit.ML)
    assert rows[1].net_content == NetContent(50, NetUnit.ML)
    assert rows[1].origin == "FR"
    assert rows[2].pieces == 12 and rows[2].net_content is None
    assert rows[2].description_fr is None and rows[2].product_ref is None
    assert [[r.sku for r in group] for group in product_groups(rows)] == [["CR-30", "CR-50"], ["TRAIN"]]


def test_a_file_saved_by_excel_with_a_bom_and_semicolons_is_read() -> None:
    data = "\ufeffsku;title_fr;price_eur;stock;hs_code;category\r\nVIN-1;Vin rouge;18,50;6;22042100;food_wine\r\n"
    rows = parse_import_file(data.encode("utf-8"))
    assert [(r.sku, r.price_cents) for r in rows] == [("VIN-1", 1850)]


def test_a_csv_in_latin_1_is_refused_as_not_utf8_naming_the_row() -> None:
    data = _csv("MIEL,Miel de lavande,12.90,4,04090000,food_wine", "CREME,Crème,9.90,4,33049900,cosmetics_skincare")
    with pytest.raises(ImportRefused) as refused:
        parse_import_file(data.decode("utf-8").encode("latin-1"))
    [problem] = refused.value.problems
    assert problem.reason == NOT_UTF8 == "the file is not UTF-8 (save it as CSV UTF-8)"
    assert problem.row == 3


def test_a_missing_column_is_a_problem_on_row_1_and_the_rows_are_still_checked() -> None:
    data = _csv("MIEL,Miel,12.345,4,04090000", header="sku,title_fr,price_eur,stock,hs_code")
    assert _refused(data) == [(1, "category"), (2, "price_eur"), (2, "category")]


def test_unknown_and_doubled_columns_are_named() -> None:
    data = _csv("A,Miel,1.00,1,04090000,food_wine,x,1.00", header=HEADER + ",prix,price_eur")
    assert sorted(_refused(data)) == [(1, "price_eur"), (1, "prix")]


def test_three_bad_rows_are_reported_all_at_once() -> None:
    data = _csv(
        "OK-1,Miel,12.90,4,04090000,food_wine",
        "BAD-1,Vin,18.50,6,2204210,food_wine",  # 7-digit HS
        "OK-2,Savon,4.50,1,34011100,cosmetics_skincare",
        "BAD-2,Crème,-3,2,33049900,cosmetics_skincare",  # negative price
        "BAD-3,Jouet,9.90,beaucoup,95030089,toys",  # stock and category
    )
    assert _refused(data) == [(3, "hs_code"), (5, "price_eur"), (6, "stock"), (6, "category")]


@pytest.mark.parametrize(
    ("price", "words"),
    [
        ("12.345", "more than 2 decimals"),
        ("0", "more than 0"),
        ("0.00", "more than 0"),
        ("-12.00", "more than 0"),
        ("100000.01", "more than 100,000 EUR"),
        ("1e3", "not a price"),
        ("12 €", "not a price"),
        ("douze", "not a price"),
        ("NaN", "not a price"),
        ("", "missing"),
    ],
)
def test_prices_that_cannot_be_right_are_refused(price: str, words: str) -> None:
    [reason] = _reasons(_csv(f"A,Miel,{price},1,04090000,food_wine"))
    assert words in reason


@pytest.mark.parametrize(("price", "cents"), [("100000.00", 10_000_000), ("0.01", 1), ("12.500", 1250), ("7", 700)])
def test_prices_at_the_limits_are_kept_in_cents(price: str, cents: int) -> None:
    [row] = parse_import_file(_csv(f"A,Miel,{price},1,04090000,food_wine"))
    assert row.price_cents == cents


@pytest.mark.parametrize(
    ("stock", "ok"), [("0", True), ("1000000", True), ("1000001", False), ("-1", False), ("2.5", False)]
)
def test_stock_is_a_whole_number_from_0_to_a_million(stock: str, ok: bool) -> None:
    data = _csv(f"A,Miel,1.00,{stock},04090000,food_wine")
    if ok:
        assert parse_import_file(data)[0].stock == int(stock)
    else:
        assert _refused(data) == [(2, "stock")]


def test_codes_are_checked_gtin_check_digit_and_hs_subheading() -> None:
    data = _csv(
        "A,Miel,1.00,1,22049900,food_wine,4006381333932",
        header=HEADER + ",gtin",
    )
    reasons = _reasons(data)
    assert any("unknown HS code" in r for r in reasons)
    assert any("check digit" in r for r in reasons)


def test_a_duplicate_sku_is_refused_on_its_second_row() -> None:
    data = _csv("MIEL-1,Miel,1.00,1,04090000,food_wine", "miel-1,Miel,1.00,1,04090000,food_wine")
    assert _refused(data) == [(3, "sku")]
    assert "row 2 has it already" in _reasons(data)[0]


def test_variants_of_one_product_share_its_title_category_and_hs_code() -> None:
    data = _csv(
        "V-75,Vin rouge,18.00,6,22042100,food_wine,V",
        "V-150,Vin blanc,34.00,2,2204.22.00,food_wine,V",
        header=HEADER + ",product_ref",
    )
    assert _refused(data) == [(3, "title_fr"), (3, "hs_code")]


def test_net_content_needs_its_unit_in_ml_or_g_and_is_not_given_with_pieces() -> None:
    header = HEADER + ",net_content_value,net_content_unit,pieces"
    data = _csv(
        "A,Crème,1.00,1,33049900,cosmetics_skincare,50,,",
        "B,Crème,1.00,1,33049900,cosmetics_skincare,50,cl,",
        "C,Crème,1.00,1,33049900,cosmetics_skincare,,g,",
        "D,Crème,1.00,1,33049900,cosmetics_skincare,50,g,3",
        header=header,
    )
    assert _refused(data) == [(2, "net_content_unit"), (3, "net_content_unit"), (4, "net_content_value"), (5, "pieces")]


def test_categories_can_be_narrowed_to_a_lane_and_codes_to_the_positive_list() -> None:
    data = _csv("A,Coque,9.00,1,42022200,phones", "B,Eau-de-vie,30.00,1,22089000,food_wine")
    assert _refused(data, allowed_categories=LANE_CATEGORIES["FR-CN"], positive_list=default_positive_list()) == [
        (2, "category"),
        (3, "hs_code"),
    ]
    assert "positive list" in _reasons(data, positive_list=default_positive_list())[0]
    assert len(parse_import_file(data)) == 2  # every category, no list: both are fine


def test_blank_rows_are_skipped_but_still_counted_as_rows() -> None:
    data = _csv("A,Miel,1.00,1,04090000,food_wine", ",,,,,", "", "B,Miel,1.00,x,04090000,food_wine")
    assert _refused(data) == [(5, "stock")]


def test_an_empty_file_a_header_only_and_too_many_rows_are_refused() -> None:
    assert _refused(b"") == [(1, None)]
    assert _refused(_csv()) == [(2, None)]
    many = _csv(*[f"S{n},Miel,1.00,1,04090000,food_wine" for n in range(4)])
    assert _refused(many, max_rows=3) == [(5, None)]


def test_a_value_under_no_column_is_refused() -> None:
    assert _refused(_csv("A,Miel,1.00,1,04090000,food_wine,surprise")) == [(2, None)]


def test_a_text_with_a_control_character_is_refused() -> None:
    assert _refused(_csv("A,Miel\x07,1.00,1,04090000,food_wine")) == [(2, "title_fr")]


def test_an_xlsx_sheet_is_read_with_numbers_as_typed() -> None:
    data = _xlsx(
        [
            ["sku", "title_fr", "price_eur", "stock", "hs_code", "category", "gtin"],
            ["MIEL", "Miel de lavande", 12.9, 40, 4090000, "food_wine", 4006381333931],  # 04090000 lost its 0
            [None, None, None, None, None, None, None],
            ["VIN", "Vin rouge", 18, 6.0, "22042100", "food_wine", None],
        ]
    )
    rows = parse_import_file(data, filename="catalogue.xlsx")
    assert [(r.sku, r.price_cents, r.stock, r.hs_code, r.gtin, r.row) for r in rows] == [
        ("MIEL", 1290, 40, "04090000", "4006381333931", 2),
        ("VIN", 1800, 6, "22042100", None, 4),
    ]


def test_an_xlsx_with_bad_rows_names_them_as_the_spreadsheet_numbers_them() -> None:
    data = _xlsx(
        [list(HEADER.split(",")), ["A", "Miel", 12.345, 1, "04090000", "food_wine"], ["B", "", 1, -1, "1", "x"]]
    )
    assert _refused(data) == [(2, "price_eur"), (3, "title_fr"), (3, "stock"), (3, "hs_code"), (3, "category")]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<html>not a workbook</html>", "not a real .xlsx"),
        (b"PK\x03\x04 a broken zip", "not a real .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "old Excel .xls"),
    ],
)
def test_a_file_that_is_not_a_real_xlsx_is_refused(data: bytes, words: str) -> None:
    [reason] = _reasons(data, filename="catalogue.xlsx")
    assert words in reason


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    [reason] = _reasons(out.getvalue())
    assert "not a real .xlsx" in reason


def _sample_rows() -> list[ImportRow]:
    return [
        ImportRow(
            sku="CR-30",
            title_fr="Crème hydratante « Émeraude », 30 ml",
            price_cents=3990,
            stock=10,
            hs_code="33049900",
            category=Category.COSMETICS_SKINCARE,
            gtin="0036000291452",
            description_fr="Une crème légère.\nPour tous les jours, même l'été.",
            net_content=NetContent(30, NetUnit.ML),
            origin="FR",
            variant_label_fr="30 ml",
            product_ref="CR",
            row=2,
        ),
        ImportRow(
            sku="MIEL-1",
            title_fr="=Miel, de lavande",  # a title that a spreadsheet would run as a formula
            price_cents=100_000_00,
            stock=0,
            hs_code="04090000",
            category=Category.FOOD_WINE,
            row=3,
        ),
        ImportRow(
            sku="TRAIN",
            title_fr="Train en bois",
            price_cents=1,
            stock=1_000_000,
            hs_code="95030089",
            category=Category.CHILDREN,
            pieces=12,
            row=4,
        ),
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_as_the_same_rows(file_format: str) -> None:
    rows = _sample_rows()
    exported = export_rows(rows, file_format=file_format)  # type: ignore[arg-type]
    assert parse_import_file(exported, filename=f"export.{file_format}") == rows


def test_the_csv_export_has_every_column_and_opens_in_excel() -> None:
    text = export_rows(_sample_rows()).decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(COLUMNS) + "\r\n")
    assert "'=Miel" in text  # not a formula once opened in a spreadsheet
    assert ",3990," not in text and ",39.90," in text


def test_the_xlsx_export_keeps_codes_as_text_and_prices_as_numbers() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(export_rows(_sample_rows(), file_format="xlsx"))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS
    assert values[1][4] == "33049900" and values[1][6] == "0036000291452"
    assert values[2][1] == "=Miel, de lavande" and sheet.cell(3, 2).data_type == "s"
    assert Decimal(str(values[1][2])) == Decimal("39.90")
