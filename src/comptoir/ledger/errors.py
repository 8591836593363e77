"""Errors of the ledger capability.

ComptoirError
 ├── InvalidInput (422)
 │    └── LedgerInputInvalid     ledger_input_invalid   an account or transfer that is not well formed
 │                                                      (wrong type, bad id, unknown currency or flag);
 │                                                      nothing was written
 └── NotFound (404)
      └── AccountNotFound        account_not_found      no account with this id

Concurrent writers that keep conflicting are the kernel's ``TransactionBusy`` (``busy``), as for
every use case.

Business outcomes of a transfer (``exceeds_credits``, ``pending_transfer_expired`` …) are not
exceptions: they are per-transfer results (see ``comptoir.ledger.domain.TransferResult``).
"""

from __future__ import annotations

from comptoir.kernel.errors import N_, InvalidInput, NotFound


class LedgerInputInvalid(InvalidInput):
    """An account or transfer is not well formed; the whole call is refused and nothing is written."""

    code = "ledger_input_invalid"
    title = N_("Invalid ledger input")
    sentence = N_("An account or transfer is not well formed; nothing was written.")


class AccountNotFound(NotFound):
    """No ledger account has this id."""

    code = "account_not_found"
    title = N_("Account not found")
    sentence = N_("There is no ledger account with this id.")

    def __init__(self, account_id: str) -> None:
        super().__init__(f"no ledger account {account_id!r}")
        self.account_id = account_id
