"""The built-in wallet network: consumers' CNY wallets, their top-ups, their one-time payment codes, and the
network's side of every payment and refund (what it took from which wallet, by the acquirer's request id).

This is the wallet a Chinese consumer or tourist uses when no outside network is configured: it works
offline, on real ledger accounts. Its records are keyed by the acquirer's request id, so asking twice
never takes twice, and a cancel that arrives before the payment leaves a tombstone that refuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update

from comptoir import ledger
from comptoir.kernel.ids import new_id
from comptoir.kernel.money import Money, MoneyError
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import OpensUnitsOfWork, UnitOfWork, transact
from comptoir.payments import repository as tables
from comptoir.payments.domain.accounts import WALLET_CURRENCY, Accounts
from comptoir.payments.domain.codes import new_payment_code, payment_code_is_well_formed, token_digest
from comptoir.payments.domain.payments import check_amount
from comptoir.payments.errors import (
    InsufficientFunds,
    PaymentInvalid,
    PaymentsNotFound,
    PaymentUndecided,
    WalletExists,
    WalletInvalid,
    WalletSignInFailed,
)
from comptoir.payments.network.bank import MAX_TOPUP_MINOR, BankUnavailable, TopUpBank, TopUpRequest
from comptoir.payments.network.port import REQUEST_ID, NetworkAnswer, NetworkStatus, PayRequest, RefundRequest
from comptoir.payments.services._ledger import open_accounts, platform_accounts, post, wallet_account

NETWORK = "builtin"
#: A payment code is shown for a minute, then replaced; it is still taken for 30 seconds after (the scan).
PAYMENT_CODE_SHOWN_FOR = timedelta(minutes=1)
PAYMENT_CODE_GRACE = timedelta(seconds=30)
_PHONE = re.compile(r"\+?[0-9]{6,15}")
_NAME = re.compile(r"[^\x00-\x1f\x7f]{1,80}")


@dataclass(frozen=True, slots=True)
class WalletHolder:
    id: str
    display_name: str
    phone: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class WalletBalance:
    holder: WalletHolder
    balance: Money
    reserved: Money  # authorised online payments not yet captured


@dataclass(frozen=True, slots=True)
class PaymentCode:
    code: str
    issued_at: datetime
    expires_at: datetime


def _hasher(settings: Settings) -> PasswordHasher:
    if settings.environment == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def _holder(row: object) -> WalletHolder:
    r = row._mapping  # type: ignore[attr-defined]
    return WalletHolder(id=r["id"], display_name=r["display_name"], phone=r["phone"], created_at=r["created_at"])


def _phone(value: object) -> str:
    compact = value.replace(" ", "").replace("-", "") if isinstance(value, str) else ""
    if _PHONE.fullmatch(compact) is None:
        raise WalletInvalid("a phone number is 6 to 15 digits, with an optional leading +", field="phone")
    return compact


async def open_wallet(
    uow: UnitOfWork, *, settings: Settings, display_name: str, phone: str, password: str
) -> WalletHolder:
    """Open a built-in wallet (CNY, starting at zero) for a consumer identified by their phone number."""
    if not isinstance(display_name, str) or _NAME.fullmatch(display_name.strip()) is None:
        raise WalletInvalid("a name is 1-80 characters", field="display_name")
    if not isinstance(password, str) or not 8 <= len(password) <= 1024:
        raise WalletInvalid("a password is at least 8 characters", field="password")
    number = _phone(phone)
    taken = (
        await uow.session.execute(select(tables.wallet_holders.c.id).where(tables.wallet_holders.c.phone == number))
    ).first()
    if taken is not None:
        raise WalletExists(f"a wallet with {number} exists")
    holder = WalletHolder(new_id("wal"), display_name.strip(), number, uow.clock.now())
    await uow.session.execute(
        insert(tables.wallet_holders).values(
            id=holder.id,
            display_name=holder.display_name,
            phone=holder.phone,
            password_hash=_hasher(settings).hash(password),
            created_at=holder.created_at,
        )
    )
    await open_accounts(uow, [wallet_account(holder.id), *platform_accounts(NETWORK)])
    return holder


async def wallet_sign_in(uow: UnitOfWork, *, settings: Settings, phone: str, password: str) -> WalletHolder:
    row = None
    try:
        number = _phone(phone)
        row = (
            await uow.session.execute(
                select(tables.wallet_holders).where(
                    tables.wallet_holders.c.phone == number, tables.wallet_holders.c.erased_at.is_(None)
                )
            )
        ).first()
    except WalletInvalid:
        pass
    hasher = _hasher(settings)
    stored = row._mapping["password_hash"] if row is not None else hasher.hash("no such wallet, same work")
    try:
        hasher.verify(stored, password if isinstance(password, str) else "")
    except (VerificationError, InvalidHashError):
        raise WalletSignInFailed("wrong phone number or password") from None
    if row is None:
        raise WalletSignInFailed("wrong phone number or password")
    return _holder(row)


async def wallet_holder(uow: UnitOfWork, *, holder_id: str) -> WalletHolder:
    """The wallet's holder; ``wallet_not_found`` when there is none, or its holder's data was erased."""
    t = tables.wallet_holders
    row = (await uow.session.execute(select(t).where(t.c.id == holder_id, t.c.erased_at.is_(None)))).first()
    if row is None:
        raise PaymentsNotFound("no such wallet", code="wallet_not_found")
    return _holder(row)


async def wallet_balance(uow: UnitOfWork, *, holder_id: str) -> WalletBalance:
    holder = await wallet_holder(uow, holder_id=holder_id)
    account = await ledger.get_account(uow, Accounts.wallet(holder_id))
    posted = account.credits_posted - account.debits_posted
    return WalletBalance(
        holder,
        balance=Money(posted - account.debits_pending, WALLET_CURRENCY),
        reserved=Money(account.debits_pending, WALLET_CURRENCY),
    )


async def top_up(uow: UnitOfWork, *, holder_id: str, amount: Money, request_id: str, bank_reference: str) -> Money:
    """Credit ``amount`` (CNY) that the consumer's bank sent (the top-up port confirmed it); once per request id."""
    try:
        check_amount(amount, currency=WALLET_CURRENCY)
    except MoneyError as exc:
        raise PaymentInvalid(str(exc)) from exc
    if amount.minor > MAX_TOPUP_MINOR:
        raise PaymentInvalid(f"a top-up is at most {MAX_TOPUP_MINOR // 100:,} CNY")
    if not isinstance(request_id, str) or REQUEST_ID.fullmatch(request_id) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    await wallet_holder(uow, holder_id=holder_id)
    key = f"{holder_id}:{request_id}"
    done = (await uow.session.execute(select(tables.topups).where(tables.topups.c.id == key))).first()
    if done is None:
        await uow.session.execute(
            insert(tables.topups).values(
                id=key,
                holder_id=holder_id,
                amount_minor=amount.minor,
                currency=amount.currency,
                bank_reference=bank_reference[:80],
                created_at=uow.clock.now(),
            )
        )
        await post(
            uow,
            [
                ledger.Transfer(
                    id=f"topup:{key}",
                    debit_account=Accounts.TOPUP,
                    credit_account=Accounts.wallet(holder_id),
                    amount=amount.minor,
                    currency=WALLET_CURRENCY,
                    code="topup",
                    reference=bank_reference[:255] or None,
                )
            ],
        )
    return (await wallet_balance(uow, holder_id=holder_id)).balance


