"""The landing page: what Comptoir is, and a door to each persona's space (the reader's own first)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from comptoir.kernel.auth import OptionalPrincipal
from comptoir.kernel.pages import STATIC_DIR, render
from comptoir.kernel.spaces import site_spaces

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def landing(request: Request, principal: OptionalPrincipal) -> HTMLResponse:
    """A visitor sees every space; a signed-in person its own spaces as doors, the others as someone else's."""
    return render(request, "web/landing.html", {"spaces": site_spaces(request).arrange(principal)})


@router.get("/healthz", include_in_schema=False)
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> FileResponse:
    """Comptoir's icon where browsers look for it unprompted (the layout links it too)."""
    return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon")
