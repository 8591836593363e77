"""How payments posts to the ledger: accounts opened on first use, and a posting that either applies whole
or raises the payments refusal that explains it (the caller's unit of work then rolls back)."""

from __future__ import annotations

from collections.abc import Sequence

from comptoir import ledger
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments.domain.accounts import CARD_NETWORK, SETTLEMENT_CURRENCY, WALLET_CURRENCY, Accounts
from comptoir.payments.errors import InsufficientFunds

NON_NEGATIVE = frozenset({ledger.DEBITS_MUST_NOT_EXCEED_CREDITS})


def wallet_account(holder_id: str) -> ledger.NewAccount:
    return ledger.NewAccount(Accounts.wallet(holder_id), WALLET_CURRENCY, holder_id, "wallet", flags=NON_NEGATIVE)


def merchant_accounts(org_id: str) -> list[ledger.NewAccount]:
    return [
        ledger.NewAccount(
            Accounts.merchant_pending(org_id), SETTLEMENT_CURRENCY, org_id, "merchant_pending", flags=NON_NEGATIVE
        ),
        ledger.NewAccount(
            Accounts.merchant_available(org_id),
            SETTLEMENT_CURRENCY,
            org_id,
            "merchant_available",
            flags=NON_NEGATIVE,
        ),
    ]


def platform_accounts(network: str) -> list[ledger.NewAccount]:
    if network == CARD_NETWORK:  # card payments are in EUR end to end: no FX, VAT and duty to IOSS
        return [
            ledger.NewAccount(Accounts.network(network), SETTLEMENT_CURRENCY, "comptoir", "network"),
            ledger.NewAccount(Accounts.IOSS, SETTLEMENT_CURRENCY, "comptoir", "customs_payable"),
            ledger.NewAccount(Accounts.PLATFORM_FEES, SETTLEMENT_CURRENCY, "comptoir", "revenue"),
            ledger.NewAccount(Accounts.PAYOUTS, SETTLEMENT_CURRENCY, "comptoir", "bank"),
        ]
    return [
        ledger.NewAccount(Accounts.network(network), WALLET_CURRENCY, "comptoir", "network"),
        ledger.NewAccount(Accounts.fx(WALLET_CURRENCY), WALLET_CURRENCY, "comptoir", "liquidity"),
        ledger.NewAccount(Accounts.fx(SETTLEMENT_CURRENCY), SETTLEMENT_CURRENCY, "comptoir", "liquidity"),
        ledger.NewAccount(Accounts.TOPUP, WALLET_CURRENCY, "comptoir", "bank"),
        ledger.NewAccount(Accounts.CUSTOMS, WALLET_CURRENCY, "comptoir", "customs_payable"),
        ledger.NewAccount(Accounts.PLATFORM_FEES, SETTLEMENT_CURRENCY, "comptoir", "revenue"),
        ledger.NewAccount(Accounts.PAYOUTS, SETTLEMENT_CURRENCY, "comptoir", "bank"),
    ]


async def open_accounts(uow: UnitOfWork, accounts: Sequence[ledger.NewAccount]) -> None:
    results = await ledger.open_accounts(uow, list(accounts))
    clashes = [
        a.id for a, r in zip(accounts, results, strict=True) if r is ledger.AccountResult.EXISTS_WITH_DIFFERENT_FIELDS
    ]
    if clashes:
        raise RuntimeError(f"ledger accounts {clashes} exist with other fields")


_SHORT = {ledger.TransferResult.EXCEEDS_CREDITS, ledger.TransferResult.EXCEEDS_DEBITS}


async def post(uow: UnitOfWork, transfers: Sequence[ledger.Transfer]) -> None:
    """Post ``transfers`` (one linked group, or independent ones); every one must apply or be a retry.

    A flagged balance that would go negative is :class:`InsufficientFunds` (a wallet's is
    ``wallet_balance_too_low``, a merchant's ``balance_too_low``); anything else is a bug: RuntimeError.
    """
    results = await ledger.post_transfers(uow, list(transfers))
    accepted = {ledger.TransferResult.OK, ledger.TransferResult.EXISTS}
    for transfer, result in zip(transfers, results, strict=True):
        if result in accepted or result is ledger.TransferResult.LINKED_EVENT_FAILED:
            continue
        if result in _SHORT:
            wallet = (transfer.debit_account or "").startswith("pay:wallet:")
            code = "wallet_balance_too_low" if wallet else "balance_too_low"
            raise InsufficientFunds(f"{transfer.debit_account} cannot pay {transfer.amount}", code=code)
        raise RuntimeError(f"the ledger refused {transfer.id}: {result}")
