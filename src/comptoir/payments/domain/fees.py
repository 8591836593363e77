"""Fees and commissions, and how one sale's net amount is split.

A **fee rule** says, for one channel and from one day on, what the platform takes (``platform_fee_bps``)
and what the accredited partner who operates the store or the till takes (``partner_commission_bps``), in
basis points of the settled amount. The operator edits rules as data: a new rule takes effect on its
``effective_from`` day, and a sale is split by the rule in force on the day it was captured.

The split of a sale's net amount (captured minus refunded before settlement) is three-way where a partner
operates the store: the beneficiary (the brand, or the small merchant selling through a pavilion) gets the
rest after the partner's commission and the platform's fee. Without a partner there is no commission.
Each part is rounded half-up to the cent and the beneficiary takes what rounding leaves, so the three
always add up to the net amount exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from comptoir.kernel.money import Money, MoneyError


class Channel(StrEnum):
    """Where a sale happened: it picks the fee rule."""

    IN_STORE = "in_store"  # a shop's till in France (order QR, payment code, entry code)
    BRAND_STORE = "brand_store"  # online, in a brand's store on the Chinese storefront
    PAVILION = "pavilion"  # online, a small merchant's product in a partner's pavilion
    MARKETPLACE = "marketplace"  # online, a Chinese seller's store on the French storefront, paid by card


MAX_BPS = 10_000


@dataclass(frozen=True, slots=True)
class FeeRule:
    channel: Channel
    platform_fee_bps: int
    partner_commission_bps: int
    effective_from: date
    id: str = ""

    def __post_init__(self) -> None:
        for name in ("platform_fee_bps", "partner_commission_bps"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_BPS:
                raise MoneyError(f"{name} is a whole number of basis points between 0 and {MAX_BPS}")
        if self.platform_fee_bps + self.partner_commission_bps > MAX_BPS:
            raise MoneyError("the fee and the commission together cannot exceed the whole sale")


@dataclass(frozen=True, slots=True)
class Split:
    """One sale's net amount in three parts that add up to it exactly."""

    beneficiary: Money
    partner: Money
    platform: Money

    @property
    def total(self) -> Money:
        return self.beneficiary + self.partner + self.platform


def _share(amount: Money, bps: int) -> Money:
    return Money((amount.minor * bps * 2 + MAX_BPS) // (2 * MAX_BPS), amount.currency)  # half-up, integers only


def split_sale(net: Money, rule: FeeRule, *, has_partner: bool) -> Split:
    """Split ``net`` (>= 0) by ``rule``; without a partner the commission is zero."""
    if net.minor < 0:
        raise MoneyError("a sale's net amount cannot be negative")
    platform = _share(net, rule.platform_fee_bps)
    partner = _share(net, rule.partner_commission_bps) if has_partner else Money.zero(net.currency)
    return Split(beneficiary=net - platform - partner, partner=partner, platform=platform)


def rule_in_force(rules: list[FeeRule], channel: Channel, on: date) -> FeeRule | None:
    """The rule of ``channel`` with the latest ``effective_from`` on or before ``on``."""
    candidates = [r for r in rules if r.channel is channel and r.effective_from <= on]
    return max(candidates, key=lambda r: r.effective_from, default=None)
