"""A partner's application as the partner and the platform operator see it: pending, amended, rejected."""

from __future__ import annotations

import html
import re

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.forms import field_value
from tests.integration.identity.world import World, build_world

from .conftest import ClientFactory

HTML = {"accept": "text/html", "accept-language": "en"}
FR = {"accept": "text/html", "accept-language": "fr-FR"}
REASON = "Pas d'entrepôt sous douane en Chine"


@pytest.fixture
async def world(runtime: Runtime) -> World:
    return await build_world(runtime)


def _checked_services(page: str) -> set[str]:
    return set(re.findall(r'name="services" value="(\w+)" checked', page))


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>([^<]*)</textarea>', page)
    assert found, page
    return html.unescape(found.group(1))


async def test_a_pending_partner_sees_its_application_and_amends_it_from_its_own_values(
    world: World, client_for: ClientFactory
) -> None:
    partner = client_for(session=world.pending_partner.token, csrf=world.pending_partner.principal.csrf_token)

    console = await partner.get("/partner", headers=HTML)

    assert console.status_code == 200
    summary = console.text.split('data-testid="application"')[1].split("</section>")[0]
    assert 'data-testid="application-status">pending<' in summary
    assert "Shanghai Bund Services : boutique Tmall Global" in html.unescape(summary)
    assert "zh-Hans, fr" in summary and "8%" in summary and "1,500.00" in summary
    form = console.text.split('action="/partner/application"')[1]
    assert _checked_services(form) == {"store_setup", "chinese_content", "customer_service"}
    assert field_value(form, "languages") == "zh-Hans, fr"
    assert field_value(form, "commission_percent") == "8"
    assert field_value(form, "monthly_fee") == "1500.00"
    assert _textarea(form, "description_zh") == "Shanghai Bund Services：天猫国际店铺运营、中文内容与客服。"

    amended = await partner.post(
        "/partner/application",
        data={
            "csrf_token": world.pending_partner.principal.csrf_token,
            "services": ["store_setup", "marketing"],
            "languages": "zh-Hans, fr, en",
            "commission_percent": "7.5",
            "monthly_fee": "1200.00",
            "currency": "EUR",
            "description_zh": "上海外滩：店铺与营销。",
            "description_fr": "Shanghai Bund : boutique et marketing.",
        },
    )
    assert amended.status_code == 303, amended.text
    again = await partner.get("/partner", headers=HTML)
    form = again.text.split('action="/partner/application"')[1]
    assert _checked_services(form) == {"store_setup", "marketing"}
    assert field_value(form, "languages") == "zh-Hans, fr, en"
    assert field_value(form, "commission_percent") == "7.5"
    assert field_value(form, "monthly_fee") == "1200.00"


async def test_a_partner_that_never_applied_gets_an_empty_form_with_no_languages_chosen_for_it(
    runtime: Runtime, client_for: ClientFactory
) -> None:
    from comptoir.kernel.principal import OrganisationKind
    from tests.integration.identity.world import member

    newcomer = await member(runtime, OrganisationKind.PARTNER, "Canton Digital", "tp@canton.test")
    console = await client_for(session=newcomer.token).get("/partner", headers=HTML)
    form = console.text.split('action="/partner/application"')[1]
    assert field_value(form, "languages") == ""
    assert _checked_services(form) == set()


async def test_the_operator_rejects_a_pending_application_with_a_reason(
    world: World, client_for: ClientFactory
) -> None:
    operator = client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)

    rejected = await operator.post(
        f"/api/v1/operator/partners/{world.pending_partner.id}/reject", json={"reason": REASON}
    )

    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["status_reason"]) == ("rejected", REASON)
    log = (await operator.get(f"/api/v1/organisations/{world.pending_partner.id}/audit")).json()["items"]
    assert log[0]["action"] == "partner.rejected" and log[0]["details"]["reason"] == REASON
    again = await operator.post(f"/api/v1/operator/partners/{world.partner.id}/reject", json={"reason": REASON})
    assert (again.status_code, again.json()["code"]) == (409, "partner_not_pending")


async def test_a_rejected_partner_reads_why_and_may_apply_again(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    await transact(
        runtime,
        lambda uow: identity.reject_partner(
            uow, world.operator.principal, partner_id=world.pending_partner.id, reason=REASON
        ),
    )
    partner = client_for(session=world.pending_partner.token, csrf=world.pending_partner.principal.csrf_token)

    console = await partner.get("/partner", headers=FR)

    assert 'data-testid="application-status">refusé<' in console.text
    assert html.unescape(REASON) in html.unescape(console.text)
    form = console.text.split('action="/partner/application"')[1]
    assert field_value(form, "commission_percent") == "8"
    reapplied = await partner.post(
        "/api/v1/partners/application",
        json={
            "services": ["store_setup"],
            "languages": ["zh-Hans"],
            "commission_bps": 600,
            "monthly_fee": {"currency": "EUR", "value": "800.00"},
            "description_zh": "新的申请",
            "description_fr": "Nouvelle candidature",
        },
    )
    assert reapplied.status_code == 201 and reapplied.json()["status"] == "pending", reapplied.text


async def test_the_operator_list_offers_to_reject_a_pending_applicant_and_to_suspend_an_accredited_one(
    world: World, client_for: ClientFactory
) -> None:
    operator = client_for(session=world.operator.token, csrf=world.operator.principal.csrf_token)

    page = await operator.get("/operator/partners", headers=FR)

    rows = dict(re.findall(r'<tr data-partner="([^"]+)">(.*?)</tr>', page.text, re.S))
    pending = rows["Shanghai Bund Services"]
    assert f"/operator/partners/{world.pending_partner.id}/reject" in pending and "/suspend" not in pending
    assert "Refuser" in pending and "Accréditer" in pending
    accredited = rows["Hangzhou Xihu Digital"]
    assert "/suspend" in accredited and "/reject" not in accredited and "/accredit" not in accredited
    assert "Plateforme Comptoir" in page.text and "Comptoir platform" not in page.text

    refused = await operator.post(
        f"/operator/partners/{world.pending_partner.id}/reject",
        data={"csrf_token": world.operator.principal.csrf_token, "reason": REASON},
    )
    assert refused.status_code == 303 and refused.headers["location"] == "/operator/partners?done=rejected"
    after = await operator.get("/operator/partners?done=rejected", headers=FR)
    row = dict(re.findall(r'<tr data-partner="([^"]+)">(.*?)</tr>', after.text, re.S))["Shanghai Bund Services"]
    assert 'data-testid="status">refusé<' in row
