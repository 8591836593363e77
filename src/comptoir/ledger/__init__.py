"""Ledger: double-entry accounts and transfers, two-phase and linked transfers, invariants."""