async def issue_payment_code(uow: UnitOfWork, *, holder_id: str) -> PaymentCode:
    """A fresh one-time payment code for the wallet's screen (shown a minute, usable once)."""
    await wallet_holder(uow, holder_id=holder_id)
    now = uow.clock.now()
    code = PaymentCode(new_payment_code(), now, now + PAYMENT_CODE_SHOWN_FOR + PAYMENT_CODE_GRACE)
    await uow.session.execute(
        insert(tables.payment_codes).values(
            digest=token_digest(code.code), holder_id=holder_id, issued_at=now, expires_at=code.expires_at
        )
    )
    return code


async def top_up_from_bank(
    source: OpensUnitsOfWork, bank: TopUpBank, *, holder_id: str, amount: Money, request_id: str
) -> Money:
    """A consumer tops up from their bank: the bank is asked (idempotent by ``request_id``), then the wallet is
    credited once with what it accepted. A refusal or no answer credits nothing."""
    try:
        check_amount(amount, currency=WALLET_CURRENCY)
    except MoneyError as exc:
        raise PaymentInvalid(str(exc)) from exc
    if not isinstance(request_id, str) or REQUEST_ID.fullmatch(request_id) is None:
        raise PaymentInvalid("a request id is 1-64 letters, digits, '-', '_' or '.'", field="request_id")
    await transact(source, partial(wallet_holder, holder_id=holder_id))
    try:
        receipt = await bank.charge(TopUpRequest(request_id=request_id, holder_id=holder_id, amount=amount))
    except BankUnavailable:
        raise PaymentUndecided("the bank did not answer; nothing was credited: try again") from None
    if not receipt.accepted:
        raise PaymentInvalid(f"the bank refused the top-up: {receipt.reference}")
    return await transact(
        source,
        partial(
            top_up, holder_id=holder_id, amount=receipt.amount, request_id=request_id, bank_reference=receipt.reference
        ),
    )


# --- the network's side of payments and refunds ------------------------------------------------------


