"""What a reviewer sees for a job's Chinese, and what stops its approval."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from comptoir.localization.domain import (
    DraftOrigin,
    DraftSegment,
    DraftState,
    GlossaryTerm,
    JobStatus,
    MemoryEntry,
    TranslationJob,
    TranslationMemory,
    approved_pairs,
    compliance_rules,
    finding_as_json,
    review,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)
JOB = TranslationJob(
    id="trj_1",
    product_id="prd_1",
    store_id="sto_1",
    operator_org_id="org_partner",
    brand_org_id="org_brand",
    brand_name="Château Lumière",
    brand_name_zh="光之酒庄",
    category="food_wine",
    source_version=1,
    title_fr="Château Lumière 2019, Bordeaux",
    description_fr="Un vin rouge souple et fruité. Élevé douze mois en fût de chêne.",
    draft_title_zh="光之酒庄2019，波尔多",
    draft_description_zh="一款柔顺果香的红葡萄酒。 Élevé douze mois en fût de chêne.",
    draft_state=DraftState.PARTIAL,
    draft_segments=(
        DraftSegment("title", "Château Lumière 2019, Bordeaux", "光之酒庄2019，波尔多", DraftOrigin.GLOSSARY),
        DraftSegment(
            "description", "Un vin rouge souple et fruité.", "一款柔顺果香的红葡萄酒。", DraftOrigin.MEMORY, 100
        ),
        DraftSegment(
            "description",
            "Élevé douze mois en fût de chêne.",
            "Élevé douze mois en fût de chêne.",
            DraftOrigin.UNTRANSLATED,
        ),
    ),
    edited_title_zh=None,
    edited_description_zh=None,
    status=JobStatus.OPEN,
    comment=None,
    created_at=T0,
    updated_at=T0,
    updated_by="system",
)
TERMS = [GlossaryTerm("gls_1", None, "Bordeaux", "波尔多")]
MEMORY = TranslationMemory(
    [MemoryEntry("tmem_1", "Un vin rouge souple et fruité.", "一款柔顺果香的红葡萄酒。", None, T0)]
)


def test_the_draft_as_it_came_cannot_be_approved_while_a_sentence_is_still_in_french() -> None:
    found = review(JOB, terms=TERMS, rules=compliance_rules(), memory=MEMORY)
    assert [m.term.fr for m in found.glossary] == ["Château Lumière", "Bordeaux"]
    assert found.glossary_findings == ()
    assert [(f.field, f.start, f.end) for f in found.untranslated] == [("description", 13, 46)]
    assert not found.approvable
    assert [(m.segment.text, [x.score for x in m.matches]) for m in found.memory] == [
        ("Château Lumière 2019, Bordeaux", []),
        ("Un vin rouge souple et fruité.", [100]),
        ("Élevé douze mois en fût de chêne.", []),
    ]


def test_a_claim_and_a_missing_brand_name_block_approval_and_say_why() -> None:
    found = review(
        JOB,
        terms=TERMS,
        rules=compliance_rules(),
        title="2019年份波尔多红酒",
        description="全网第一的红葡萄酒。橡木桶陈酿十二个月。",
    )
    assert [finding_as_json(f)["reason"] for f in found.blocking] == [
        "Advertising Law art. 9: claiming to be number one, the first or the only one is an absolute claim,"
        " forbidden in advertising.",
        "Glossary term Château Lumière must be rendered 光之酒庄.",
    ]
    assert finding_as_json(found.blocking[0]) | {"reason": "…"} == {
        "kind": "compliance",
        "field": "description",
        "term": "全网第一",
        "start": 0,
        "end": 4,
        "rule": "ad_law_art9.rank",
        "severity": "blocking",
        "law": "Advertising Law art. 9(3)",
        "reason": "…",
    }


def test_the_fixed_chinese_is_approvable() -> None:
    found = review(
        JOB,
        terms=TERMS,
        rules=compliance_rules(),
        title="光之酒庄2019，波尔多",
        description="柔顺果香的红葡萄酒。橡木桶陈酿十二个月。",
    )
    assert found.approvable and found.findings == []


def test_an_approval_teaches_the_memory_one_pair_per_sentence_when_both_sides_have_as_many() -> None:
    assert approved_pairs(
        JOB, title="光之酒庄2019，波尔多", description="柔顺果香的红葡萄酒。橡木桶陈酿十二个月。"
    ) == [
        ("Château Lumière 2019, Bordeaux", "光之酒庄2019，波尔多"),
        ("Un vin rouge souple et fruité.", "柔顺果香的红葡萄酒。"),
        ("Élevé douze mois en fût de chêne.", "橡木桶陈酿十二个月。"),
    ]
    # Three Chinese sentences for two French ones: the description is learnt whole.
    whole = approved_pairs(JOB, title="光之酒庄", description="红酒。柔顺。陈酿。")
    assert whole[1] == (JOB.description_fr, "红酒。柔顺。陈酿。")


def test_a_brand_without_a_chinese_name_keeps_its_name_as_it_is() -> None:
    job = replace(JOB, brand_name_zh=None)
    found = review(job, terms=[], rules=compliance_rules(), title="2019年红酒", description="红酒。陈酿。")
    assert [finding_as_json(f)["reason"] for f in found.glossary_findings] == [
        "Glossary term Château Lumière must stay untranslated, as Château Lumière."
    ]
