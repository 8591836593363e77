"""The timed visits: buyers signed in once, then C at a time opening a cart, quoting and paying over HTTP."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from comptoir.orders.bench.world import KEEPALIVE_S, PASSWORD, SETUP_CONCURRENCY, Buyer, Run, bounded
from comptoir.orders.domain import OrderStatus

# --- the timed runs ----------------------------------------------------------------------------------------


def _error_key(step: str, response: Any) -> str:
    code = None
    with contextlib.suppress(Exception):
        code = response.json().get("code")
    return f"{step} {response.status_code} {code or ''}".strip()


async def sign_in_all(clients: Callable[[int, int], Any], ports: Sequence[int], buyers: Sequence[Buyer]) -> list[str]:
    """Each buyer's store token, signed in once on the web process the buyer will use."""
    tokens: list[str] = [""] * len(buyers)
    failures: Counter[str] = Counter()

    async def one(slot: int, index: int) -> None:
        client = clients(slot, ports[index % len(ports)])
        answer = await client.post("/api/v1/store/sessions", json={"phone": buyers[index].phone, "password": PASSWORD})
        if answer.status_code != 201:
            failures[_error_key("sign-in", answer)] += 1
            return
        tokens[index] = answer.json()["token"]

    await bounded(range(len(buyers)), SETUP_CONCURRENCY, one)
    if failures:
        raise RuntimeError(f"buyers could not sign in: {dict(failures)}")
    return tokens


async def run_checkouts(
    clients: Callable[[int, int], Any],
    ports: Sequence[int],
    buyers: Sequence[Buyer],
    tokens: Sequence[str],
    *,
    concurrency: int,
    label: str,
) -> Run:
    """One visit per buyer (cart, line, quote, paid checkout), ``concurrency`` buyers at a time."""
    run = Run()

    async def visit(slot: int, index: int) -> None:
        import httpx

        buyer = buyers[index]
        client = clients(slot, ports[index % len(ports)])
        auth = {"Authorization": f"Bearer {tokens[index]}"}
        key = f"{label}-{index}"
        step = "cart"
        started = time.perf_counter()
        try:
            made = await client.post(
                "/api/v1/store/carts", json={"market": "CN"}, headers={**auth, "Idempotency-Key": f"{key}-cart"}
            )
            if made.status_code != 201:
                run.errors[_error_key(step, made)] += 1
                return
            cart_id = made.json()["id"]
            step = "line"
            line = await client.put(
                f"/api/v1/store/carts/{cart_id}/lines/{buyer.sku_id}",
                json={"quantity": 1},
                headers={**auth, "Idempotency-Key": f"{key}-line"},
            )
            if line.status_code != 200:
                run.errors[_error_key(step, line)] += 1
                return
            step = "quote"
            quote = await client.post(
                f"/api/v1/store/carts/{cart_id}/quote", headers={**auth, "Idempotency-Key": f"{key}-quote"}
            )
            if quote.status_code != 200:
                run.errors[_error_key(step, quote)] += 1
                return
            if not quote.json().get("allowed"):
                run.errors["quote refused"] += 1
                return
            step = "checkout"
            paying = time.perf_counter()
            done = await client.post(
                f"/api/v1/store/carts/{cart_id}/checkout",
                json={"pay": True},
                headers={**auth, "Idempotency-Key": f"{key}-checkout"},
            )
            finished = time.perf_counter()
        except httpx.HTTPError as exc:
            run.errors[f"{step} {type(exc).__name__}"] += 1
            return
        if done.status_code != 201:
            run.errors[_error_key(step, done)] += 1
            return
        placed = done.json().get("orders") or []
        if not placed or any(o.get("status") != OrderStatus.PAID.value for o in placed):
            run.errors["checkout 201 not paid"] += 1
            return
        run.checkout_latencies.append(finished - paying)
        run.visit_latencies.append(finished - started)

    started = time.perf_counter()
    await bounded(range(len(buyers)), concurrency, visit)
    run.elapsed = time.perf_counter() - started
    return run


class Clients:
    """One keep-alive HTTP client per (slot, web process): a simulated buyer's connection to its server."""

    def __init__(self) -> None:
        self._clients: dict[tuple[int, int], Any] = {}

    def __call__(self, slot: int, port: int) -> Any:
        import httpx

        found = self._clients.get((slot, port))
        if found is None:
            found = httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}",
                timeout=120.0,
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=KEEPALIVE_S),
            )
            self._clients[(slot, port)] = found
        return found

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()
