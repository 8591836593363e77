"""The localization API: the queue and its jobs, approval refused with its findings then granted, sending back,
other partners refused, stale French, replayed requests, paging, the glossary and the lint."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from comptoir import catalog
from comptoir.kernel.database import metadata
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.localization.conftest import ClientFactory, as_member
from tests.integration.localization.world import LocalizationWorld, opened, wine

TITLE = "松林酒庄2019，波尔多法定产区"
DESCRIPTION = "一款柔顺果香的红葡萄酒。橡木桶陈酿十二个月。"


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


async def count(runtime: Runtime, table: str) -> int:
    async with runtime.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(metadata.tables[table]))).scalar_one())


def partner(world: LocalizationWorld, client_for: ClientFactory) -> httpx.AsyncClient:
    return as_member(client_for, world.identity.partner)


async def test_the_partner_lists_its_queue_and_reads_a_job_with_its_review(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    listed = await client.get("/api/v1/localization/jobs", params={"status": "open"})
    assert listed.status_code == 200, listed.text
    assert [j["id"] for j in listed.json()["items"]] == [job_id]
    found = await client.get(f"/api/v1/localization/jobs/{job_id}")
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["status"] == "open" and body["draft_state"] == "partial" and body["approvable"] is False
    assert [(g["fr"], g["rendering"], g["owner"]) for g in body["glossary"]] == [
        ("Château des Pins", "松林酒庄", "brand"),
        ("Bordeaux", "波尔多", "global"),
        ("AOC", "法定产区", "global"),
    ]
    assert {f["rule"] for f in body["findings"]} == {"draft.untranslated"}
    assert [m["segment"] for m in body["memory"]][1] == "Un vin rouge souple et fruité."


async def test_approval_is_refused_with_every_blocking_finding_then_granted_once_fixed(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    refused = await client.post(
        f"/api/v1/localization/jobs/{job_id}/approve",
        json={"title": "法国第一酒庄", "description": "100%纯天然，可降血压。"},
        headers=key("approve-1"),
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "content_not_compliant"
    assert [(f["field"], f["term"], f["rule"], f.get("start")) for f in problem["findings"]] == [
        ("title", "第一", "ad_law_art9.rank", 2),
        ("description", "100%", "ad_law_art9.absolute", 0),
        ("description", "降血压", "ad_law_art17.medical", 9),
        ("title", "Château des Pins", "glossary.render", None),
    ]
    assert problem["findings"][3]["reason"] == "Glossary term Château des Pins must be rendered 松林酒庄."
    assert all(f["severity"] == "blocking" for f in problem["findings"])
    approved = await client.post(
        f"/api/v1/localization/jobs/{job_id}/approve",
        json={"title": TITLE, "description": DESCRIPTION},
        headers=key("approve-2"),
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["chinese"]["title"] == TITLE
    assert await count(runtime, "localization_memory") == 3


async def test_a_replayed_approval_answers_the_first_answer_and_approves_once(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    body = {"title": TITLE, "description": DESCRIPTION}
    first = await client.post(f"/api/v1/localization/jobs/{job_id}/approve", json=body, headers=key("once"))
    again = await client.post(f"/api/v1/localization/jobs/{job_id}/approve", json=body, headers=key("once"))
    assert first.status_code == again.status_code == 200
    assert again.headers.get("idempotent-replayed") == "true" and again.content == first.content
    other = await client.post(
        f"/api/v1/localization/jobs/{job_id}/approve", json={"title": "别的"}, headers=key("once")
    )
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    # Without the key the job is closed: approving twice is a conflict, not a second approval.
    closed = await client.post(f"/api/v1/localization/jobs/{job_id}/approve", json=body, headers=key("twice"))
    assert (closed.status_code, closed.json()["code"]) == (409, "translation_job_closed")


async def test_a_partner_who_does_not_run_the_store_is_refused_and_gets_nothing(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    stranger = as_member(client_for, world.identity.other_partner)
    assert (await stranger.get("/api/v1/localization/jobs")).json() == {"items": [], "next_cursor": None}
    read = await stranger.get(f"/api/v1/localization/jobs/{job_id}")
    assert (read.status_code, read.json()["code"]) == (403, "store_not_operated")
    assert "松林" not in read.text and "Château" not in read.text
    for path, body in (
        (f"/api/v1/localization/jobs/{job_id}/approve", {"title": TITLE, "description": DESCRIPTION}),
        (f"/api/v1/localization/jobs/{job_id}/send-back", {"comment": "Changez tout."}),
    ):
        refused = await stranger.post(path, json=body, headers=key(path))
        assert (refused.status_code, refused.json()["code"]) == (403, "store_not_operated"), refused.text
    edit = await stranger.put(f"/api/v1/localization/jobs/{job_id}/edit", json={"title": "x", "description": ""})
    assert edit.status_code == 403
    unknown = await partner(world, client_for).get("/api/v1/localization/jobs/trj_01JD3ZKQ0B8V5W7T8X9Y0Z1A2B")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "translation_job_not_found")


async def test_french_changed_since_the_draft_answers_409_and_the_job_stays_open(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    product_id = (await client.get(f"/api/v1/localization/jobs/{job_id}")).json()["product_id"]
    await transact(
        runtime,
        lambda uow: catalog.update_product(
            uow, world.merchant, product_id=product_id, changes=catalog.ProductChanges(title_fr="Château des Pins")
        ),
    )
    stale = await client.post(
        f"/api/v1/localization/jobs/{job_id}/approve", json={"title": TITLE, "description": DESCRIPTION}
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "translation_source_changed"), stale.text
    assert (await client.get(f"/api/v1/localization/jobs/{job_id}")).json()["status"] == "open"


async def test_saving_then_sending_back_with_a_comment(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    saved = await client.put(
        f"/api/v1/localization/jobs/{job_id}/edit", json={"title": TITLE, "description": "极品红酒。"}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["edited"] == {"title": TITLE, "description": "极品红酒。"}
    assert [f["term"] for f in saved.json()["findings"]] == ["极品"]
    no_comment = await client.post(f"/api/v1/localization/jobs/{job_id}/send-back", json={"comment": ""})
    assert no_comment.status_code == 422
    sent = await client.post(
        f"/api/v1/localization/jobs/{job_id}/send-back", json={"comment": "Indiquez le degré d'alcool."}
    )
    assert sent.status_code == 200, sent.text
    assert (sent.json()["status"], sent.json()["comment"]) == ("sent_back", "Indiquez le degré d'alcool.")


async def test_the_queue_pages_with_the_cursor_it_hands_out(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    ids = []
    for n in range(3):
        draft = wine(title_fr=f"Vin {n}", variants=[catalog.VariantDraft(sku=f"V-{n}", price_eur="9.00", stock=1)])
        ids.append(await opened(runtime, world, draft))
    client = partner(world, client_for)
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        page = (await client.get("/api/v1/localization/jobs", params=params)).json()
        seen += [j["id"] for j in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == ids
    bad = await client.get("/api/v1/localization/jobs", params={"cursor": "bm90LW91cnM"})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_cursor")


async def test_the_brands_glossary_and_the_global_one(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    brand_id = world.identity.brand.id
    client = partner(world, client_for)
    made = await client.post(
        f"/api/v1/localization/brands/{brand_id}/glossary",
        json={"fr": "Lumière", "zh": "光", "note": "nom de la maison"},
        headers=key("term-1"),
    )
    assert made.status_code == 201, made.text
    term_id = made.json()["id"]
    twice = await client.post(f"/api/v1/localization/brands/{brand_id}/glossary", json={"fr": "lumière", "zh": "光"})
    assert (twice.status_code, twice.json()["code"]) == (409, "glossary_term_exists")
    changed = await client.put(f"/api/v1/localization/glossary/{term_id}", json={"fr": "Lumière", "zh": "光之"})
    assert changed.json()["zh"] == "光之"
    stranger = as_member(client_for, world.identity.other_partner)
    assert (await stranger.get(f"/api/v1/localization/brands/{brand_id}/glossary")).status_code == 403
    assert (await stranger.delete(f"/api/v1/localization/glossary/{term_id}")).status_code == 403
    assert (await client.delete(f"/api/v1/localization/glossary/{term_id}")).status_code == 204
    listed = (await client.get("/api/v1/localization/glossary")).json()
    assert [t["fr"] for t in listed["items"]] == ["Bordeaux", "AOC"]
    refused = await client.post("/api/v1/localization/glossary", json={"fr": "Cognac", "zh": "干邑"})
    assert refused.status_code == 403
    operator = as_member(client_for, world.identity.operator)
    added = await operator.post("/api/v1/localization/glossary", json={"fr": "Cognac", "zh": "干邑"})
    assert added.status_code == 201 and added.json()["brand_id"] is None


async def test_the_lint_answers_the_findings_of_a_text_and_stores_nothing(
    world: LocalizationWorld, client_for: ClientFactory
) -> None:
    client = partner(world, client_for)
    answer = await client.post(
        "/api/v1/localization/lint", json={"text": "第一次品尝，就知道它是最好的。", "category": "food_wine"}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["as_of"] == "2025-06-01" and body["blocking"] is True
    assert [(f["term"], f["start"], f["end"]) for f in body["findings"]] == [("最好", 11, 13)]
    unknown = await client.post("/api/v1/localization/lint", json={"text": "x", "category": "spaceships"})
    assert unknown.status_code == 422
