"""A small, plain in-memory ledger that the real one is compared against, step by step.

Written independently of ``comptoir.ledger.domain``: dictionaries, a deep copy to undo a group,
and the checks in the order the ledger documents them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from comptoir.ledger import NewAccount, Transfer


@dataclass
class ReferenceLedger:
    now_us: int
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    transfers: dict[str, dict[str, Any]] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)  # pending id -> "post" | "void" | "expire"

    def open(self, account: NewAccount) -> str:
        stored = self.accounts.get(account.id)
        if stored is not None:
            same = (stored["currency"], stored["owner"], stored["kind"], stored["flags"]) == (
                account.currency,
                account.owner,
                account.kind,
                account.flags,
            )
            return "exists" if same else "exists_with_different_fields"
        self.accounts[account.id] = {
            "currency": account.currency,
            "owner": account.owner,
            "kind": account.kind,
            "flags": account.flags,
            "dp": 0,
            "cp": 0,
            "dpe": 0,
            "cpe": 0,
        }
        return "ok"

    def post(self, batch: list[Transfer]) -> list[str]:
        results: list[str] = []
        i = 0
        while i < len(batch):
            if batch[i].group is None:
                results.append(self._one(batch[i]))
                i += 1
                continue
            j = i
            while j < len(batch) and batch[j].group == batch[i].group:
                j += 1
            members = batch[i:j]
            saved = copy.deepcopy((self.accounts, self.transfers, self.resolved))
            group_results: list[str] = []
            for t in members:
                result = self._one(t)
                if result not in ("ok", "exists"):
                    self.accounts, self.transfers, self.resolved = saved
                    failed_at = len(group_results)
                    group_results = ["linked_event_failed"] * len(members)
                    group_results[failed_at] = result
                    break
                group_results.append(result)
            results.extend(group_results)
            i = j
        return results

    def _same(self, t: Transfer, s: dict[str, Any]) -> bool:
        if (t.group, t.code, t.reference) != (s["group"], s["code"], s["reference"]):
            return False
        if s["kind"] in ("transfer", "pending"):
            return (
                t.post_pending is None
                and t.void_pending is None
                and t.pending == (s["kind"] == "pending")
                and (t.debit_account, t.credit_account, t.amount, t.currency, t.timeout_seconds)
                == (s["debit"], s["credit"], s["amount"], s["currency"], s["timeout"])
            )
        ref = t.post_pending if s["kind"] == "post" else t.void_pending if s["kind"] == "void" else None
        if ref is None or ref != s["pending_id"]:
            return False
        for given, stored in (
            (t.debit_account, s["debit"]),
            (t.credit_account, s["credit"]),
            (t.currency, s["currency"]),
        ):
            if given is not None and given != stored:
                return False
        if t.amount is not None:
            return bool(t.amount == s["amount"])
        if s["kind"] == "void":
            return True
        return bool(self.transfers[ref]["amount"] == s["amount"])

    def _one(self, t: Transfer) -> str:
        if t.id in self.transfers:
            return "exists" if self._same(t, self.transfers[t.id]) else "exists_with_different_fields"
        if t.post_pending is not None or t.void_pending is not None:
            return self._resolve(t)
        if t.debit_account == t.credit_account:
            return "accounts_must_be_different"
        assert t.amount is not None
        if t.amount <= 0:
            return "amount_must_be_positive"
        if t.debit_account not in self.accounts:
            return "debit_account_not_found"
        if t.credit_account not in self.accounts:
            return "credit_account_not_found"
        d, c = self.accounts[t.debit_account], self.accounts[t.credit_account]
        if d["currency"] != t.currency or c["currency"] != t.currency:
            return "currencies_must_match"
        if "debits_must_not_exceed_credits" in d["flags"] and d["dp"] + d["dpe"] + t.amount > d["cp"]:
            return "exceeds_credits"
        if "credits_must_not_exceed_debits" in c["flags"] and c["cp"] + c["cpe"] + t.amount > c["dp"]:
            return "exceeds_debits"
        if t.pending:
            d["dpe"] += t.amount
            c["cpe"] += t.amount
        else:
            d["dp"] += t.amount
            c["cp"] += t.amount
        expires = self.now_us + t.timeout_seconds * 1_000_000 if t.pending and t.timeout_seconds else None
        self._store(t, "pending" if t.pending else "transfer", t.debit_account, t.credit_account, t.amount,
                    t.currency, None, expires)  # fmt: skip
        return "ok"

    def _resolve(self, t: Transfer) -> str:
        pid = t.post_pending if t.post_pending is not None else t.void_pending
        assert pid is not None
        p = self.transfers.get(pid)
        if p is None or p["kind"] != "pending":
            return "pending_transfer_not_found"
        outcome = self.resolved.get(pid)
        if outcome == "post":
            return "pending_transfer_already_posted"
        if outcome == "void":
            return "pending_transfer_already_voided"
        if outcome == "expire":
            return "pending_transfer_expired"
        if p["expires"] is not None and p["expires"] <= self.now_us:
            return "pending_transfer_expired"
        if (t.debit_account is not None and t.debit_account != p["debit"]) or (
            t.credit_account is not None and t.credit_account != p["credit"]
        ):
            return "pending_transfer_has_different_accounts"
        if t.currency is not None and t.currency != p["currency"]:
            return "currencies_must_match"
        amount = p["amount"] if t.amount is None else t.amount
        if amount <= 0:
            return "amount_must_be_positive"
        if amount > p["amount"]:
            return "exceeds_pending_amount"
        posting = t.post_pending is not None
        if not posting and amount != p["amount"]:
            return "pending_transfer_has_different_amount"
        self._release(pid, amount if posting else 0, "post" if posting else "void")
        self._store(t, "post" if posting else "void", p["debit"], p["credit"], amount, p["currency"], pid, None)
        return "ok"

    def _release(self, pid: str, posted: int, outcome: str) -> None:
        p = self.transfers[pid]
        d, c = self.accounts[p["debit"]], self.accounts[p["credit"]]
        d["dpe"] -= p["amount"]
        c["cpe"] -= p["amount"]
        d["dp"] += posted
        c["cp"] += posted
        self.resolved[pid] = outcome

    def _store(self, t: Transfer, kind: str, debit: str | None, credit: str | None, amount: int, currency: str | None,
               pending_id: str | None, expires: int | None) -> None:  # fmt: skip
        self.transfers[t.id] = {
            "kind": kind, "debit": debit, "credit": credit, "amount": amount, "currency": currency,
            "pending_id": pending_id, "timeout": t.timeout_seconds, "expires": expires,
            "group": t.group, "code": t.code, "reference": t.reference,
        }  # fmt: skip

    def sweep(self) -> int:
        expired = [
            pid
            for pid, p in self.transfers.items()
            if p["kind"] == "pending" and pid not in self.resolved and p["expires"] is not None
            and p["expires"] <= self.now_us
        ]  # fmt: skip
        for pid in expired:
            self._release(pid, 0, "expire")
            self.transfers[pid + "~expired"] = {"kind": "expire"}
        return len(expired)

    def balances(self) -> dict[str, tuple[int, int, int, int]]:
        return {k: (a["dp"], a["cp"], a["dpe"], a["cpe"]) for k, a in self.accounts.items()}
