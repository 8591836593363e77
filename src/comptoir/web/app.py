"""App factory: one FastAPI app with every capability's API routes and pages.

Nothing here holds business logic; it only wires capabilities together.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from comptoir import (
    __version__,
    catalog,
    customs,
    identity,
    intelligence,
    ledger,
    localization,
    logistics,
    orders,
    payments,
    tourism,
)
from comptoir.kernel.auth import reader_of_page
from comptoir.kernel.body_limit import BodyLimitMiddleware
from comptoir.kernel.http import install_problem_handlers
from comptoir.kernel.idempotency import install_idempotency
from comptoir.kernel.openapi import document_problems
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.pages import STATIC_DIR, LocaleMiddleware
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.security_headers import SecurityHeadersMiddleware
from comptoir.kernel.spaces import SpaceRegistry
from comptoir.web import pages as web_pages
from comptoir.web.api_docs import install_api_docs
from comptoir.web.subscriptions import frequent_chores, subscribe_all, worker_chores


class ComptoirApp(FastAPI):
    """FastAPI with the security headers wrapped around everything, its error handler included.

    ``add_middleware`` only reaches inside Starlette's outermost error middleware, so the answer to
    an unexpected error would go out without the headers.
    """

    hsts = False

    def build_middleware_stack(self) -> ASGIApp:
        inner = super().build_middleware_stack()
        return SecurityHeadersMiddleware(inner, session_cookie=identity.SESSION_COOKIE, hsts=self.hsts)


#: The routes that take files, with the larger body limit ``COMPTOIR_MAX_UPLOAD_BYTES`` (and paths under them).
UPLOAD_ROUTES = ("/api/v1/logistics/network", *catalog.UPLOAD_ROUTES)


def create_app(runtime: Runtime, *, run_worker: bool = False) -> FastAPI:
    """The whole Comptoir web application over ``runtime``.

    With ``run_worker`` the outbox worker runs inside this process (the
    embedded default of ``comptoir serve``).
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = None
        if run_worker:
            worker = OutboxWorker(runtime.database, runtime.bus, clock=runtime.clock)
            task = asyncio.create_task(
                worker.run_forever(stop=stop, chores=worker_chores(runtime), frequent_chores=frequent_chores(runtime))
            )
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                await task
            await runtime.database.dispose()
            await runtime.throttle.close()
            await runtime.http.close()

    app = ComptoirApp(
        title="Comptoir",
        version=__version__,
        description="Cross-border commerce for the France <-> China trade loop.",
        docs_url=None,  # served by install_api_docs, with the page's own Content-Security-Policy
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.hsts = runtime.settings.environment == "production"
    app.state.runtime = runtime
    app.state.principal_resolver = identity.resolve_principal
    app.state.brand_guard = identity.authorize_for_brand
    subscribe_all(runtime)
    install_problem_handlers(app)
    document_problems(app)
    # Inside the locale middleware, so a replayed answer still says its language.
    install_idempotency(app)
    app.add_middleware(LocaleMiddleware, default=runtime.settings.default_locale)
    # Added last, so outermost: nothing (idempotency buffers bodies) reads a body past its limit.
    app.add_middleware(
        BodyLimitMiddleware,
        default=runtime.settings.max_body_bytes,
        routes=dict.fromkeys(UPLOAD_ROUTES, runtime.settings.max_upload_bytes),
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_api_docs(app)
    api_routers = (
        identity.api_router,
        ledger.api_router,
        logistics.api_router,
        catalog.api_router,
        localization.api_router,
        intelligence.api_router,
        payments.api_router,
        customs.api_router,
        orders.api_router,
        tourism.api_router,
    )
    for api_router in api_routers:
        app.include_router(api_router, prefix="/api/v1")
    pages_routers = (
        web_pages.router,
        identity.pages_router,
        logistics.pages_router,
        catalog.pages_router,
        localization.pages_router,
        intelligence.pages_router,
        payments.pages_router,
        customs.pages_router,
        orders.pages_router,
        tourism.pages_router,
    )
    for pages_router in pages_routers:
        # Every page knows who reads it (the header, the navigation), even one open to visitors.
        app.include_router(pages_router, dependencies=[Depends(reader_of_page)])
    app.state.spaces = site_spaces()
    return app


def site_spaces() -> SpaceRegistry:
    """Each persona's space, contributed by the capability that serves it: homes, navigation, landing doors."""
    registry = SpaceRegistry()
    for space in (
        *identity.SPACES,
        *logistics.SPACES,
        *catalog.SPACES,
        *localization.SPACES,
        *payments.SPACES,
        *customs.SPACES,
        *orders.SPACES,
        *tourism.SPACES,
    ):
        registry.register(space)
    for link in identity.ACCOUNT_LINKS:
        registry.register_account_link(link)
    return registry
