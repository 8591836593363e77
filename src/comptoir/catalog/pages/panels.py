"""Panels other capabilities add to the Chinese storefront's home page, for the reader who is looking at it
(tourism shows a signed-in tourist the brands they follow). Catalog knows nothing of who the reader is: each
panel reads the request itself and answers None when it has nothing for this reader."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from comptoir.kernel.runtime import Runtime

log = logging.getLogger("comptoir.catalog.panels")


@dataclass(frozen=True, slots=True)
class PanelLink:
    href: str  # a storefront path, e.g. /shop/stores/{slug}
    label: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class StorefrontPanel:
    """A titled list of links, already in the reader's language."""

    key: str  # a stable name, the panel's data-testid
    title: str
    links: tuple[PanelLink, ...]


Panel = Callable[[Request, Runtime], Awaitable[StorefrontPanel | None]]
_PANELS: list[Panel] = []


def add_storefront_panel(panel: Panel) -> Panel:
    """Show ``panel`` at the top of the Chinese storefront's home page (registering twice keeps one)."""
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


async def panels_for(request: Request, runtime: Runtime) -> list[StorefrontPanel]:
    """The panels this reader sees; one that fails shows nothing rather than breaking the storefront."""
    found: list[StorefrontPanel] = []
    for panel in _PANELS:
        try:
            answer = await panel(request, runtime)
        except Exception:
            log.warning("a storefront panel failed", exc_info=True)
            continue
        if answer is not None and answer.links:
            found.append(answer)
    return found
