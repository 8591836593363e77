"""The glossary: terms found in the French source, and whether the Chinese renders each as it must."""

from __future__ import annotations

from comptoir.localization.domain import (
    GlossaryTerm,
    Severity,
    check_renderings,
    effective_terms,
    find_terms,
    glossary_mappings,
    substitute,
)

BORDEAUX = GlossaryTerm("gls_1", None, "Bordeaux", "波尔多")
AOC = GlossaryTerm("gls_2", None, "AOC", "法定产区")
BORDEAUX_SUP = GlossaryTerm("gls_3", None, "Bordeaux Supérieur", "超级波尔多")
MARGAUX = GlossaryTerm("gls_4", "org_brand", "Château Margaux", "玛歌酒庄")
CHANEL = GlossaryTerm("gls_5", "org_brand", "Chanel", "Chanel", keep=True)
TERMS = [BORDEAUX, AOC, BORDEAUX_SUP, MARGAUX, CHANEL]


def test_terms_are_found_as_whole_words_whatever_their_case() -> None:
    hits = find_terms("Un bordeaux AOC, pas un Bordelais ni un AOCtest.", TERMS)
    assert [(h.term.fr, h.start, h.end) for h in hits] == [("Bordeaux", 3, 11), ("AOC", 12, 15)]


def test_the_longest_term_wins_where_two_overlap() -> None:
    hits = find_terms("Un Bordeaux Supérieur et un Bordeaux.", TERMS)
    assert [h.term.fr for h in hits] == ["Bordeaux Supérieur", "Bordeaux"]


def test_a_brand_term_wins_over_a_global_term_for_the_same_french_word() -> None:
    brand_bordeaux = GlossaryTerm("gls_9", "org_brand", "bordeaux", "宝尔多")
    assert effective_terms([BORDEAUX, brand_bordeaux]) == [brand_bordeaux]
    assert [h.term.zh for h in find_terms("Bordeaux", [BORDEAUX, brand_bordeaux])] == ["宝尔多"]


def test_the_mapping_says_what_each_term_must_be_rendered_as_and_where_it_was_found() -> None:
    mappings = glossary_mappings(
        {"title": "Château Margaux 2015, AOC Margaux", "description": "Grand vin de Bordeaux, signé Chanel."}, TERMS
    )
    assert [(m.term.fr, m.term.rendering, m.fields) for m in mappings] == [
        ("Château Margaux", "玛歌酒庄", ["title"]),
        ("AOC", "法定产区", ["title"]),
        ("Bordeaux", "波尔多", ["description"]),
        ("Chanel", "Chanel", ["description"]),
    ]


def test_a_draft_that_does_not_render_a_term_as_required_has_a_finding_per_field() -> None:
    mappings = glossary_mappings({"title": "Vin de Bordeaux AOC", "description": "Le Bordeaux de Chanel."}, TERMS)
    findings = check_renderings({"title": "波尔多法定产区葡萄酒", "description": "宝尔多的香奈儿。"}, mappings)
    assert [(f.term.fr, f.field, f.severity, f.reason % f.params) for f in findings] == [
        ("Bordeaux", "description", Severity.WARNING, "Glossary term Bordeaux must be rendered 波尔多."),
        ("Chanel", "description", Severity.BLOCKING, "Glossary term Chanel must stay untranslated, as Chanel."),
    ]


def test_a_draft_rendering_every_term_has_no_finding() -> None:
    mappings = glossary_mappings({"title": "Château Margaux, AOC", "description": "Chanel"}, TERMS)
    assert check_renderings({"title": "玛歌酒庄（法定产区）", "description": "chanel 香水"}, mappings) == []


def test_substitution_replaces_each_term_by_its_rendering() -> None:
    text = "Un grand Bordeaux AOC."
    assert substitute(text, find_terms(text, TERMS)) == "Un grand 波尔多 法定产区."
