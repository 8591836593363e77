"""The CBEC positive list: the shipped sample, and a loader that names every bad line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from comptoir.catalog.domain.positive_list import (
    SAMPLE_PATH,
    PositiveListInvalid,
    default_positive_list,
    load_positive_list,
)

DEMO_CATALOG = Path(__file__).resolve().parents[3] / "src" / "comptoir" / "simulation" / "data" / "demo_catalog.json"

HEADER = "# edition: 2022\n# effective_from: 2022-03-01\nhs_code,description_zh,description_en,note\n"


def test_the_shipped_sample_is_the_2022_edition_in_force_from_march_2022() -> None:
    listed = default_positive_list()
    assert listed.effective_from == date(2022, 3, 1)
    assert listed.edition.startswith("2022")
    assert not listed.in_force_on(date(2022, 2, 28)) and listed.in_force_on(date(2022, 3, 1))
    assert len(listed) >= 50


@pytest.mark.parametrize(
    "code",
    [
        "22042100", "22042200", "22042900", "33030000", "33041000", "33042000", "33049100", "33049900",
        "33051000", "34011100", "19053100", "19053200", "19059000", "18069000", "17049000", "04090000",
        "19011010", "19011090", "62141000", "42022100", "42022200", "64039900", "64041900", "64052000",
        "95030021", "95030089", "20079990",
    ],
)  # fmt: skip
def test_the_sample_covers_the_seed_categories(code: str) -> None:
    assert default_positive_list().contains(code)


def test_a_code_is_found_with_or_without_its_dots_and_its_line_says_what_it_is() -> None:
    listed = default_positive_list()
    assert listed.contains("2204.21.00")
    entry = listed.entry("22042100")
    assert entry is not None and "葡萄酒" in entry.description_zh and "wine" in entry.description_en.lower()


def test_spirits_of_another_kind_and_television_sets_are_not_on_the_sample() -> None:
    listed = default_positive_list()
    assert not listed.contains("22089010")
    assert not listed.contains("85287200")  # television sets
    assert listed.entry("85287200") is None


def test_a_list_loads_from_its_text_or_from_its_file(tmp_path: Path) -> None:
    text = HEADER + "22042100,葡萄酒,Wine,\n33030000,香水,Perfume,a note\n"
    from_text = load_positive_list(text)
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    from_file = load_positive_list(path)
    assert from_text == from_file
    assert from_file.entry("33030000") is not None and from_file.entry("33030000").note == "a note"  # type: ignore[union-attr]
    assert load_positive_list(SAMPLE_PATH) == default_positive_list()


def test_every_bad_line_is_reported_with_its_number_and_nothing_loads() -> None:
    text = HEADER + (
        "22042100,葡萄酒,Wine,\n"  # line 4: good
        "2204210,葡萄酒,Wine,\n"  # line 5: 7 digits
        "22042100,葡萄酒,Wine again,\n"  # line 6: twice
        "22049900,葡萄酒,Wine,\n"  # line 7: no such subheading
        "33030000,,Perfume,\n"  # line 8: no Chinese
        "33041000,唇\n"  # line 9: columns
    )
    with pytest.raises(PositiveListInvalid) as refused:
        load_positive_list(text)
    problems = refused.value.problems
    assert [p.line for p in problems] == [5, 6, 7, 8, 9]
    assert "not 8 digits" in problems[0].reason
    assert "already on line 4" in problems[1].reason
    assert "unknown HS code" in problems[2].reason
    assert "description_zh" in problems[3].reason
    assert "columns" in problems[4].reason
    assert str(problems[0]).startswith("line 5:")


def test_a_list_without_its_date_is_refused_unless_the_caller_gives_it() -> None:
    text = "hs_code,description_zh,description_en,note\n22042100,葡萄酒,Wine,\n"
    with pytest.raises(PositiveListInvalid) as refused:
        load_positive_list(text)
    reasons = " / ".join(p.reason for p in refused.value.problems)
    assert "# edition" in reasons and "# effective_from" in reasons
    dated = load_positive_list(text, edition="2022", effective_from=date(2022, 3, 1))
    assert dated.contains("22042100")


def test_a_bad_date_and_a_wrong_header_are_named() -> None:
    text = "# edition: 2022\n# effective_from: 1 March 2022\nhs,zh,en\n22042100,葡萄酒,Wine,\n"
    with pytest.raises(PositiveListInvalid) as refused:
        load_positive_list(text)
    assert sorted((p.line, p.reason.split()[0]) for p in refused.value.problems) == [(2, "effective_from"), (3, "the")]


def test_every_hs_code_of_the_demo_catalog_is_on_the_sample() -> None:
    products = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))["products"]
    listed = default_positive_list()
    missing = sorted({p["hs_code"] for p in products if not listed.contains(p["hs_code"])})
    assert missing == []
