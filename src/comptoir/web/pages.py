"""The landing page: what Comptoir is, and a door to each persona's space."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.pages import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Space:
    persona: str
    title: str
    href: str
    blurb: str


def spaces() -> list[Space]:
    """The spaces that exist today, one per persona, in the reader's language."""
    return [
        Space(
            _("Platform operator"),
            _("Partner accreditation"),
            "/operator/partners",
            _("Review applications, accredit or suspend the partners who run stores for brands."),
        ),
        Space(
            _("Brand"),
            _("Choose a partner"),
            "/brand/partners",
            _("Compare accredited partners, grant one a delegation with scopes, revoke it at any time."),
        ),
        Space(
            _("Partner"),
            _("Partner console"),
            "/partner",
            _("Act for the brands that delegated to you, within the scopes they granted."),
        ),
        Space(
            _("Logistics operator"),
            _("Network"),
            "/logistics/network",
            _("Hubs, scheduled services per lane and the delivery promise they make possible."),
        ),
    ]


@router.get("/", response_class=HTMLResponse)
async def landing(request: Request) -> HTMLResponse:
    return render(request, "web/landing.html", {"spaces": spaces()})


@router.get("/healthz", include_in_schema=False)
async def health() -> dict[str, str]:
    return {"status": "ok"}
