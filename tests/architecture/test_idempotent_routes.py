"""Every API route that creates or moves something takes an Idempotency-Key, claimed after its checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from comptoir.kernel.idempotency import GUARDED_METHODS, idempotency_guard
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.web.app import create_app


def _api_routes(tmp_path: Path) -> list[Any]:
    settings = Settings(environment="test", data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app(Runtime.from_settings(settings))
    routes: list[Any] = []
    for route in app.routes:
        # Included routers hold their routes as effective contexts (prefix applied).
        contexts = getattr(route, "effective_route_contexts", None)
        routes.extend(contexts() if contexts is not None else [route])
    return [r for r in routes if hasattr(r, "dependant") and r.path.startswith("/api/")]


def test_every_changing_api_route_claims_its_idempotency_key_after_every_other_dependency(tmp_path: Path) -> None:
    changing = [r for r in _api_routes(tmp_path) if r.methods & GUARDED_METHODS]
    assert changing, "the app has no changing API routes: the walk found nothing to check"
    for route in changing:
        calls = [dependency.call for dependency in route.dependant.dependencies]
        assert idempotency_guard in calls, f"{route.path} does not take the Idempotent dependency"
        assert calls[-1] is idempotency_guard, (
            f"{route.path}: Idempotent must be the last dependency, so authentication and permissions run first"
        )


def test_reading_routes_do_not_claim_keys(tmp_path: Path) -> None:
    for route in _api_routes(tmp_path):
        if not route.methods & GUARDED_METHODS:
            calls = [dependency.call for dependency in route.dependant.dependencies]
            assert idempotency_guard not in calls, route.path
