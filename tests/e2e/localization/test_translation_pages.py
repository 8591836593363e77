"""The partner's translation pages: the queue with its filters and empty states, a job with the French beside
the Chinese, findings with their reason, and the forms that save, approve and send back."""

from __future__ import annotations

import re

import httpx

from comptoir.kernel.runtime import Runtime
from tests.e2e.localization.conftest import ClientFactory, as_member
from tests.integration.localization.world import LocalizationWorld, opened

TITLE = "松林酒庄2019，波尔多法定产区"
DESCRIPTION = "一款柔顺果香的红葡萄酒。橡木桶陈酿十二个月。"
HTML = {"accept": "text/html"}


def partner(world: LocalizationWorld, client_for: ClientFactory) -> httpx.AsyncClient:
    return as_member(client_for, world.identity.partner)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_the_queue_says_what_to_do_when_it_is_empty_and_lists_jobs_once_there_are(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    client = partner(world, client_for)
    empty = await client.get("/partner/translations?lang=en", headers=HTML)
    assert empty.status_code == 200
    assert "Nothing to translate right now" in text_of(empty.text)
    stranger = as_member(client_for, world.identity.other_partner)
    none = await stranger.get("/partner/translations?lang=en", headers=HTML)
    assert "You run no store yet" in text_of(none.text)
    job_id = await opened(runtime, world)
    listed = await client.get("/partner/translations?lang=en", headers=HTML)
    assert f'href="/partner/translations/{job_id}"' in listed.text
    assert "Château des Pins 2019, Bordeaux AOC" in listed.text and "partial draft" in listed.text
    approved_only = await client.get("/partner/translations?status=approved&lang=en", headers=HTML)
    assert "No translation in this state" in text_of(approved_only.text)
    # The navigation of a partner has its translations.
    assert 'href="/partner/translations"' in listed.text


async def test_the_queue_is_the_partners_space(world: LocalizationWorld, client_for: ClientFactory) -> None:
    brand = as_member(client_for, world.identity.brand)
    refused = await brand.get("/partner/translations?lang=en", headers=HTML)
    assert refused.status_code == 403
    assert "accredited partners" in text_of(refused.text)


async def test_the_job_page_shows_the_french_beside_the_chinese_with_terms_and_findings(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    page = await partner(world, client_for).get(f"/partner/translations/{job_id}?lang=en", headers=HTML)
    assert page.status_code == 200, page.text
    text = text_of(page.text)
    assert '<mark class="glossary" title="Bordeaux → 波尔多">Bordeaux</mark>' in page.text
    assert 'name="title" lang="zh-Hans" value="松林酒庄 2019, 波尔多法定产区"' in page.text
    assert "This sentence is still in French: translate it or remove it." in text
    assert "Part of the draft is still in French" in text
    assert "Glossary terms applied" in text and "rendered" in text


async def test_a_refused_approval_keeps_what_was_typed_and_highlights_each_claim_with_its_reason(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    refused = await client.post(
        f"/partner/translations/{job_id}?lang=en",
        data={"title": TITLE, "description": "全网第一的红葡萄酒。", "action": "approve"},
        headers=HTML,
    )
    assert refused.status_code == 422, refused.text
    text = text_of(refused.text)
    assert "Some findings block the approval" in text
    assert '<mark class="finding blocking"' in refused.text and ">全网第一</mark>" in refused.text
    assert "claiming to be number one" in text
    assert "全网第一的红葡萄酒。</textarea>" in refused.text


async def test_saving_and_approving_from_the_form_redirect_to_the_job_with_what_happened(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    saved = await client.post(
        f"/partner/translations/{job_id}", data={"title": TITLE, "description": "草稿", "action": "save"}
    )
    assert (saved.status_code, saved.headers["location"]) == (303, f"/partner/translations/{job_id}?done=saved")
    shown = await client.get(saved.headers["location"] + "&lang=en", headers=HTML)
    assert "Your Chinese is saved" in text_of(shown.text) and ">草稿</textarea>" in shown.text
    approved = await client.post(
        f"/partner/translations/{job_id}", data={"title": TITLE, "description": DESCRIPTION, "action": "approve"}
    )
    assert approved.headers["location"] == f"/partner/translations/{job_id}?done=approved"
    closed = await client.get(approved.headers["location"] + "&lang=en", headers=HTML)
    assert "Approved: the Chinese page is with the catalog" in text_of(closed.text)
    assert 'name="action"' not in closed.text  # nothing left to edit


async def test_sending_back_without_a_comment_says_what_is_missing(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    refused = await client.post(f"/partner/translations/{job_id}/send-back?lang=en", data={"comment": ""}, headers=HTML)
    assert refused.status_code == 422
    assert "Tell the seller what to change in the French" in text_of(refused.text)
    sent = await client.post(f"/partner/translations/{job_id}/send-back", data={"comment": "Le degré d'alcool ?"})
    assert sent.headers["location"] == f"/partner/translations/{job_id}?done=sent_back"


async def test_the_pages_read_in_chinese_and_in_french(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    client = partner(world, client_for)
    zh = text_of((await client.get(f"/partner/translations/{job_id}?lang=zh_Hans", headers=HTML)).text)
    fr = text_of((await client.get(f"/partner/translations/{job_id}?lang=fr", headers=HTML)).text)
    assert "此句仍是法语" in zh and "翻译" in zh
    assert "Cette phrase est encore en français" in fr


async def test_another_partners_job_page_is_refused(
    runtime: Runtime, world: LocalizationWorld, client_for: ClientFactory
) -> None:
    job_id = await opened(runtime, world)
    stranger = as_member(client_for, world.identity.other_partner)
    refused = await stranger.get(f"/partner/translations/{job_id}?lang=en", headers=HTML)
    assert refused.status_code == 403 and "Château des Pins" not in refused.text
