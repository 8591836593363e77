"""App factory: one FastAPI app with every capability's API routes and pages.

Nothing here holds business logic; it only wires capabilities together.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from comptoir import __version__
from comptoir.identity import api as identity_api
from comptoir.identity import pages as identity_pages
from comptoir.identity.principals import resolve_principal
from comptoir.kernel.http import install_problem_handlers
from comptoir.kernel.idempotency import install_idempotency
from comptoir.kernel.outbox import OutboxWorker
from comptoir.kernel.pages import STATIC_DIR, LocaleMiddleware
from comptoir.kernel.runtime import Runtime
from comptoir.ledger import api as ledger_api
from comptoir.logistics import api as logistics_api
from comptoir.logistics import pages as logistics_pages
from comptoir.web import pages as web_pages
from comptoir.web.subscriptions import subscribe_all, worker_chores


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
            task = asyncio.create_task(worker.run_forever(stop=stop, chores=worker_chores(runtime)))
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                await task
            await runtime.database.dispose()
            await runtime.throttle.close()

    app = FastAPI(
        title="Comptoir",
        version=__version__,
        description="Cross-border commerce for the France <-> China trade loop.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.principal_resolver = resolve_principal
    subscribe_all(runtime)
    install_problem_handlers(app)
    # Inside the locale middleware, so a replayed answer still says its language.
    install_idempotency(app)
    app.add_middleware(LocaleMiddleware, default=runtime.settings.default_locale)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for api in (identity_api, ledger_api, logistics_api):
        app.include_router(api.router, prefix="/api/v1")
    for pages in (web_pages, identity_pages, logistics_pages):
        app.include_router(pages.router)
    return app
