"""Opening an account through the sign-up form, as a browser without JavaScript does."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from comptoir.identity import services as identity
from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.mail import InMemoryMailer, MailMessage
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.e2e.forms import field_error, field_value
from tests.integration.identity.world import PASSWORD

from .conftest import BASE

FRENCH = {"accept": "text/html", "accept-language": "fr-FR"}
ENGLISH = {"accept": "text/html", "accept-language": "en"}


async def _sign_up(client: httpx.AsyncClient, **fields: str) -> httpx.Response:
    form = await client.get("/signup")
    data = {
        "kind": "brand",
        "organisation_name": "Maison Delaunay",
        "email": "owner@delaunay.test",
        "password": "une longue phrase de passe",
        "csrf_token": field_value(form.text, "csrf_token"),
    }
    return await client.post("/signup", data=data | fields)


@pytest.mark.parametrize(
    ("password", "sentence"),
    [
        ("aaaaaaaa", "trop facile à deviner"),
        (" " * 8, "trop facile à deviner"),
        ("12345678", "trop facile à deviner"),
        ("iloveyou", "des plus courants"),
        ("Maison Delaunay", "trop proche de votre adresse"),
        ("court", "au moins 8 caractères"),
    ],
)
async def test_a_guessable_password_is_refused_beside_the_field_in_french(
    app: FastAPI, password: str, sentence: str
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=FRENCH) as client:
        refused = await _sign_up(client, password=password)
    assert refused.status_code == 422
    assert sentence in field_error(refused.text, "password")
    assert 'aria-invalid="true"' in refused.text
    assert field_value(refused.text, "organisation_name") == "Maison Delaunay"  # what was typed stays in the form


def _sent_page(page: str) -> str:
    found = re.search(r'<section class="card medium" data-testid="sign-up-sent">(.*?)</section>', page, re.S)
    assert found, page
    return found.group(1)


def _confirm_path(message: MailMessage) -> str:
    found = re.search(r"https?://\S+(/signup/confirm\?token=\S+)", message.text)
    assert found, message.text
    return found.group(1)


async def _follow(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """Open the link of the message, then press its button, as the owner of the mailbox does."""
    page = await client.get(path)
    assert page.status_code == 200, page.text
    return await client.post(
        "/signup/confirm",
        data={"token": field_value(page.text, "token"), "csrf_token": field_value(page.text, "csrf_token")},
    )


async def _sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    form = await client.get("/login")
    return await client.post(
        "/login", data={"email": email, "password": password, "csrf_token": field_value(form.text, "csrf_token")}
    )


async def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(
    app: FastAPI, runtime: Runtime, mailbox: InMemoryMailer
) -> None:
    await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind="brand",
            organisation_name="Maison Delaunay",
            email="owner@delaunay.test",
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ENGLISH) as client:
        taken = await _sign_up(client, organisation_name="Faux Delaunay", email="Owner@Delaunay.test")
        new = await _sign_up(client, organisation_name="Maison Neuve", email="hello@maison-neuve.test")

        assert taken.status_code == new.status_code == 200
        assert _sent_page(taken.text).replace("owner@delaunay.test", "ADDRESS") == _sent_page(new.text).replace(
            "hello@maison-neuve.test", "ADDRESS"
        )
        assert "We sent a link to owner@delaunay.test" in _sent_page(taken.text)

        [notice] = mailbox.to("owner@delaunay.test")
        assert "already has one" in notice.text and "/login" in notice.text and "/signup/confirm" not in notice.text
        [confirmation] = mailbox.to("hello@maison-neuve.test")
        assert "Maison Neuve" in confirmation.text and _confirm_path(confirmation)

        # The attempt on the taken address changed nothing: the owner's password still opens the account.
        assert (await _sign_in(client, "owner@delaunay.test", "une longue phrase de passe")).status_code == 401
        assert (await _sign_in(client, "owner@delaunay.test", PASSWORD)).status_code == 303


async def test_an_unconfirmed_sign_up_cannot_sign_in_and_its_link_expires(
    app: FastAPI, mailbox: InMemoryMailer, clock: FrozenClock
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ENGLISH) as client:
        assert (await _sign_up(client)).status_code == 200
        refused = await _sign_in(client, "owner@delaunay.test", "une longue phrase de passe")
        assert refused.status_code == 401 and "Wrong email or password." in refused.text

        clock.advance(timedelta(hours=25))
        expired = await _follow(client, _confirm_path(mailbox.to("owner@delaunay.test")[-1]))

        assert expired.status_code == 422 and "not valid any more" in expired.text
        assert (await _sign_in(client, "owner@delaunay.test", "une longue phrase de passe")).status_code == 401


async def test_the_link_opens_the_account_once_and_the_latest_sign_up_wins(
    app: FastAPI, mailbox: InMemoryMailer
) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ENGLISH) as client:
        await _sign_up(client, organisation_name="Maison Delaunay")
        await _sign_up(client, organisation_name="Maison Delaunay Paris", password="une autre phrase de passe")
        first, second = (_confirm_path(m) for m in mailbox.to("owner@delaunay.test"))

        opened = await _follow(client, second)
        assert opened.status_code == 303 and opened.headers["location"] == "/brand/partners"
        assert "Maison Delaunay Paris" in (await client.get("/brand/partners")).text

        client.cookies.clear()
        for used in (second, first):
            again = await _follow(client, used)
            assert again.status_code == 422 and "already used" in again.text
        assert (await _sign_in(client, "owner@delaunay.test", "une longue phrase de passe")).status_code == 401
        assert (await _sign_in(client, "owner@delaunay.test", "une autre phrase de passe")).status_code == 303


async def test_a_forged_link_opens_nothing(app: FastAPI, mailbox: InMemoryMailer) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ENGLISH) as client:
        forged = await _follow(client, "/signup/confirm?token=sgn_01JD3ZKQ0B8V5W7T8X9Y0Z1A2B.forged")
    assert forged.status_code == 422 and "not valid any more" in forged.text


async def test_when_the_message_cannot_be_sent_the_form_says_so_for_any_address(
    app: FastAPI, runtime: Runtime, mailbox: InMemoryMailer
) -> None:
    await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind="brand",
            organisation_name="Maison Delaunay",
            email="owner@delaunay.test",
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )
    mailbox.fail = True
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ENGLISH) as client:
        taken = await _sign_up(client, organisation_name="Faux Delaunay")
        new = await _sign_up(client, organisation_name="Maison Neuve", email="hello@maison-neuve.test")
    assert taken.status_code == new.status_code == 503
    assert "could not send the message" in taken.text and "could not send the message" in new.text


async def test_a_mail_server_that_times_out_once_gets_a_503_then_the_retry_sends_the_link(
    app: FastAPI, mailbox: InMemoryMailer
) -> None:
    mailbox.misbehaviour.time_out_next()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE, headers=ENGLISH) as client:
        timed_out = await _sign_up(client, organisation_name="Maison Neuve", email="hello@maison-neuve.test")
        retried = await _sign_up(client, organisation_name="Maison Neuve", email="hello@maison-neuve.test")
    assert timed_out.status_code == 503 and "could not send the message" in timed_out.text
    assert retried.status_code == 200
    [confirmation] = mailbox.to("hello@maison-neuve.test")
    assert _confirm_path(confirmation)
