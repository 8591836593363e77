"""French and Chinese text cut into sentences, and drafts put back where the sentences were."""

from __future__ import annotations

from comptoir.localization.domain import assemble, chinese_sentences, french_sentences


def test_french_sentences_end_at_full_stops_but_not_after_abbreviations_or_initials() -> None:
    text = "Un grand vin de Bordeaux. Mme. Dupont le recommande ! Signé J. Martin.\nServir à 16 °C… Santé"
    assert [s.text for s in french_sentences(text)] == [
        "Un grand vin de Bordeaux.",
        "Mme. Dupont le recommande !",
        "Signé J. Martin.",
        "Servir à 16 °C…",
        "Santé",
    ]


def test_a_decimal_number_does_not_end_a_sentence_and_offsets_point_into_the_text() -> None:
    text = "  Degré 12.5 % vol. Bouteille de 75 cl."
    segments = french_sentences(text)
    assert [s.text for s in segments] == ["Degré 12.5 % vol. Bouteille de 75 cl."]
    assert text[segments[0].start : segments[0].end] == segments[0].text


def test_chinese_sentences_end_at_chinese_stops_and_line_breaks() -> None:
    assert [s.text for s in chinese_sentences("酒体圆润。适合搭配红肉！\n建议醒酒")] == [
        "酒体圆润。",
        "适合搭配红肉！",
        "建议醒酒",
    ]


def test_a_draft_keeps_the_line_breaks_and_drops_spaces_between_chinese_sentences() -> None:
    source = "Un vin rouge. Servir frais.\n\nÀ boire avant 2030."
    segments = french_sentences(source)
    assert (
        assemble(source, segments, ["红葡萄酒。", "冰镇饮用。", "2030年前饮用。"])
        == "红葡萄酒。冰镇饮用。\n\n2030年前饮用。"
    )
    # A sentence left in French keeps its space.
    assert (
        assemble(source, segments, ["红葡萄酒。", "Servir frais.", "2030年前饮用。"])
        == "红葡萄酒。 Servir frais.\n\n2030年前饮用。"
    )
