"""Opening an account through the sign-up form, as a browser without JavaScript does."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi import FastAPI

from .conftest import BASE

FRENCH = {"accept": "text/html", "accept-language": "fr-FR"}


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} field"
    return found.group(1)


def _beside(page: str, field: str) -> str:
    """The refusal shown under a field of the form ('' when there is none)."""
    found = re.search(rf'<p class="field-error" id="{field}-error"[^>]*>([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""


async def _sign_up(client: httpx.AsyncClient, **fields: str) -> httpx.Response:
    form = await client.get("/signup")
    data = {
        "kind": "brand",
        "organisation_name": "Maison Delaunay",
        "email": "owner@delaunay.test",
        "password": "une longue phrase de passe",
        "csrf_token": _field(form.text, "csrf_token"),
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
    assert sentence in _beside(refused.text, "password")
    assert 'aria-invalid="true"' in refused.text
    assert _field(refused.text, "organisation_name") == "Maison Delaunay"  # what was typed stays in the form
