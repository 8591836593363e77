"""The ledger's public names are pinned: payments and the tools move money through these, and only these."""

from __future__ import annotations

import comptoir.ledger

PUBLIC = [
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


def test_the_ledgers_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.ledger.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.ledger, name) is not None


def test_every_transfer_result_the_ledger_documents_exists() -> None:
    documented = {
        "ok", "exists", "exists_with_different_fields", "debit_account_not_found", "credit_account_not_found",
        "accounts_must_be_different", "currencies_must_match", "amount_must_be_positive", "exceeds_credits",
        "exceeds_debits", "pending_transfer_not_found", "pending_transfer_already_posted",
        "pending_transfer_already_voided", "pending_transfer_expired", "exceeds_pending_amount", "linked_event_failed",
    }  # fmt: skip
    assert documented <= {str(r) for r in comptoir.ledger.TransferResult}
