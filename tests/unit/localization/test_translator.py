"""The translator port: the offline default drafts from memory and glossary only; the fake misbehaves on demand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from comptoir.kernel.ports import Misbehaviour
from comptoir.localization import FakeTranslator, OfflineTranslator, TranslationUnavailable
from comptoir.localization.domain import DraftOrigin, GlossaryTerm, MemoryEntry, TranslationMemory

T0 = datetime(2026, 3, 1, tzinfo=UTC)
MEMORY = TranslationMemory(
    [
        MemoryEntry("tmem_1", "Un vin rouge souple et fruité.", "一款柔顺果香的红葡萄酒。", None, T0),
        MemoryEntry("tmem_2", "Servir à 16 °C.", "建议16°C饮用。", None, T0),
    ]
)
GLOSSARY = [
    GlossaryTerm("gls_1", None, "Bordeaux", "波尔多"),
    GlossaryTerm("gls_2", None, "AOC", "法定产区"),
    GlossaryTerm("gls_3", "org_b", "Maison Lumière", "Maison Lumière", keep=True),
]


async def test_the_offline_draft_takes_exact_then_close_memory_matches_then_the_glossary() -> None:
    drafts = await OfflineTranslator(MEMORY).translate(
        [
            "Un vin rouge souple et fruité.",  # exact
            "Un vin rouge souple et fruité !",  # exact once punctuation is aside
            "Servir à 18 °C.",  # close: 92, marked for checking
            "Bordeaux AOC",  # glossary alone
            "Maison Lumière, Bordeaux",  # glossary alone (a kept name and a mapped one)
            "Élevé douze mois en fût de chêne.",  # neither: left in French
        ],
        glossary=GLOSSARY,
    )
    assert [(d.text, d.origin, d.score) for d in drafts] == [
        ("一款柔顺果香的红葡萄酒。", DraftOrigin.MEMORY, 100),
        ("一款柔顺果香的红葡萄酒。", DraftOrigin.MEMORY, 100),
        ("建议16°C饮用。", DraftOrigin.FUZZY, 92),
        ("波尔多法定产区", DraftOrigin.GLOSSARY, None),
        ("Maison Lumière, 波尔多", DraftOrigin.GLOSSARY, None),
        ("Élevé douze mois en fût de chêne.", DraftOrigin.UNTRANSLATED, None),
    ]
    assert [d.translated for d in drafts] == [True, True, True, True, True, False]


async def test_an_untranslated_sentence_keeps_the_glossary_renderings_in_it() -> None:
    [draft] = await OfflineTranslator(TranslationMemory()).translate(["Un grand vin de Bordeaux."], glossary=GLOSSARY)
    assert (draft.text, draft.origin) == ("Un grand vin de 波尔多.", DraftOrigin.UNTRANSLATED)


async def test_the_offline_translator_drafts_french_into_simplified_chinese_only() -> None:
    with pytest.raises(TranslationUnavailable):
        await OfflineTranslator(MEMORY).translate(["Hello."], source="en")


async def test_the_fake_answers_what_it_was_told_and_leaves_the_rest_in_french() -> None:
    fake = FakeTranslator({"Bonjour.": "你好。"})
    drafts = await fake.translate(["Bonjour.", "Merci."])
    assert [(d.text, d.origin) for d in drafts] == [
        ("你好。", DraftOrigin.MACHINE),
        ("Merci.", DraftOrigin.UNTRANSLATED),
    ]
    assert fake.asked == [["Bonjour.", "Merci."]]


async def test_a_failing_fake_raises_the_ports_failure_then_works_again() -> None:
    fake = FakeTranslator(misbehaviour=Misbehaviour().fail_next(1, TranslationUnavailable("down")).time_out_next(1))
    with pytest.raises(TranslationUnavailable, match="down"):
        await fake.translate(["Bonjour."])
    with pytest.raises(TranslationUnavailable, match="in time") as timed_out:
        await fake.translate(["Bonjour."])
    assert isinstance(timed_out.value.__cause__, TimeoutError)
    assert [d.origin for d in await fake.translate(["Bonjour."])] == [DraftOrigin.UNTRANSLATED]
