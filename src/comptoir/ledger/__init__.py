"""Ledger: double-entry accounts and transfers, two-phase and linked transfers, invariants.

Other capabilities move money only through these services (payments calls them), inside their
own unit of work; nothing writes the ledger's tables from outside. The entry points assemble
``api_router``, ``cli_app`` and ``bench_command``; no capability uses those.
"""

from comptoir.ledger.api import router as api_router
from comptoir.ledger.audit import VerificationReport, Violation
from comptoir.ledger.cli import app as cli_app
from comptoir.ledger.cli import bench_command
from comptoir.ledger.domain import (
    ACCOUNT_FLAGS,
    CREDITS_MUST_NOT_EXCEED_DEBITS,
    DEBITS_MUST_NOT_EXCEED_CREDITS,
    Account,
    AccountResult,
    NewAccount,
    Transfer,
    TransferKind,
    TransferRecord,
    TransferResult,
)
from comptoir.ledger.errors import AccountNotFound, LedgerInputInvalid
from comptoir.ledger.services import (
    account_transfers,
    balances,
    find_transfer,
    get_account,
    list_accounts,
    open_accounts,
    post_transfers,
    seal_chain,
    sweep_all_expired,
    sweep_expired,
    verify,
)

__all__ = [
    "ACCOUNT_FLAGS",
    "CREDITS_MUST_NOT_EXCEED_DEBITS",
    "DEBITS_MUST_NOT_EXCEED_CREDITS",
    "Account",
    "AccountNotFound",
    "AccountResult",
    "LedgerInputInvalid",
    "NewAccount",
    "Transfer",
    "TransferKind",
    "TransferRecord",
    "TransferResult",
    "VerificationReport",
    "Violation",
    "account_transfers",
    "api_router",
    "balances",
    "bench_command",
    "cli_app",
    "find_transfer",
    "get_account",
    "list_accounts",
    "open_accounts",
    "post_transfers",
    "seal_chain",
    "sweep_all_expired",
    "sweep_expired",
    "verify",
]
