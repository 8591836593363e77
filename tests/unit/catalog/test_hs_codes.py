"""Suggesting HS codes from a product's French (or English) title."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from comptoir.catalog.domain.codes import validate_hs_code
from comptoir.catalog.domain.hs_codes import (
    KEYWORDS_PATH,
    SOURCE_KEYWORDS,
    SOURCE_NOMENCLATURE,
    suggest_hs_codes,
    words_of,
)
from comptoir.catalog.domain.positive_list import default_positive_list, load_positive_list


def _first(title: str) -> str:
    return suggest_hs_codes(title)[0].code8


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Château Lestage, Listrac-Médoc rouge — vin rouge de Bordeaux", "22042100"),
        ("Vin blanc de Bourgogne 2021", "22042100"),
        ("Crémant de Bordeaux brut", "22041000"),
        ("Eau de toilette Néroli de Grasse", "33030000"),
        ("Crème hydratante Émeraude", "33049900"),
        ("Sérum éclat à la rose", "33049900"),
        ("Savon à la lavande de Provence", "34011100"),
        ("Galettes pur beurre de Bretagne", "19053100"),
        ("Caramels au beurre salé", "17049000"),
        ("Miel de lavande", "04090000"),
        ("Huile d'olive vierge extra AOP", "15092000"),
        ("Lait infantile 1er âge", "19011010"),
        ("Petits pots légumes et poulet", "21042000"),
        ("Foulard en soie imprimé", "62141000"),
        ("Sac à main en cuir grainé", "42022100"),
        ("Espadrilles classiques en toile", "64041900"),
        ("Jouet en bois : train de 12 pièces", "95030089"),
    ],
)
def test_the_french_title_of_a_seed_product_suggests_its_code_first(title: str, code: str) -> None:
    assert _first(title) == code


def test_matching_ignores_accents_case_and_plurals() -> None:
    assert words_of("CRÈMES Hydratantes, d'été") == ("creme", "hydratante", "d", "ete")
    assert _first("CREME HYDRATANTE") == _first("crème hydratante") == "33049900"
    assert _first("des Vins rouges") == "22042100"


def test_a_keyword_of_several_words_matches_only_where_they_follow_each_other() -> None:
    # "huile ... d'olive" apart is not "huile d'olive"; and "eau de toilette" is not "toilette" alone.
    codes = [s.code8 for s in suggest_hs_codes("huile sèche à l'olive", limit=8)]
    assert "15092000" not in codes[:1]
    assert codes[0] == "33049900"


def test_a_keyword_suggestion_says_where_it_came_from_and_carries_the_nomenclature_description() -> None:
    suggestion = suggest_hs_codes("vin rouge")[0]
    assert suggestion.source == SOURCE_KEYWORDS
    assert suggestion.on_positive_list
    assert suggestion.description.startswith("Wine; still")


def test_english_words_are_found_in_the_nomenclature_descriptions() -> None:
    suggestions = suggest_hs_codes("perfume", lane="CN-FR")
    assert suggestions[0].code8 == "33030000"
    assert suggestions[0].source == SOURCE_NOMENCLATURE
    assert all(s.code8.endswith("00") and len(s.code8) == 8 for s in suggestions)


def test_on_the_fr_cn_lane_codes_on_the_positive_list_come_first() -> None:
    fr_cn = suggest_hs_codes("perfume", lane="FR-CN")
    flags = [s.on_positive_list for s in fr_cn]
    assert flags == sorted(flags, reverse=True)
    empty = load_positive_list(
        "# edition: none\n# effective_from: 2022-03-01\nhs_code,description_zh,description_en,note\n"
        "99999999,x,x,\n".replace("99999999", "01012100")
    )
    assert not any(s.on_positive_list for s in suggest_hs_codes("parfum", positive_list=empty))
    assert empty.effective_from == date(2022, 3, 1)


def test_a_code_typed_as_a_heading_suggests_its_subheadings() -> None:
    codes = [s.code8 for s in suggest_hs_codes("3304", limit=20)]
    assert {"33041000", "33042000", "33049900"} <= set(codes)


def test_nothing_recognisable_suggests_nothing_and_limit_is_kept() -> None:
    assert suggest_hs_codes("zzzz qqqq") == []
    assert len(suggest_hs_codes("wine", limit=2)) == 2
    with pytest.raises(ValueError, match="unknown lane"):
        suggest_hs_codes("vin", lane="FR-US")


def test_every_keyword_of_the_table_is_a_valid_code_on_the_positive_list() -> None:
    with KEYWORDS_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 100
    assert list(rows[0]) == ["keyword", "hs_code8", "note"]
    listed = default_positive_list()
    for row in rows:
        assert validate_hs_code(row["hs_code8"]) == row["hs_code8"], row
        assert listed.contains(row["hs_code8"]), row
    keywords = [" ".join(words_of(row["keyword"])) for row in rows]
    assert len(keywords) == len(set(keywords)), "a keyword is in the table twice"
