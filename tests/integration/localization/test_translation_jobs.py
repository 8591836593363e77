"""A product's French reaches the partner's queue with a machine draft; the partner fixes it, approves it or
sends it back — on SQLite and on PostgreSQL, through the catalog's real services."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from comptoir import catalog, localization
from comptoir.kernel.database import metadata
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.ports import Misbehaviour
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.localization import FakeTranslator, JobStatus, TranslationUnavailable
from comptoir.localization.errors import CommentRequired, ContentNotCompliant, JobClosed
from comptoir.web.subscriptions import subscribe_all
from tests.integration.localization.world import build_localization_world, opened, submitted, wine

FIXED_TITLE = "松林酒庄2019，波尔多法定产区"
FIXED_DESCRIPTION = "一款柔顺果香的红葡萄酒。橡木桶陈酿十二个月。"


async def _count(runtime: Runtime, table: str) -> int:
    async with runtime.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(metadata.tables[table]))).scalar_one())


async def _product(runtime: Runtime, principal: object, product_id: str) -> catalog.Product:
    return await transact(runtime, lambda uow: catalog.product(uow, principal, product_id=product_id))  # type: ignore[arg-type]


async def test_a_submitted_product_reaches_the_partners_queue_through_the_outbox(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    subscribe_all(runtime)
    product_id = await submitted(runtime, w)
    assert await OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock).run_once() >= 1
    jobs, next_cursor = await transact(runtime, lambda uow: localization.translation_queue(uow, w.partner))
    assert [(j.product_id, j.status, j.source_version) for j in jobs] == [(product_id, JobStatus.OPEN, 1)]
    assert next_cursor is None
    job = jobs[0]
    # Nothing in memory yet: the glossary (the seller's Chinese name, Bordeaux, AOC) drafts the title; the
    # description stays in French, marked for the partner.
    assert job.draft_title_zh == "松林酒庄 2019, 波尔多法定产区"
    assert job.draft_state.value == "partial"
    assert [s.origin.value for s in job.draft_segments] == ["glossary", "untranslated", "untranslated"]


async def test_the_handler_is_idempotent_on_the_product_and_its_french_version(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    product_id = await submitted(runtime, w)
    first = await localization.open_job_for(runtime, product_id=product_id)
    again = await localization.open_job_for(runtime, product_id=product_id)
    assert first is not None and again is None
    assert await _count(runtime, "localization_jobs") == 1


async def test_a_newer_french_version_supersedes_the_open_job(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    job = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    product_id = job.job.product_id
    await transact(
        runtime,
        lambda uow: catalog.update_product(
            uow,
            w.merchant,
            product_id=product_id,
            changes=catalog.ProductChanges(description_fr="Un vin rouge souple. Servir à 16 °C."),
        ),
    )
    newer = await localization.open_job_for(runtime, product_id=product_id)
    assert newer is not None and newer.source_version == 2
    assert newer.description_fr == "Un vin rouge souple. Servir à 16 °C."
    old = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    assert old.job.status is JobStatus.SUPERSEDED
    with pytest.raises(JobClosed):
        await transact(runtime, lambda uow: localization.approve(uow, w.partner, job_id=job_id))


async def test_a_failing_translator_leaves_the_job_open_without_a_draft(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    down = FakeTranslator(misbehaviour=Misbehaviour().go_down(TranslationUnavailable("the service is down")))
    job_id = await opened(runtime, w, translators=down.factory())
    found = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    assert found.job.status is JobStatus.OPEN
    assert found.job.draft_state.value == "unavailable"
    assert (found.job.draft_title_zh, found.job.draft_segments) == (None, ())
    assert down.misbehaviour.calls == 1
    # The partner writes the Chinese from the French: nothing else was lost.
    approved = await transact(
        runtime,
        lambda uow: localization.approve(
            uow, w.partner, job_id=job_id, title=FIXED_TITLE, description=FIXED_DESCRIPTION
        ),
    )
    assert approved.job.status is JobStatus.APPROVED


async def test_a_translator_that_times_out_does_not_fail_the_delivery(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    slow = FakeTranslator(misbehaviour=Misbehaviour().time_out_next(1))
    runtime.bus.subscribe(
        catalog.ProductSubmitted, localization.product_submitted_handler(runtime, translators=slow.factory())
    )
    await submitted(runtime, w)
    assert await OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock).run_once() == 1
    jobs, _ = await transact(runtime, lambda uow: localization.translation_queue(uow, w.partner))
    assert [j.draft_state.value for j in jobs] == ["unavailable"]


async def test_approval_is_refused_while_a_claim_blocks_it_and_granted_once_it_is_fixed(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    with pytest.raises(ContentNotCompliant) as refused:
        await transact(
            runtime,
            lambda uow: localization.approve(
                uow,
                w.partner,
                job_id=job_id,
                title=FIXED_TITLE,
                description="全网第一的红葡萄酒，口感最佳。橡木桶陈酿十二个月。",
            ),
        )
    assert [(f["term"], f["rule"], f["start"]) for f in refused.value.findings] == [
        ("全网第一", "ad_law_art9.rank", 0),
        ("最佳", "ad_law_art9.superlative", 12),
    ]
    # Nothing was written: the job is open, the catalog still waits, the memory learnt nothing.
    found = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    assert found.job.status is JobStatus.OPEN and found.job.edited is False
    assert (await _product(runtime, w.merchant, found.job.product_id)).status is catalog.ProductStatus.IN_TRANSLATION
    assert await _count(runtime, "localization_memory") == 0

    approved = await transact(
        runtime,
        lambda uow: localization.approve(
            uow, w.partner, job_id=job_id, title=FIXED_TITLE, description=FIXED_DESCRIPTION
        ),
    )
    assert approved.job.status is JobStatus.APPROVED
    assert (approved.job.title_zh, approved.job.description_zh) == (FIXED_TITLE, FIXED_DESCRIPTION)
    product = await _product(runtime, w.merchant, found.job.product_id)
    assert product.status is catalog.ProductStatus.PUBLISHED
    # The title and each of the two sentences are remembered.
    assert await _count(runtime, "localization_memory") == 3


async def test_the_draft_left_in_french_cannot_be_approved_as_it_is(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    with pytest.raises(ContentNotCompliant) as refused:
        await transact(runtime, lambda uow: localization.approve(uow, w.partner, job_id=job_id))
    assert {f["rule"] for f in refused.value.findings} == {"draft.untranslated"}


async def test_memory_from_one_approval_drafts_the_next_product_with_its_scores(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    first = await opened(runtime, w)
    await transact(
        runtime,
        lambda uow: localization.approve(
            uow, w.partner, job_id=first, title=FIXED_TITLE, description=FIXED_DESCRIPTION
        ),
    )
    second = await opened(
        runtime,
        w,
        wine(
            title_fr="Château des Pins 2020, Bordeaux AOC",
            description_fr="Un vin rouge souple et fruité. Élevé douze mois en fûts de chêne.",
            variants=[catalog.VariantDraft(sku="PINS-20", price_eur="26.00", stock=10)],
        ),
    )
    found = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=second))
    # The keys "château des pins 2019 bordeaux aoc" and "…2020…" (34 characters) share 32: 2·32/68 = 94;
    # "…en fût de chêne" (32) and "…en fûts de chêne" (33) share 32: 2·32/65 = 98.
    assert [(s.origin.value, s.score) for s in found.job.draft_segments] == [
        ("memory_fuzzy", 94),
        ("memory", 100),
        ("memory_fuzzy", 98),
    ]
    assert found.job.draft_description_zh == FIXED_DESCRIPTION
    assert [[m.score for m in s.matches] for s in found.memory] == [[94], [100], [98]]


async def test_saving_keeps_the_partners_chinese_and_the_job_open(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    saved = await transact(
        runtime,
        lambda uow: localization.save_edit(
            uow, w.partner, job_id=job_id, title="松林酒庄2019", description="顶级红酒。"
        ),
    )
    assert saved.job.status is JobStatus.OPEN
    assert (saved.job.edited_title_zh, saved.job.updated_by) == ("松林酒庄2019", w.partner.actor_id)
    assert [f.term for f in saved.compliance] == ["顶级"]


async def test_sending_back_needs_a_comment_and_asks_the_seller_for_changes(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    with pytest.raises(CommentRequired):
        await transact(runtime, lambda uow: localization.send_back(uow, w.partner, job_id=job_id, comment="  "))
    sent = await transact(
        runtime,
        lambda uow: localization.send_back(
            uow, w.partner, job_id=job_id, comment="Précisez le degré d'alcool et les allergènes (sulfites)."
        ),
    )
    assert (sent.status, sent.comment) == (
        JobStatus.SENT_BACK,
        "Précisez le degré d'alcool et les allergènes (sulfites).",
    )
    product = await _product(runtime, w.merchant, sent.product_id)
    assert product.status is catalog.ProductStatus.NEEDS_CHANGES
    # The seller changes the French, which submits it again: a new job opens, the one sent back is superseded.
    fixed = catalog.ProductChanges(description_fr="Un vin rouge souple et fruité. 13,5 % vol. Contient des sulfites.")
    await transact(
        runtime, lambda uow: catalog.update_product(uow, w.merchant, product_id=sent.product_id, changes=fixed)
    )
    newer = await localization.open_job_for(runtime, product_id=sent.product_id)
    assert newer is not None and newer.status is JobStatus.OPEN
    old = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    assert old.job.status is JobStatus.SUPERSEDED


async def test_a_partner_who_does_not_run_the_store_is_refused_and_sees_nothing(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    for use_case in (
        lambda uow: localization.translation_job(uow, w.other_partner, job_id=job_id),
        lambda uow: localization.approve(uow, w.other_partner, job_id=job_id, title=FIXED_TITLE, description="红酒。"),
        lambda uow: localization.send_back(uow, w.other_partner, job_id=job_id, comment="Changez tout."),
        lambda uow: localization.save_edit(uow, w.other_partner, job_id=job_id, title="x", description="y"),
    ):
        with pytest.raises(catalog.NotStoreOperator):
            await transact(runtime, use_case)
    jobs, _ = await transact(runtime, lambda uow: localization.translation_queue(uow, w.other_partner))
    assert jobs == []
    # The merchant sells there but does not run the pavilion.
    with pytest.raises(catalog.NotStoreOperator):
        await transact(runtime, lambda uow: localization.translation_job(uow, w.merchant, job_id=job_id))


async def test_french_changed_since_the_job_opened_is_refused_and_the_job_stays_open(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    found = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    await transact(
        runtime,
        lambda uow: catalog.update_product(
            uow,
            w.merchant,
            product_id=found.job.product_id,
            changes=catalog.ProductChanges(title_fr="Château des Pins"),
        ),
    )
    with pytest.raises(catalog.StaleTranslation) as stale:
        await transact(
            runtime,
            lambda uow: localization.approve(
                uow, w.partner, job_id=job_id, title=FIXED_TITLE, description=FIXED_DESCRIPTION
            ),
        )
    assert (stale.value.status, stale.value.code) == (409, "translation_source_changed")
    still = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    assert still.job.status is JobStatus.OPEN
    assert await _count(runtime, "localization_memory") == 0


async def test_the_queue_pages_and_filters_by_status(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    ids = []
    for n in range(3):
        draft = wine(variants=[catalog.VariantDraft(sku=f"PINS-{n}", price_eur="24.00", stock=1)], title_fr=f"Vin {n}")
        ids.append(await opened(runtime, w, draft))
    await transact(runtime, lambda uow: localization.send_back(uow, w.partner, job_id=ids[1], comment="Le degré ?"))
    first, cursor = await transact(runtime, lambda uow: localization.translation_queue(uow, w.partner, limit=2))
    assert [j.id for j in first] == ids[:2] and cursor is not None
    rest, end = await transact(
        runtime, lambda uow: localization.translation_queue(uow, w.partner, limit=2, cursor=cursor)
    )
    assert [j.id for j in rest] == ids[2:] and end is None
    open_only, _ = await transact(
        runtime, lambda uow: localization.translation_queue(uow, w.partner, status=JobStatus.OPEN)
    )
    assert [j.id for j in open_only] == [ids[0], ids[2]]
