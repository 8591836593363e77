"""Localization's API and page tests: identity's clients (one per person, over ASGI) and a localization world."""

from __future__ import annotations

import httpx
import pytest

from comptoir.kernel.runtime import Runtime
from tests.e2e.identity.conftest import ClientFactory, app, client_for
from tests.integration.identity.world import Member
from tests.integration.localization.world import LocalizationWorld, build_localization_world

__all__ = ["ClientFactory", "app", "as_member", "client_for", "world"]


@pytest.fixture
async def world(runtime: Runtime) -> LocalizationWorld:
    return await build_localization_world(runtime)


def as_member(client_for: ClientFactory, member: Member) -> httpx.AsyncClient:
    """A signed-in client of ``member``, sending its session's CSRF token."""
    return client_for(session=member.token, csrf=member.principal.csrf_token)
