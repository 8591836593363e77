"""Server-rendered pages of the identity capability (Jinja2 + HTMX; every form also works as a plain POST)."""

from __future__ import annotations

from fastapi import APIRouter

from comptoir.identity.pages import account, brand, operator, partner, sessions, signup
from comptoir.identity.pages.spaces import ACCOUNT_LINKS, SPACES

__all__ = ["ACCOUNT_LINKS", "SPACES", "router"]

router = APIRouter(include_in_schema=False)
for _module in (sessions, signup, operator, brand, partner, account):
    router.include_router(_module.router)
