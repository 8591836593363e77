"""The control tower page over ASGI: the operator's charts and at-risk parcels in en, fr and zh-Hans, a
cancelled flight re-planning its parcels and listing the ones it put at risk; a foreign operator, a brand,
an unknown connection, a date in the wrong format, a bad delay or a form without its CSRF token change
nothing and never answer 500."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from comptoir.identity import services as identity
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.logistics.services import import_network, list_disruptions, load_stored_network
from comptoir.web.app import create_app
from tests.e2e.forms import field_value
from tests.e2e.logistics.conftest import ClientFactory
from tests.integration.logistics.shipment_world import NOW, THU_FLIGHT, book, load_world, small_flight_network

PAGE = "/logistics/control-tower"
FORM = f"{PAGE}/disruptions"
PASSWORD = "un mot de passe long"
CANCEL_THURSDAY = {"service": "HGH-LGG", "day": "2026-12-03", "kind": "cancelled"}


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


async def _three_parcels(runtime: Runtime, clock: FrozenClock, client_as: ClientFactory) -> list[str]:
    """The operator's network (a 2 kg Thursday flight) and three 900 g parcels: two fit, the third waits for Monday."""
    engines = await load_world(runtime, clock, owner="org_ops")
    return [(await book(runtime, engines, f"ord-{i}", 900)).parcel_id for i in range(3)]


async def test_the_operator_watches_its_parcels_in_three_languages(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    await _three_parcels(runtime, clock, client_as)
    ops = client_as("logistics")
    for lang, words in {"en": "Control tower", "fr": "Tour de contrôle", "zh-CN": "控制塔"}.items():
        page = await ops.get(PAGE, headers={"accept-language": lang})
        assert page.status_code == 200, page.text
        assert words in page.text
        for chart in ("chart-statuses", "chart-kept", "chart-throughput", "chart-loads", "chart-tracked", "chart-seen"):
            assert f'data-testid="{chart}"' in page.text
        assert page.text.count("<desc ") >= 3 and "<title " in page.text
    english = text_of((await ops.get(PAGE, headers={"accept-language": "en"})).text)
    assert "Planned 3" in english
    assert f"{THU_FLIGHT} 90%" in english  # 1.8 kg of 2 kg booked
    assert "Every promise is on track." in english  # the third parcel was promised Monday's flight from the start
    assert "HGH · " in english  # throughput: parcels leaving Hangzhou
    platform = await client_as("operator").get(PAGE, headers={"accept-language": "en"})
    assert platform.status_code == 200 and "Planned 3" in text_of(platform.text)


async def test_cancelling_a_flight_re_plans_its_parcels_and_lists_those_at_risk(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    parcels = await _three_parcels(runtime, clock, client_as)
    ops = client_as("logistics")
    done = await ops.post(FORM, data={**CANCEL_THURSDAY, "reason": "Typhon"})
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith(f"{PAGE}?disrupted={THU_FLIGHT}&replanned=2")
    after = await ops.get(done.headers["location"], headers={"accept-language": "fr"})
    assert after.status_code == 200
    affected = after.text.split('data-testid="affected"')[1].split("</section>")[0]
    assert parcels[0] in affected and parcels[1] in affected and parcels[2] not in affected

    assert "2 colis replanifiés" in text_of(after.text)
    assert f"{THU_FLIGHT} annulé" in text_of(after.text) and "Typhon" in after.text
    assert 'data-testid="disruption"' in after.text
    [declared] = await transact(runtime, list_disruptions)
    assert declared.connection_id == THU_FLIGHT


@pytest.mark.parametrize(
    ("form", "status", "sentence"),
    [
        ({**CANCEL_THURSDAY, "day": "03/12/2026"}, 422, "Écrivez la date locale du départ sous la forme AAAA-MM-JJ."),
        ({**CANCEL_THURSDAY, "service": "NOPE"}, 422, "Choisissez un service du réseau."),
        ({**CANCEL_THURSDAY, "day": "2026-12-02"}, 422, "Le réseau n'a aucune liaison portant cet identifiant."),
        ({**CANCEL_THURSDAY, "kind": "delayed", "delay_minutes": "soon"}, 422, "Un retard est un nombre entier"),
        ({**CANCEL_THURSDAY, "kind": "delayed", "delay_minutes": "20000"}, 422, "Un retard est un nombre entier"),
        ({**CANCEL_THURSDAY, "kind": "lost"}, 422, "Indiquez si le départ est annulé ou retardé."),
    ],
)
async def test_a_bad_form_is_refused_in_the_readers_language_and_changes_nothing(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory, form: dict[str, str], status: int, sentence: str
) -> None:
    await _three_parcels(runtime, clock, client_as)
    answer = await client_as("logistics").post(FORM, data=form, headers={"accept-language": "fr"})
    assert answer.status_code == status, answer.text
    assert html.escape(sentence, quote=False) in answer.text or sentence in html.unescape(answer.text)
    assert 'data-testid="disrupt-form"' in answer.text and form["day"] in answer.text
    assert await transact(runtime, list_disruptions) == []


async def test_other_organisations_cannot_watch_nor_disrupt(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    parcels = await _three_parcels(runtime, clock, client_as)
    rival = client_as("other_logistics")
    page = await rival.get(PAGE)
    assert page.status_code == 200 and parcels[0] not in page.text and 'data-testid="disrupt-form"' not in page.text
    refused = await rival.post(FORM, data=CANCEL_THURSDAY)
    assert refused.status_code == 403, refused.text
    for caller in ("brand", None):
        assert (await client_as(caller).get(PAGE)).status_code in (401, 403)
        assert (await client_as(caller).post(FORM, data=CANCEL_THURSDAY)).status_code in (401, 403)
    assert await transact(runtime, list_disruptions) == []


async def test_a_session_form_without_its_csrf_token_changes_nothing(runtime: Runtime, clock: FrozenClock) -> None:
    clock.advance(NOW - clock.now())
    organisation, user = await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind=OrganisationKind.LOGISTICS_OPERATOR,
            organisation_name="Liège Cargo",
            email="ops@liege-cargo.test",
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )
    await transact(
        runtime, lambda uow: import_network(uow, None, network=small_flight_network(2), operator_org_id=organisation.id)
    )
    base = "http://comptoir.test"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(runtime)), base_url=base) as client:
        form = await client.get("/login")
        signed = await client.post(
            "/login",
            data={"email": user.email, "password": PASSWORD, "csrf_token": field_value(form.text, "csrf_token")},
        )
        assert signed.status_code == 303, signed.text
        page = await client.get(PAGE)
        token = field_value(page.text, "csrf_token", form=FORM)
        assert page.status_code == 200 and token
        refused = await client.post(FORM, data=CANCEL_THURSDAY)
        assert refused.status_code == 403 and "csrf_failed" in refused.text
        assert await transact(runtime, list_disruptions) == []
        done = await client.post(FORM, data={**CANCEL_THURSDAY, "csrf_token": token})
        assert done.status_code == 303, done.text
    assert [d.connection_id for d in await transact(runtime, list_disruptions)] == [THU_FLIGHT]


