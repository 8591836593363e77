"""Fixtures for end-to-end tests: a live server on a free local port and a headless Chromium.

``live_server`` serves the whole app with uvicorn in a background thread, over the
test's own database (SQLite or PostgreSQL, like ``runtime``), with a runtime of its
own so the server's connections never cross the test's event loop. ``browser`` is the
system Chromium driven by Playwright's async API; nothing is ever downloaded.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings

CHROMIUM = os.environ.get("COMPTOIR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The base URL of the app served on 127.0.0.1 over this test's database."""
    import uvicorn

    from comptoir.web.app import create_app

    settings = Settings(environment="test", data_dir=tmp_path / "live-server", database_url=database_url)
    app = create_app(Runtime.from_settings(settings))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """A headless system Chromium (Playwright async API)."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"Chromium is required under CI and missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where browser tests leave screenshots (``COMPTOIR_SCREENSHOT_DIR`` to keep them)."""
    chosen = Path(os.environ.get("COMPTOIR_SCREENSHOT_DIR", tmp_path / "screenshots"))
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


@pytest.fixture
def processes(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """Start ``comptoir`` commands as processes over this test's database; all are stopped at the end."""
    from tests.e2e.processes import Processes, environment

    running = Processes(environment(database_url, tmp_path / "data"), tmp_path)
    try:
        yield running
    finally:
        running.stop()
