"""HTTP API of payments for merchants, partners and the operator.

A shop (or the partner running its till) asks for order QR codes and charges payment codes; the
merchant reads its payments, refunds them and sees its balances; the operator edits fees and sends
payout batches. Amounts are ``{"currency", "value"}`` with a decimal string; every changing route
takes an ``Idempotency-Key``, and a payment or refund also has its own ``request_id``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from comptoir.kernel.auth import CurrentPrincipal, PlatformOperator
from comptoir.kernel.http import Page, PageCursor, PageLimit
from comptoir.kernel.idempotency import Idempotent
from comptoir.kernel.ids import id_pattern
from comptoir.kernel.money_json import MoneyBody
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.runtime import RuntimeDep
from comptoir.kernel.text import OptionalSingleLine, SingleLine
from comptoir.kernel.unit_of_work import transact
from comptoir.payments import services
from comptoir.payments.domain.fees import Channel, FeeRule
from comptoir.payments.domain.payments import Payment, Refund
from comptoir.payments.network import network_for_code, wallet_networks
from comptoir.payments.qr import qr_svg

router = APIRouter(tags=["payments"])

TillIdPath = Annotated[str, Path(pattern=id_pattern("pos"), description="the till's id")]
PaymentIdPath = Annotated[str, Path(pattern=id_pattern("pay"), description="the payment's id")]
BatchIdPath = Annotated[str, Path(pattern=id_pattern("pob"), description="the payout batch's id")]
RequestId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9._-]{1,64}$",
        description="the caller's id for this request (1-64 letters, digits, '-', '_', '.'): asking again with "
        "the same id answers the first result and charges nothing more",
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TillIn(Strict):
    name: SingleLine = Field(max_length=120)
    city: SingleLine = Field(default="Paris", max_length=80)
    operator_partner_id: str | None = Field(
        default=None, pattern=id_pattern("org"), description="an accredited partner who runs this till for you"
    )


class TillOut(Strict):
    id: str
    owner_org_id: str
    operator_partner_id: str | None
    name: str
    city: str
    entry_code: str
    entry_url: str
    created_at: datetime

    @classmethod
    def of(cls, pos: services.PointOfSale, site_url: str) -> TillOut:
        return cls(
            id=pos.id,
            owner_org_id=pos.owner_org_id,
            operator_partner_id=pos.operator_partner_id,
            name=pos.name,
            city=pos.city,
            entry_code=pos.entry_code,
            entry_url=f"{site_url}/wallet/shop/{pos.entry_code}",
            created_at=pos.created_at,
        )


class PaymentOut(Strict):
    id: str
    request_id: str
    flow: str
    status: str
    refund_status: str | None = Field(description="refunded or partially_refunded once money went back")
    merchant_org_id: str
    point_of_sale_id: str | None
    amount: MoneyBody = Field(description="what the merchant is owed, in EUR")
    paid: MoneyBody | None = Field(description="what the payer paid, in CNY, at the locked rate")
    import_tax: MoneyBody | None = Field(
        default=None, description="online orders: the buyer's import taxes, in CNY, collected on top for customs"
    )
    rate: str | None = Field(description="EUR to CNY, the reference rate plus the spread, as locked")
    refunded: MoneyBody
    refundable: MoneyBody
    network: str
    description: str
    failure_reason: str | None
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    settled_at: datetime | None

    @classmethod
    def of(cls, p: Payment) -> PaymentOut:
        return cls(
            id=p.id,
            request_id=p.request_id,
            flow=p.flow.value,
            status=p.status.value,
            refund_status=p.refund_status,
            merchant_org_id=p.merchant_org_id,
            point_of_sale_id=p.point_of_sale_id,
            amount=MoneyBody.of(p.amount),
            paid=MoneyBody.of(p.paid) if p.paid is not None and p.status.value == "succeeded" else None,
            import_tax=MoneyBody.of(p.import_tax)
            if p.import_tax is not None and p.status.value == "succeeded"
            else None,
            rate=str(p.rate) if p.rate is not None and p.status.value == "succeeded" else None,
            refunded=MoneyBody.of(p.refunded),
            refundable=MoneyBody.of(p.refundable),
            network=p.network,
            description=p.description,
            failure_reason=p.failure_reason,
            created_at=p.created_at,
            expires_at=p.expires_at,
            decided_at=p.decided_at,
            settled_at=p.settled_at,
        )


class OrderCodeIn(Strict):
    amount: MoneyBody = Field(description="in EUR")
    request_id: RequestId
    valid_for_minutes: int = Field(default=15, ge=1, le=30, description="how long the QR code may be paid")
    description: OptionalSingleLine = Field(default="", max_length=200)


class OrderCodeOut(Strict):
    payment: PaymentOut
    url: str = Field(description="what the QR code encodes: the wallet opens it to pay")
    qr_svg_url: str


class PaymentCodeIn(Strict):
    amount: MoneyBody = Field(description="in EUR")
    code: str = Field(min_length=1, max_length=40, description="the 18 digits the customer's wallet shows")
    request_id: RequestId


class RefundIn(Strict):
    amount: MoneyBody = Field(description="in EUR, at most what is still refundable")
    request_id: RequestId
    reason: OptionalSingleLine = Field(default="", max_length=200)


class RefundOut(Strict):
    id: str
    payment_id: str
    request_id: str
    amount: MoneyBody
    paid_back: MoneyBody = Field(description="what went back to the payer, in CNY, at the payment's rate")
    reason: str
    created_at: datetime

    @classmethod
    def of(cls, r: Refund) -> RefundOut:
        return cls(
            id=r.id,
            payment_id=r.payment_id,
            request_id=r.request_id,
            amount=MoneyBody.of(r.amount),
            paid_back=MoneyBody.of(r.paid_back),
            reason=r.reason,
            created_at=r.created_at,
        )


class BalancesOut(Strict):
    pending: MoneyBody = Field(description="captured, waiting for settlement")
    available: MoneyBody = Field(description="settled, to be paid out")
    paying_out: MoneyBody = Field(description="in a payout batch the bank has not confirmed yet")


class BankAccountIn(Strict):
    iban: str = Field(min_length=1, max_length=50)
    holder: SingleLine = Field(max_length=70)
    bic: str | None = Field(default=None, max_length=11)


class BankAccountOut(Strict):
    iban: str | None = Field(description="masked: country, check digits and the last 4 characters")
    bic: str | None
    holder: str | None


class FeeRuleIn(Strict):
    channel: Literal["in_store", "brand_store", "pavilion", "marketplace"]
    platform_fee_bps: int = Field(ge=0, le=10_000)
    partner_commission_bps: int = Field(ge=0, le=10_000)
    effective_from: date


class FeeRuleOut(Strict):
    id: str
    channel: str
    platform_fee_bps: int
    partner_commission_bps: int
    effective_from: date

    @classmethod
    def of(cls, rule: FeeRule) -> FeeRuleOut:
        return cls(
            id=rule.id,
            channel=rule.channel.value,
            platform_fee_bps=rule.platform_fee_bps,
            partner_commission_bps=rule.partner_commission_bps,
            effective_from=rule.effective_from,
        )


class SettlementOut(Strict):
    payment_id: str
    fee_rule_id: str
    net: MoneyBody
    beneficiary_org_id: str
    beneficiary: MoneyBody
    partner_org_id: str | None
    partner: MoneyBody
    platform: MoneyBody
    settled_at: datetime


class PayoutOut(Strict):
    id: str
    org_id: str
    amount: MoneyBody
    iban: str
    holder: str
    status: str


class PayoutBatchOut(Strict):
    id: str
    status: str
    execution_date: date
    message_id: str
    total: MoneyBody
    count: int
    created_at: datetime
    updated_at: datetime
    payouts: list[PayoutOut]

    @classmethod
    def of(cls, b: services.PayoutBatch) -> PayoutBatchOut:
        return cls(
            id=b.id,
            status=b.status.value,
            execution_date=b.execution_date,
            message_id=b.message_id,
            total=MoneyBody.of(b.total),
            count=b.count,
            created_at=b.created_at,
            updated_at=b.updated_at,
            payouts=[
                PayoutOut(
                    id=p.id,
                    org_id=p.org_id,
                    amount=MoneyBody.of(p.amount),
                    iban=p.iban_masked,
                    holder=p.holder,
                    status=p.status,
                )
                for p in b.payouts
            ],
        )


class PayoutBatchIn(Strict):
    execution_date: date | None = Field(default=None, description="today or later; today when absent")


class BatchStatusIn(Strict):
    status: Literal["sent", "confirmed", "returned"]


# --- tills ---------------------------------------------------------------------------------------------


@router.post("/payments/tills", status_code=status.HTTP_201_CREATED, response_model=TillOut)
async def open_till(body: TillIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent) -> TillOut:
    """Open a till (a point of sale) for your shop, brand or business; it gets a printed entry code."""
    pos = await transact(
        runtime,
        partial(
            services.open_point_of_sale,
            principal=principal,
            name=body.name,
            city=body.city,
            operator_partner_id=body.operator_partner_id,
        ),
    )
    return TillOut.of(pos, runtime.settings.site_url)


@router.get("/payments/tills", response_model=list[TillOut])
async def list_tills(principal: CurrentPrincipal, runtime: RuntimeDep) -> list[TillOut]:
    """The tills you own, and those you run for others."""
    tills = await transact(runtime, partial(services.tills_of, principal=principal))
    return [TillOut.of(p, runtime.settings.site_url) for p in tills]


@router.get("/payments/tills/{pos_id}", response_model=TillOut)
async def get_till(pos_id: TillIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> TillOut:
    pos = await transact(runtime, partial(services.till, principal=principal, pos_id=pos_id))
    return TillOut.of(pos, runtime.settings.site_url)


@router.post("/payments/tills/{pos_id}/order-codes", status_code=status.HTTP_201_CREATED, response_model=OrderCodeOut)
async def create_order_code(
    pos_id: TillIdPath, body: OrderCodeIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> OrderCodeOut:
    """Ask for an amount in EUR: the answer's ``url`` is what the till's QR code shows (valid <= 30 minutes)."""
    code = await transact(
        runtime,
        partial(
            services.create_order_qr,
            principal=principal,
            pos_id=pos_id,
            amount=body.amount.money(),
            request_id=body.request_id,
            secret=runtime.settings.secret_key,
            site_url=runtime.settings.site_url,
            valid_for=timedelta(minutes=body.valid_for_minutes),
            description=body.description,
        ),
    )
    return OrderCodeOut(
        payment=PaymentOut.of(code.payment),
        url=code.url,
        qr_svg_url=f"/api/v1/payments/payments/{code.payment.id}/qr.svg",
    )


@router.post(
    "/payments/tills/{pos_id}/payment-code-charges", status_code=status.HTTP_201_CREATED, response_model=PaymentOut
)
async def charge_payment_code(
    pos_id: TillIdPath, body: PaymentCodeIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> PaymentOut:
    """Charge the customer's one-time payment code (scanned or typed): captured at once, up to 500.00 EUR."""
    payment = await services.charge_payment_code(
        runtime,
        network_for_code(runtime, body.code),
        principal,
        pos_id=pos_id,
        amount=body.amount.money(),
        code=body.code,
        request_id=body.request_id,
    )
    return PaymentOut.of(payment)


