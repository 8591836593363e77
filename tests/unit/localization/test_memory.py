"""Translation memory: exact matches score 100, close ones their rapidfuzz ratio, from the threshold up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from comptoir.localization.domain import MemoryEntry, TranslationMemory, key_length_range, memory_key

T0 = datetime(2026, 3, 1, tzinfo=UTC)
ROUGE = MemoryEntry("tmem_1", "Un vin rouge souple et fruité.", "一款柔顺果香的红葡萄酒。", None, T0)
SERVIR = MemoryEntry("tmem_2", "Servir à 16 °C.", "建议16°C饮用。", "org_brand", T0)
SAVON = MemoryEntry("tmem_3", "Savon cuit au chaudron.", "传统釜制手工皂。", None, T0)
MEMORY = TranslationMemory([ROUGE, SERVIR, SAVON])


def test_the_key_ignores_case_punctuation_and_repeated_spaces() -> None:
    assert memory_key("« Un vin  rouge, souple et fruité ! »") == "un vin rouge souple et fruité"


def test_an_exact_match_scores_100() -> None:
    [match] = MEMORY.matches("un vin rouge, souple et fruité")
    assert (match.entry, match.score, match.exact) == (ROUGE, 100, True)


def test_a_close_match_scores_its_ratio_worked_out_by_hand() -> None:
    # "un vin rouge souple et fruité" and "un vin blanc souple et fruité" are 29 characters each and share
    # "un vin " and " souple et fruité" (24 characters; rouge and blanc share none): 2·24/58 = 82.7 -> 82.
    [match] = MEMORY.matches("Un vin blanc souple et fruité.")
    assert (match.entry, match.score, match.exact) == (ROUGE, 82, False)


def test_a_match_below_the_threshold_is_not_offered() -> None:
    assert MEMORY.matches("Un champagne brut, vif et minéral.") == []
    strict = TranslationMemory([ROUGE], threshold=90)
    assert strict.matches("Un vin blanc souple et fruité.") == []


def test_matches_come_best_first_and_a_brand_entry_before_a_global_one_of_the_same_score() -> None:
    brand_rouge = MemoryEntry("tmem_4", ROUGE.fr, "柔顺果香红酒。", "org_brand", T0 - timedelta(days=30))
    memory = TranslationMemory([ROUGE, brand_rouge, SAVON])
    found = memory.matches("Un vin rouge souple et fruité.")
    assert [(m.entry.id, m.score) for m in found] == [("tmem_4", 100), ("tmem_1", 100)]


def test_two_entries_with_the_same_chinese_are_offered_once() -> None:
    again = MemoryEntry("tmem_5", "Un vin rouge, souple, fruité.", ROUGE.zh, None, T0)
    found = TranslationMemory([ROUGE, again]).matches("Un vin rouge souple et fruité.")
    assert [m.entry.id for m in found] == ["tmem_1"]


def test_the_length_range_holds_every_key_that_can_reach_the_threshold() -> None:
    low, high = key_length_range("x" * 30)
    # 2·min/(a+b) ≥ 0.75 means the shorter is at least 0.6 of the longer: 18 to 50 characters.
    assert (low, high) == (18, 51)