async def _version(runtime: Runtime) -> tuple[int, str, int | None]:
    stored = await transact(runtime, load_stored_network)
    assert stored is not None
    hub = stored.network.hub("LGG")
    service = next(s for s in stored.network.services if s.id == "HGH-LGG")
    assert hub is not None
    return stored.version, f"{hub.name}|{hub.tz}", service.capacity_kg


async def test_the_operator_edits_a_hub_and_a_service_as_a_new_network_version(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory
) -> None:
    await _three_parcels(runtime, clock, client_as)
    before = await _version(runtime)
    ops = client_as("logistics")
    renamed = await ops.post(f"{PAGE}/hubs", data={"code": "LGG", "name": "Liège eHub Sud", "tz": "Europe/Brussels"})
    assert renamed.status_code == 303, renamed.text
    resized = await ops.post(f"{PAGE}/services", data={"service": "HGH-LGG", "capacity_kg": "5", "departs": ""})
    assert resized.status_code == 303, resized.text
    assert await _version(runtime) == (before[0] + 2, "Liège eHub Sud|Europe/Brussels", 5)
    shown = await ops.get(resized.headers["location"], headers={"accept-language": "en"})
    assert "HGH-LGG saved: the network has a new version." in text_of(shown.text)


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("hubs", {"code": "LGG", "name": "Liège", "tz": "Mars/Olympus"}),
        ("hubs", {"code": "LGG", "name": "", "tz": "Europe/Brussels"}),
        ("hubs", {"code": "XXX", "name": "Nowhere", "tz": "Europe/Brussels"}),
        ("services", {"service": "HGH-LGG", "capacity_kg": "lots"}),
        ("services", {"service": "HGH-LGG", "capacity_kg": "-3"}),
        ("services", {"service": "HGH-LGG", "departs": "25:00"}),
        ("services", {"service": "HGH-LGG", "duration_minutes": "0"}),
        ("services", {"service": "NOPE", "capacity_kg": "5"}),
    ],
)
async def test_an_edit_the_network_file_would_refuse_changes_nothing(
    runtime: Runtime, clock: FrozenClock, client_as: ClientFactory, path: str, form: dict[str, str]
) -> None:
    await _three_parcels(runtime, clock, client_as)
    before = await _version(runtime)
    answer = await client_as("logistics").post(f"{PAGE}/{path}", data=form, headers={"accept-language": "fr"})
    assert answer.status_code == 422, answer.text
    assert 'class="flash error"' in answer.text and 'data-testid="hub-form"' in answer.text
    assert await _version(runtime) == before
    rival = await client_as("other_logistics").post(f"{PAGE}/hubs", data={"code": "LGG", "name": "Mine", "tz": "UTC"})
    assert rival.status_code == 403 and await _version(runtime) == before
