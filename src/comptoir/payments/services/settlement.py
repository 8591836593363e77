"""Settlement: after the delay (T+1 by default), a captured payment's net amount leaves the merchant's pending
balance and is split, in one linked ledger transaction, between the beneficiary, the partner who operates the
store or till, and the platform, by the fee rule of the payment's channel in force on the day it was captured.

Fee rules are data the operator edits (:func:`add_fee_rule`): a rule from a later day replaces the current
one from that day on; past sales keep the rule they were split by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, update

from comptoir import ledger
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import SETTLEMENT_CURRENCY, Accounts
from comptoir.payments.domain.fees import Channel, FeeRule, Split, rule_in_force, split_sale
from comptoir.payments.domain.payments import Payment, PaymentStatus
from comptoir.payments.errors import FeeRuleInvalid, NotTillOperator
from comptoir.payments.services._ledger import open_accounts, platform_accounts, post
from comptoir.payments.services._payments import to_payment
from comptoir.payments.services.tills import ensure_profile
from comptoir.payments.services.wallets import NETWORK

SETTLE_BATCH = 200
#: The rules an installation starts with, in force until the operator adds one from a later day.
STARTING_RULES = (
    FeeRule(
        Channel.IN_STORE,
        platform_fee_bps=150,
        partner_commission_bps=500,
        effective_from=date(2000, 1, 1),
        id="fee_in_store",
    ),
    FeeRule(
        Channel.BRAND_STORE,
        platform_fee_bps=200,
        partner_commission_bps=1000,
        effective_from=date(2000, 1, 1),
        id="fee_brand_store",
    ),
    FeeRule(
        Channel.PAVILION,
        platform_fee_bps=200,
        partner_commission_bps=1500,
        effective_from=date(2000, 1, 1),
        id="fee_pavilion",
    ),
    FeeRule(
        Channel.MARKETPLACE,  # a Chinese seller on the French storefront: no partner between
        platform_fee_bps=500,
        partner_commission_bps=0,
        effective_from=date(2000, 1, 1),
        id="fee_marketplace",
    ),
)


@dataclass(frozen=True, slots=True)
class Settlement:
    payment_id: str
    fee_rule_id: str
    net: Money
    split: Split
    beneficiary_org_id: str
    partner_org_id: str | None
    settled_at: datetime


def _rule(row: object) -> FeeRule:
    r = row._mapping  # type: ignore[attr-defined]
    return FeeRule(
        channel=Channel(r["channel"]),
        platform_fee_bps=r["platform_fee_bps"],
        partner_commission_bps=r["partner_commission_bps"],
        effective_from=r["effective_from"],
        id=r["id"],
    )


async def fee_rules(uow: UnitOfWork) -> list[FeeRule]:
    t = tables.fee_rules
    rows = await uow.session.execute(select(t).order_by(t.c.channel, t.c.effective_from))
    return [*STARTING_RULES, *(_rule(r) for r in rows)]


async def add_fee_rule(
    uow: UnitOfWork,
    principal: Principal,
    *,
    channel: str,
    platform_fee_bps: int,
    partner_commission_bps: int,
    effective_from: date,
) -> FeeRule:
    """The operator sets a channel's fee and commission from ``effective_from`` (today or later) on."""
    if not principal.is_platform_operator:
        raise NotTillOperator("only the platform operator edits fees")
    try:
        rule = FeeRule(Channel(channel), platform_fee_bps, partner_commission_bps, effective_from, id=new_id("fee"))
    except (ValueError, MoneyError) as exc:
        raise FeeRuleInvalid(str(exc)) from exc
    if effective_from < uow.clock.now().date():
        raise FeeRuleInvalid("a rule takes effect today or later: past sales keep the rule they were split by")
    t = tables.fee_rules
    same_day = (
        await uow.session.execute(
            select(t.c.id).where(t.c.channel == rule.channel.value, t.c.effective_from == effective_from)
        )
    ).scalar_one_or_none()
    values = {
        "platform_fee_bps": rule.platform_fee_bps,
        "partner_commission_bps": rule.partner_commission_bps,
        "created_by": principal.actor_id,
        "created_at": uow.clock.now(),
    }
    if same_day is not None:
        await uow.session.execute(update(t).where(t.c.id == same_day).values(**values))
        return FeeRule(rule.channel, rule.platform_fee_bps, rule.partner_commission_bps, effective_from, id=same_day)
    await uow.session.execute(
        insert(t).values(id=rule.id, channel=rule.channel.value, effective_from=effective_from, **values)
    )
    return rule


