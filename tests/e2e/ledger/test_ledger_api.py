"""The operators' read-only ledger API, through the ASGI app, on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import Request

from comptoir import ledger
from comptoir.kernel.principal import Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.ledger import NewAccount, Transfer
from comptoir.web.app import create_app

OPERATOR = Principal(
    organisation_id="org_platform", organisation_kind="platform", organisation_name="Comptoir", via="session"
)
MERCHANT = Principal(organisation_id="org_shop", organisation_kind="merchant", organisation_name="Shop", via="api_key")


def _client(runtime: Runtime, principal: Principal | None) -> httpx.AsyncClient:
    app = create_app(runtime)

    async def resolve(_request: Request) -> Principal | None:
        return principal

    app.state.principal_resolver = resolve
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://comptoir.test")


@pytest.fixture
async def operator(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    await transact(
        runtime,
        lambda uow: ledger.open_accounts(
            uow,
            [NewAccount(f"wallet-{i}", "CNY", "tourist-1", "wallet") for i in range(5)]
            + [NewAccount("shop", "EUR", "shop-1", "merchant_pending"), NewAccount("bank", "EUR", "platform", "bank")],
        ),
    )
    transfers = [Transfer(f"sale-{i}", "bank", "shop", 1_250 + i, "EUR", code="sale") for i in range(5)]
    transfers.append(Transfer("hold", "bank", "shop", 999, "EUR", pending=True, timeout_seconds=900))
    assert set(await transact(runtime, lambda uow: ledger.post_transfers(uow, transfers))) == {"ok"}
    async with _client(runtime, OPERATOR) as client:
        yield client


async def test_an_operator_pages_through_the_accounts(operator: httpx.AsyncClient) -> None:
    first = await operator.get("/api/v1/ledger/accounts", params={"limit": 3})
    assert first.status_code == 200
    body = first.json()
    assert [a["id"] for a in body["items"]] == ["bank", "shop", "wallet-0"]
    second = (await operator.get("/api/v1/ledger/accounts", params={"limit": 3, "cursor": body["next_cursor"]})).json()
    third = (await operator.get("/api/v1/ledger/accounts", params={"limit": 3, "cursor": second["next_cursor"]})).json()
    assert [a["id"] for a in second["items"]] == ["wallet-1", "wallet-2", "wallet-3"]
    assert [a["id"] for a in third["items"]] == ["wallet-4"]
    assert third["next_cursor"] is None
    only_eur = (await operator.get("/api/v1/ledger/accounts", params={"currency": "EUR"})).json()
    assert [a["id"] for a in only_eur["items"]] == ["bank", "shop"]


async def test_an_operator_reads_a_merchants_balances_in_money(operator: httpx.AsyncClient) -> None:
    response = await operator.get("/api/v1/ledger/accounts/shop")
    assert response.status_code == 200
    assert response.json() == {
        "id": "shop",
        "currency": "EUR",
        "owner": "shop-1",
        "kind": "merchant_pending",
        "flags": [],
        "balances": {
            "debits_posted": {"currency": "EUR", "value": "0.00"},
            "credits_posted": {"currency": "EUR", "value": "62.60"},
            "debits_pending": {"currency": "EUR", "value": "0.00"},
            "credits_pending": {"currency": "EUR", "value": "9.99"},
        },
    }


async def test_an_operator_pages_through_an_accounts_transfers_newest_first(operator: httpx.AsyncClient) -> None:
    first = (await operator.get("/api/v1/ledger/accounts/shop/transfers", params={"limit": 4})).json()
    assert [t["id"] for t in first["items"]] == ["hold", "sale-4", "sale-3", "sale-2"]
    hold = first["items"][0]
    assert hold["kind"] == "pending" and hold["amount"] == {"currency": "EUR", "value": "9.99"}
    assert hold["expires_at"] is not None and hold["timestamp"].startswith("2026-01-01T00:00:00")
    rest = (
        await operator.get(
            "/api/v1/ledger/accounts/shop/transfers", params={"limit": 4, "cursor": first["next_cursor"]}
        )
    ).json()
    assert [t["id"] for t in rest["items"]] == ["sale-1", "sale-0"]
    assert rest["next_cursor"] is None


async def test_an_unknown_account_is_a_404_problem(operator: httpx.AsyncClient) -> None:
    for path in ("/api/v1/ledger/accounts/nobody", "/api/v1/ledger/accounts/nobody/transfers"):
        response = await operator.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "account_not_found"


async def test_a_foreign_cursor_or_a_huge_page_is_a_422_problem(operator: httpx.AsyncClient) -> None:
    bad_cursor = await operator.get("/api/v1/ledger/accounts", params={"cursor": "not-a-cursor"})
    assert bad_cursor.status_code == 422
    assert bad_cursor.json()["code"] == "invalid_cursor"
    wrong_kind = await operator.get(
        "/api/v1/ledger/accounts/shop/transfers", params={"cursor": "eyJhZnRlciI6InNob3AifQ"}
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["code"] == "invalid_cursor"
    huge = await operator.get("/api/v1/ledger/accounts", params={"limit": 10_000})
    assert huge.status_code == 422
    assert huge.json()["code"] == "validation_error"


async def test_without_signing_in_the_ledger_is_closed(runtime: Runtime) -> None:
    async with _client(runtime, None) as anonymous:
        response = await anonymous.get("/api/v1/ledger/accounts")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


async def test_a_merchant_cannot_read_the_ledger(runtime: Runtime) -> None:
    async with _client(runtime, MERCHANT) as merchant:
        for path in (
            "/api/v1/ledger/accounts",
            "/api/v1/ledger/accounts/shop",
            "/api/v1/ledger/accounts/shop/transfers",
        ):
            response = await merchant.get(path)
            assert response.status_code == 403
            assert response.json()["code"] == "permission_denied"


async def test_the_ledger_cannot_be_written_over_http(operator: httpx.AsyncClient) -> None:
    response = await operator.post("/api/v1/ledger/accounts", json={"id": "x"})
    assert response.status_code == 405