# --- payments and refunds ------------------------------------------------------------------------------


@router.get("/payments/payments", response_model=Page[PaymentOut])
async def list_payments(
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    pos_id: Annotated[str | None, Query(pattern=id_pattern("pos"), description="only this till's")] = None,
    cursor: PageCursor = None,
    limit: PageLimit = DEFAULT_PAGE,
) -> Page[PaymentOut]:
    """Your payments, newest first (the operator's: everyone's)."""
    size = page_size(limit)
    before = cursor_position(cursor, key="before", kind=str, prefix="pay")
    found = await transact(
        runtime, partial(services.payments_page, principal=principal, pos_id=pos_id, limit=size + 1, before=before)
    )
    items, next_cursor = cut_page(found, size, key="before", position_of=lambda p: p.id)
    return Page[PaymentOut](items=[PaymentOut.of(p) for p in items], next_cursor=next_cursor)


@router.get("/payments/payments/{payment_id}", response_model=PaymentOut)
async def get_payment(payment_id: PaymentIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> PaymentOut:
    """One of your payments; a till polls this to see an order QR paid."""
    payment = await transact(
        runtime, partial(services.payment_for_merchant, principal=principal, payment_id=payment_id)
    )
    return PaymentOut.of(payment)


@router.get(
    "/payments/payments/{payment_id}/qr.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "the order QR code"}},
)
async def order_qr_svg(payment_id: PaymentIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> Response:
    """The QR code of a pending order-QR payment, as SVG."""
    code = await transact(
        runtime,
        partial(
            services.order_code_url,
            principal=principal,
            payment_id=payment_id,
            secret=runtime.settings.secret_key,
            site_url=runtime.settings.site_url,
        ),
    )
    return Response(qr_svg(code.url, title=code.payment.description), media_type="image/svg+xml")


@router.post("/payments/payments/{payment_id}/refunds", status_code=status.HTTP_201_CREATED, response_model=RefundOut)
async def refund(
    payment_id: PaymentIdPath, body: RefundIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> RefundOut:
    """Give back part or all of a payment, at its locked rate; never more than paid minus refunded."""
    networks = wallet_networks(runtime)
    payment = await transact(
        runtime, partial(services.payment_for_merchant, principal=principal, payment_id=payment_id)
    )
    done = await services.refund_through_network(
        runtime,
        networks.get(payment.network, networks["builtin"]),
        principal,
        payment_id=payment_id,
        amount=body.amount.money(),
        request_id=body.request_id,
        reason=body.reason or "",
    )
    return RefundOut.of(done)


@router.get("/payments/payments/{payment_id}/refunds", response_model=list[RefundOut])
async def list_refunds(payment_id: PaymentIdPath, principal: CurrentPrincipal, runtime: RuntimeDep) -> list[RefundOut]:
    found = await transact(runtime, partial(services.refunds_of, principal=principal, payment_id=payment_id))
    return [RefundOut.of(r) for r in found]


# --- balances, bank account, settlements ---------------------------------------------------------------


@router.get("/payments/balances", response_model=BalancesOut)
async def balances(principal: CurrentPrincipal, runtime: RuntimeDep) -> BalancesOut:
    """Your balances in EUR: pending (captured), available (settled), paying out."""
    b = await transact(runtime, partial(services.merchant_balances, principal=principal))
    return BalancesOut(
        pending=MoneyBody.of(b.pending), available=MoneyBody.of(b.available), paying_out=MoneyBody.of(b.paying_out)
    )


def _bank_account(profile: services.PaymentProfile) -> BankAccountOut:
    account = profile.bank_account
    if account is None:
        return BankAccountOut(iban=None, bic=None, holder=None)
    return BankAccountOut(iban=account.masked, bic=account.bic, holder=account.holder)


@router.get("/payments/bank-account", response_model=BankAccountOut)
async def get_bank_account(principal: CurrentPrincipal, runtime: RuntimeDep) -> BankAccountOut:
    return _bank_account(await transact(runtime, partial(services.payment_profile, principal=principal)))


@router.put("/payments/bank-account", response_model=BankAccountOut)
async def set_bank_account(
    body: BankAccountIn, principal: CurrentPrincipal, runtime: RuntimeDep, _: Idempotent
) -> BankAccountOut:
    """The IBAN your payouts go to (checked: format, checksum, SEPA country, BIC, holder's name)."""
    profile = await transact(
        runtime,
        partial(services.set_bank_account, principal=principal, iban=body.iban, holder=body.holder, bic=body.bic),
    )
    return _bank_account(profile)


@router.get("/payments/settlements", response_model=list[SettlementOut])
async def list_settlements(principal: CurrentPrincipal, runtime: RuntimeDep) -> list[SettlementOut]:
    """Settled sales you took part in, with each party's share (the operator's: all)."""
    found = await transact(runtime, partial(services.settlements_of, principal=principal))
    return [
        SettlementOut(
            payment_id=s.payment_id,
            fee_rule_id=s.fee_rule_id,
            net=MoneyBody.of(s.net),
            beneficiary_org_id=s.beneficiary_org_id,
            beneficiary=MoneyBody.of(s.split.beneficiary),
            partner_org_id=s.partner_org_id,
            partner=MoneyBody.of(s.split.partner),
            platform=MoneyBody.of(s.split.platform),
            settled_at=s.settled_at,
        )
        for s in found
    ]


# --- the operator: fees and payouts --------------------------------------------------------------------


@router.get("/payments/fee-rules", response_model=list[FeeRuleOut])
async def list_fee_rules(principal: PlatformOperator, runtime: RuntimeDep) -> list[FeeRuleOut]:
    return [FeeRuleOut.of(r) for r in await transact(runtime, services.fee_rules)]


@router.post("/payments/fee-rules", status_code=status.HTTP_201_CREATED, response_model=FeeRuleOut)
async def add_fee_rule(body: FeeRuleIn, principal: PlatformOperator, runtime: RuntimeDep, _: Idempotent) -> FeeRuleOut:
    """Set a channel's platform fee and partner commission from a day on (today or later)."""
    rule = await transact(
        runtime,
        partial(
            services.add_fee_rule,
            principal=principal,
            channel=Channel(body.channel).value,
            platform_fee_bps=body.platform_fee_bps,
            partner_commission_bps=body.partner_commission_bps,
            effective_from=body.effective_from,
        ),
    )
    return FeeRuleOut.of(rule)


@router.get("/payments/payout-batches", response_model=list[PayoutBatchOut])
async def list_payout_batches(principal: PlatformOperator, runtime: RuntimeDep) -> list[PayoutBatchOut]:
    return [
        PayoutBatchOut.of(b) for b in await transact(runtime, partial(services.payout_batches, principal=principal))
    ]


@router.post("/payments/payout-batches", status_code=status.HTTP_201_CREATED, response_model=PayoutBatchOut)
async def create_payout_batch(
    body: PayoutBatchIn, principal: PlatformOperator, runtime: RuntimeDep, _: Idempotent
) -> PayoutBatchOut:
    """Pay out every merchant's available balance to its IBAN: one pain.001 file for the bank."""
    batch = await transact(
        runtime,
        partial(
            services.create_payout_batch,
            principal=principal,
            settings=runtime.settings,
            execution_date=body.execution_date,
        ),
    )
    return PayoutBatchOut.of(batch)


@router.get("/payments/payout-batches/{batch_id}", response_model=PayoutBatchOut)
async def get_payout_batch(batch_id: BatchIdPath, principal: PlatformOperator, runtime: RuntimeDep) -> PayoutBatchOut:
    return PayoutBatchOut.of(
        await transact(runtime, partial(services.payout_batch, principal=principal, batch_id=batch_id))
    )


@router.get(
    "/payments/payout-batches/{batch_id}/file",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}, "description": "the pain.001 credit-transfer file"}},
)
async def payout_file(batch_id: BatchIdPath, principal: PlatformOperator, runtime: RuntimeDep) -> Response:
    """The batch's SEPA credit-transfer file (pain.001) to hand to the bank."""
    name, body = await transact(runtime, partial(services.payout_file, principal=principal, batch_id=batch_id))
    return Response(
        body, media_type="application/xml", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/payments/payout-batches/{batch_id}/status", response_model=PayoutBatchOut)
async def mark_payout_batch(
    batch_id: BatchIdPath, body: BatchStatusIn, principal: PlatformOperator, runtime: RuntimeDep, _: Idempotent
) -> PayoutBatchOut:
    """``sent`` once given to the bank, then ``confirmed`` (paid) or ``returned`` (the money is available again)."""
    batch = await transact(
        runtime, partial(services.mark_batch, principal=principal, batch_id=batch_id, status=body.status)
    )
    return PayoutBatchOut.of(batch)