def settlement_transfers(payment: Payment, split: Split, *, transfer_group: str) -> list[ledger.Transfer]:
    pending = Accounts.merchant_pending(payment.merchant_org_id)
    legs = [
        ("beneficiary", Accounts.merchant_available(payment.beneficiary_org_id), split.beneficiary),
        ("partner", Accounts.merchant_available(payment.partner_org_id or ""), split.partner),
        ("platform", Accounts.PLATFORM_FEES, split.platform),
    ]
    return [
        ledger.Transfer(
            id=f"{payment.id}:settle:{leg}",
            debit_account=pending,
            credit_account=account,
            amount=part.minor,
            currency=SETTLEMENT_CURRENCY,
            group=transfer_group,
            code=f"settlement_{leg}",
            reference=payment.id,
        )
        for leg, account, part in legs
        if part.minor > 0
    ]


async def settle_payment(uow: UnitOfWork, payment: Payment, rules: list[FeeRule]) -> Settlement | None:
    """Settle one captured payment (locked, and checked again: a concurrent sweep settles it once)."""
    t = tables.payments
    row = (await uow.session.execute(select(t).where(t.c.id == payment.id).with_for_update())).first()
    if row is None:
        return None
    payment = to_payment(row)
    if payment.status is not PaymentStatus.SUCCEEDED or payment.settled_at is not None or payment.decided_at is None:
        return None
    rule = rule_in_force(rules, Channel(payment.channel), payment.decided_at.date())
    if rule is None:
        raise RuntimeError(f"no fee rule for {payment.channel} on {payment.decided_at.date()}")
    net = payment.amount - payment.refunded
    split = split_sale(net, rule, has_partner=payment.partner_org_id is not None)
    now = uow.clock.now()
    await ensure_profile(uow, org_id=payment.beneficiary_org_id, org_kind="seller", name="")
    if payment.partner_org_id is not None:
        await ensure_profile(uow, org_id=payment.partner_org_id, org_kind=OrganisationKind.PARTNER.value, name="")
    await open_accounts(uow, platform_accounts(NETWORK))
    await post(uow, settlement_transfers(payment, split, transfer_group=f"{payment.id}:settle"))
    await uow.session.execute(update(t).where(t.c.id == payment.id).values(settled_at=now))
    settlement = Settlement(payment.id, rule.id, net, split, payment.beneficiary_org_id, payment.partner_org_id, now)
    await uow.session.execute(
        insert(tables.settlements).values(
            payment_id=payment.id,
            merchant_org_id=payment.merchant_org_id,
            fee_rule_id=rule.id,
            net_minor=net.minor,
            beneficiary_org_id=payment.beneficiary_org_id,
            beneficiary_minor=split.beneficiary.minor,
            partner_org_id=payment.partner_org_id,
            partner_minor=split.partner.minor,
            platform_minor=split.platform.minor,
            currency=net.currency,
            settled_at=now,
        )
    )
    return settlement


async def settle_due(uow: UnitOfWork, *, delay: timedelta, limit: int = SETTLE_BATCH) -> list[Settlement]:
    """Settle up to ``limit`` payments captured at least ``delay`` ago (oldest first)."""
    t = tables.payments
    cutoff = uow.clock.now() - delay
    rows = await uow.session.execute(
        select(t)
        .where(t.c.status == PaymentStatus.SUCCEEDED.value, t.c.settled_at.is_(None), t.c.decided_at <= cutoff)
        .order_by(t.c.decided_at, t.c.id)
        .limit(limit)
    )
    due = [to_payment(r) for r in rows]
    if not due:
        return []
    rules = await fee_rules(uow)
    done = [await settle_payment(uow, p, rules) for p in due]
    return [s for s in done if s is not None]


async def settlements_of(uow: UnitOfWork, principal: Principal, *, limit: int = 100) -> list[Settlement]:
    """Settlements the caller took part in (as merchant, beneficiary or partner); the operator's: all."""
    t = tables.settlements
    query = select(t)
    if not principal.is_platform_operator:
        me = principal.organisation_id
        query = query.where((t.c.merchant_org_id == me) | (t.c.beneficiary_org_id == me) | (t.c.partner_org_id == me))
    rows = await uow.session.execute(query.order_by(t.c.settled_at.desc(), t.c.payment_id).limit(limit))
    found = []
    for row in rows:
        r = row._mapping
        currency = r["currency"]
        found.append(
            Settlement(
                payment_id=r["payment_id"],
                fee_rule_id=r["fee_rule_id"],
                net=Money(r["net_minor"], currency),
                split=Split(
                    Money(r["beneficiary_minor"], currency),
                    Money(r["partner_minor"], currency),
                    Money(r["platform_minor"], currency),
                ),
                beneficiary_org_id=r["beneficiary_org_id"],
                partner_org_id=r["partner_org_id"],
                settled_at=r["settled_at"],
            )
        )
    return found
