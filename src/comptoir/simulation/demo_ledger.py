"""Demo section: money on the ledger, so that ``comptoir ledger balances`` and ``verify`` have something to show.

Two Chinese consumers top up their wallets in CNY, pay two French merchants (Maison Delaunay and the
small merchant Savonnerie du Vieux-Port) who are settled in EUR, and one in-store QR payment is
authorised but not captured yet (a pending transfer). Each online payment is one linked group: the
CNY leg into the FX liquidity account and the EUR leg out of it to the merchant succeed or fail
together, so each currency nets to zero on its own. Everything goes through the ledger's public
services, exactly as payments will.
"""

from __future__ import annotations

from comptoir import identity, ledger
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact
from comptoir.ledger import NewAccount, Transfer, TransferResult
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin

WALLET_NETWORK = "cny-wallet-network"
CNY_LIQUIDITY = "cny-fx-liquidity"
EUR_LIQUIDITY = "eur-fx-liquidity"
WALLETS = {"cny-wallet-li-wei": "consumer-li-wei", "cny-wallet-wang-fang": "consumer-wang-fang"}
MERCHANTS = {"brand@delaunay.demo": "eur-merchant-delaunay", "bonjour@savonnerie.demo": "eur-merchant-savonnerie"}
NO_OVERDRAFT = frozenset({ledger.DEBITS_MUST_NOT_EXCEED_CREDITS})


async def _organisation_id(runtime: Runtime, email: str) -> str:
    """The id of the organisation ``email`` signs in to (the identity section made it)."""
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email=email, password=DEMO_PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    await transact(runtime, lambda uow: identity.sign_out(uow, token=session.token))
    return session.organisation.id


def _payment(number: int, wallet: str, merchant: str, cny_fen: int, eur_cents: int, what: str) -> list[Transfer]:
    group = f"demo-payment-{number}"
    return [
        Transfer(id=f"{group}-cny", debit_account=wallet, credit_account=CNY_LIQUIDITY, amount=cny_fen,
                 currency="CNY", group=group, code="payment", reference=what),
        Transfer(id=f"{group}-eur", debit_account=EUR_LIQUIDITY, credit_account=merchant, amount=eur_cents,
                 currency="EUR", group=group, code="settlement", reference=what),
    ]  # fmt: skip


def demo_transfers() -> list[Transfer]:
    """Top-ups, three paid orders and one authorised in-store payment, in the order they happen."""
    li_wei, wang_fang = WALLETS
    delaunay, savonnerie = MERCHANTS.values()
    return [
        Transfer(id="demo-top-up-1", debit_account=WALLET_NETWORK, credit_account=li_wei, amount=200_000,
                 currency="CNY", code="top_up", reference="wallet top-up"),
        Transfer(id="demo-top-up-2", debit_account=WALLET_NETWORK, credit_account=wang_fang, amount=80_000,
                 currency="CNY", code="top_up", reference="wallet top-up"),
        *_payment(1, li_wei, delaunay, 128_000, 16_400, "silk scarf, Maison Delaunay"),
        *_payment(2, wang_fang, savonnerie, 9_600, 1_230, "two Marseille soaps"),
        *_payment(3, li_wei, savonnerie, 23_200, 2_970, "olive-oil soap gift box"),
        # A tourist's QR payment at the till, authorised (funds reserved) and waiting for capture.
        Transfer(id="demo-qr-payment-1", debit_account=wang_fang, credit_account=CNY_LIQUIDITY, amount=25_600,
                 currency="CNY", pending=True, code="qr_payment", reference="in-store QR payment, Paris"),
    ]  # fmt: skip


async def build(runtime: Runtime) -> list[DemoLogin]:
    """Open the demo accounts and post the demo transfers; no new login."""
    accounts = [
        NewAccount(id=WALLET_NETWORK, currency="CNY", owner="comptoir", kind="funding"),
        NewAccount(id=CNY_LIQUIDITY, currency="CNY", owner="comptoir", kind="liquidity"),
        NewAccount(id=EUR_LIQUIDITY, currency="EUR", owner="comptoir", kind="liquidity"),
        *(NewAccount(id=a, currency="CNY", owner=o, kind="wallet", flags=NO_OVERDRAFT) for a, o in WALLETS.items()),
    ]
    for email, account in MERCHANTS.items():
        owner = await _organisation_id(runtime, email)
        accounts.append(NewAccount(id=account, currency="EUR", owner=owner, kind="merchant", flags=NO_OVERDRAFT))

    async def open_and_post(uow: UnitOfWork) -> list[TransferResult]:
        await ledger.open_accounts(uow, accounts)
        return await ledger.post_transfers(uow, demo_transfers())

    results = await transact(runtime, open_and_post)
    refused = [r for r in results if r not in (TransferResult.OK, TransferResult.EXISTS)]
    if refused:
        raise RuntimeError(f"the demo ledger refused its own transfers: {refused}")
    return []