def _answer(row: object) -> NetworkAnswer:
    r = row._mapping  # type: ignore[attr-defined]
    return NetworkAnswer(
        request_id=r["request_id"],
        status=NetworkStatus(r["status"]),
        network_id=f"bw-{r['request_id']}",
        amount=Money(r["amount_minor"], r["currency"]),
        reason=r["reason"],
        payer=r["holder_id"],
    )


async def _network_payment(uow: UnitOfWork, request_id: str) -> NetworkAnswer | None:
    t = tables.network_payments
    row = (await uow.session.execute(select(t).where(t.c.request_id == request_id))).first()
    return None if row is None else _answer(row)


async def _record(
    uow: UnitOfWork, *, request_id: str, holder_id: str | None, amount: Money, status: NetworkStatus, reason: str | None
) -> NetworkAnswer:
    await uow.session.execute(
        insert(tables.network_payments).values(
            request_id=request_id,
            holder_id=holder_id,
            amount_minor=amount.minor,
            currency=amount.currency,
            status=status.value,
            reason=reason,
            refunded_minor=0,
            created_at=uow.clock.now(),
        )
    )
    return NetworkAnswer(request_id, status, f"bw-{request_id}", amount, reason, holder_id)


async def record_taken(uow: UnitOfWork, *, request_id: str, holder_id: str, amount: Money) -> NetworkAnswer:
    """The network's record of money it took outside :func:`take_from_wallet` (an authorisation captured)."""
    return await _record(
        uow, request_id=request_id, holder_id=holder_id, amount=amount, status=NetworkStatus.SUCCEEDED, reason=None
    )


def debit_wallet(holder_id: str, *, request_id: str, amount: Money) -> ledger.Transfer:
    """The network takes ``amount`` from the wallet into its settlement account (the acquirer's receivable)."""
    return ledger.Transfer(
        id=f"bw:{request_id}:take",
        debit_account=Accounts.wallet(holder_id),
        credit_account=Accounts.network(NETWORK),
        amount=amount.minor,
        currency=amount.currency,
        code="wallet_payment",
        reference=request_id,
    )


async def take_from_wallet(uow: UnitOfWork, *, holder_id: str, request_id: str, amount: Money) -> NetworkAnswer:
    """The wallet's owner confirmed (an order QR, an entry code): take ``amount`` now, once per request id.

    Raises :class:`InsufficientFunds` (``wallet_balance_too_low``) when the wallet cannot pay: then nothing
    is recorded, and the consumer may top up and confirm again.
    """
    known = await _network_payment(uow, request_id)
    if known is not None:
        return known
    await open_accounts(uow, platform_accounts(NETWORK))
    await post(uow, [debit_wallet(holder_id, request_id=request_id, amount=amount)])
    return await _record(
        uow, request_id=request_id, holder_id=holder_id, amount=amount, status=NetworkStatus.SUCCEEDED, reason=None
    )


async def network_pay(uow: UnitOfWork, *, request: PayRequest) -> NetworkAnswer:
    """A till presented a consumer's one-time payment code: take the amount from that wallet, once.

    Failed answers (recorded, so asking again answers the same): ``unknown_payment_code``,
    ``payment_code_used``, ``payment_code_expired``, ``insufficient_funds``, ``request_inconsistent`` (the
    same request id with another amount), ``cancelled`` (cancelled before it arrived).
    """
    known = await _network_payment(uow, request.request_id)
    if known is not None:
        if known.amount != request.amount and known.status is not NetworkStatus.CANCELLED:
            return NetworkAnswer(request.request_id, NetworkStatus.FAILED, reason="request_inconsistent")
        return known
    code = request.payment_code.replace(" ", "")
    codes = tables.payment_codes
    row = None
    if payment_code_is_well_formed(code):
        row = (await uow.session.execute(select(codes).where(codes.c.digest == token_digest(code)))).first()
    if row is None:
        return await _record(
            uow,
            request_id=request.request_id,
            holder_id=None,
            amount=request.amount,
            status=NetworkStatus.FAILED,
            reason="unknown_payment_code",
        )
    holder_id = row._mapping["holder_id"]
    now = uow.clock.now()
    taken = await uow.session.execute(
        update(codes)
        .where(codes.c.digest == token_digest(code), codes.c.used_at.is_(None), codes.c.expires_at > now)
        .values(used_at=now, used_by=request.request_id)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        reason = (
            "payment_code_expired"
            if row._mapping["used_at"] is None and row._mapping["expires_at"] <= now
            else "payment_code_used"
        )
        return await _record(
            uow,
            request_id=request.request_id,
            holder_id=holder_id,
            amount=request.amount,
            status=NetworkStatus.FAILED,
            reason=reason,
        )
    await open_accounts(uow, platform_accounts(NETWORK))
    try:
        await post(uow, [debit_wallet(holder_id, request_id=request.request_id, amount=request.amount)])
    except InsufficientFunds:  # the ledger refused and changed nothing; the code stays used, as on any network
        return await _record(
            uow,
            request_id=request.request_id,
            holder_id=holder_id,
            amount=request.amount,
            status=NetworkStatus.FAILED,
            reason="insufficient_funds",
        )
    return await _record(
        uow,
        request_id=request.request_id,
        holder_id=holder_id,
        amount=request.amount,
        status=NetworkStatus.SUCCEEDED,
        reason=None,
    )


async def network_inquire(uow: UnitOfWork, *, request_id: str) -> NetworkAnswer:
    known = await _network_payment(uow, request_id)
    return known or NetworkAnswer(request_id, NetworkStatus.FAILED, reason="not_found")


async def network_cancel(uow: UnitOfWork, *, request_id: str) -> NetworkAnswer:
    """Call off ``request_id``: a paid one is given back to the wallet; an unknown one is refused if it comes later."""
    t = tables.network_payments
    row = (await uow.session.execute(select(t).where(t.c.request_id == request_id).with_for_update())).first()
    if row is None:
        return await _record(
            uow,
            request_id=request_id,
            holder_id=None,
            amount=Money(1, WALLET_CURRENCY),
            status=NetworkStatus.CANCELLED,
            reason="cancelled",
        )
    answer = _answer(row)
    if answer.status is NetworkStatus.SUCCEEDED and answer.amount is not None and answer.payer is not None:
        back = answer.amount.minor - row._mapping["refunded_minor"]
        if back > 0:
            await post(
                uow,
                [
                    _give_back(
                        answer.payer,
                        transfer_id=f"bw:{request_id}:cancel",
                        amount=Money(back, answer.amount.currency),
                        reference=request_id,
                    )
                ],
            )
        await uow.session.execute(
            update(t).where(t.c.request_id == request_id).values(status="cancelled", reason="cancelled")
        )
        return NetworkAnswer(
            request_id, NetworkStatus.CANCELLED, answer.network_id, answer.amount, "cancelled", answer.payer
        )
    return (
        answer
        if answer.status is not NetworkStatus.FAILED
        else NetworkAnswer(
            request_id, NetworkStatus.CANCELLED, answer.network_id, answer.amount, answer.reason, answer.payer
        )
    )


def _give_back(holder_id: str, *, transfer_id: str, amount: Money, reference: str) -> ledger.Transfer:
    return ledger.Transfer(
        id=transfer_id,
        debit_account=Accounts.network(NETWORK),
        credit_account=Accounts.wallet(holder_id),
        amount=amount.minor,
        currency=amount.currency,
        code="wallet_refund",
        reference=reference,
    )


async def network_refund(uow: UnitOfWork, *, request: RefundRequest) -> NetworkAnswer:
    """Give ``amount`` of a paid request back to its wallet, once per refund request id."""
    r = tables.network_refunds
    done = (await uow.session.execute(select(r).where(r.c.request_id == request.refund_request_id))).first()
    if done is not None:
        m = done._mapping
        return NetworkAnswer(
            m["request_id"],
            NetworkStatus(m["status"]),
            f"bwr-{m['request_id']}",
            Money(m["amount_minor"], WALLET_CURRENCY),
        )
    t = tables.network_payments
    row = (
        await uow.session.execute(select(t).where(t.c.request_id == request.payment_request_id).with_for_update())
    ).first()
    if row is None or row._mapping["status"] != NetworkStatus.SUCCEEDED.value:
        return NetworkAnswer(request.refund_request_id, NetworkStatus.FAILED, reason="payment_not_refundable")
    paid = row._mapping["amount_minor"]
    refunded = row._mapping["refunded_minor"]
    if request.amount.currency != row._mapping["currency"] or refunded + request.amount.minor > paid:
        return NetworkAnswer(request.refund_request_id, NetworkStatus.FAILED, reason="refund_amount_exceeds")
    await post(
        uow,
        [
            _give_back(
                row._mapping["holder_id"],
                transfer_id=f"bw:{request.refund_request_id}:refund",
                amount=request.amount,
                reference=request.payment_request_id,
            )
        ],
    )
    await uow.session.execute(
        update(t)
        .where(t.c.request_id == request.payment_request_id)
        .values(refunded_minor=refunded + request.amount.minor)
    )
    await uow.session.execute(
        insert(r).values(
            request_id=request.refund_request_id,
            payment_request_id=request.payment_request_id,
            amount_minor=request.amount.minor,
            status=NetworkStatus.SUCCEEDED.value,
            created_at=uow.clock.now(),
        )
    )
    return NetworkAnswer(
        request.refund_request_id, NetworkStatus.SUCCEEDED, f"bwr-{request.refund_request_id}", request.amount
    )
