"""Merchants' payment profiles (their bank account) and their tills (points of sale), and who may use them.

A till belongs to an organisation that sells (a brand, a shop, a small merchant, a retailer). The owner
may name an accredited partner that runs the till for it: that partner then takes its commission at
settlement. A partner runs a brand's till only while the brand grants it the ``payments`` scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update

from comptoir import identity
from comptoir.kernel.ids import new_id
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.payments import repository as tables
from comptoir.payments.domain.codes import new_entry_code
from comptoir.payments.domain.payouts import BankAccount, IbanInvalid, check_iban
from comptoir.payments.errors import BankAccountInvalid, NotTillOperator, PaymentInvalid, PaymentsNotFound
from comptoir.payments.scopes import PAYMENTS
from comptoir.payments.services._ledger import merchant_accounts, open_accounts

SELLERS = frozenset(
    {OrganisationKind.BRAND, OrganisationKind.SHOP, OrganisationKind.SMALL_MERCHANT, OrganisationKind.RETAILER}
)
_NAME = re.compile(r"[^\x00-\x1f\x7f]{1,120}")


@dataclass(frozen=True, slots=True)
class PointOfSale:
    id: str
    owner_org_id: str
    operator_partner_id: str | None
    name: str
    city: str
    entry_code: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PaymentProfile:
    org_id: str
    org_kind: str
    name: str
    bank_account: BankAccount | None


def _pos(row: object) -> PointOfSale:
    r = row._mapping  # type: ignore[attr-defined]
    return PointOfSale(
        id=r["id"],
        owner_org_id=r["owner_org_id"],
        operator_partner_id=r["operator_partner_id"],
        name=r["name"],
        city=r["city"],
        entry_code=r["entry_code"],
        created_at=r["created_at"],
    )


async def ensure_profile(uow: UnitOfWork, *, org_id: str, org_kind: str, name: str) -> None:
    """Create the organisation's payment profile and its two balances the first time it takes money."""
    exists = (
        await uow.session.execute(select(tables.profiles.c.org_id).where(tables.profiles.c.org_id == org_id))
    ).first()
    if exists is None:
        await uow.session.execute(
            insert(tables.profiles).values(org_id=org_id, org_kind=org_kind, name=name, updated_at=uow.clock.now())
        )
        await open_accounts(uow, merchant_accounts(org_id))


async def payment_profile(uow: UnitOfWork, principal: Principal) -> PaymentProfile:
    row = (
        await uow.session.execute(select(tables.profiles).where(tables.profiles.c.org_id == principal.organisation_id))
    ).first()
    if row is None:
        return PaymentProfile(
            principal.organisation_id, principal.organisation_kind.value, principal.organisation_name, None
        )
    r = row._mapping
    account = BankAccount(iban=r["iban"], bic=r["bic"], holder=r["holder"]) if r["iban"] else None
    return PaymentProfile(r["org_id"], r["org_kind"], r["name"], account)


async def set_bank_account(
    uow: UnitOfWork, principal: Principal, *, iban: str, holder: str, bic: str | None = None
) -> PaymentProfile:
    """Record the IBAN payouts go to (checked: format, checksum, SEPA country, BIC, holder's name)."""
    if principal.organisation_kind not in SELLERS and principal.organisation_kind is not OrganisationKind.PARTNER:
        raise PaymentInvalid("only an organisation that is paid out has a bank account", field="organisation")
    try:
        account = check_iban(iban, holder=holder, bic=bic or None)
    except IbanInvalid as exc:
        raise BankAccountInvalid(str(exc), reason=exc.reason) from exc
    await ensure_profile(
        uow,
        org_id=principal.organisation_id,
        org_kind=principal.organisation_kind.value,
        name=principal.organisation_name,
    )
    await uow.session.execute(
        update(tables.profiles)
        .where(tables.profiles.c.org_id == principal.organisation_id)
        .values(iban=account.iban, bic=account.bic, holder=account.holder, updated_at=uow.clock.now())
    )
    return await payment_profile(uow, principal)


async def open_point_of_sale(
    uow: UnitOfWork, principal: Principal, *, name: str, city: str = "Paris", operator_partner_id: str | None = None
) -> PointOfSale:
    """Open a till for the caller's organisation, optionally run by an accredited partner."""
    if principal.organisation_kind not in SELLERS:
        raise NotTillOperator("only a brand, a shop, a small merchant or a retailer opens a till")
    for field, value in (("name", name), ("city", city)):
        if not isinstance(value, str) or _NAME.fullmatch(value.strip()) is None:
            raise PaymentInvalid(f"{field} must be 1-120 characters", field=field)
    if operator_partner_id is not None:
        accredited = {p.organisation_id for p in await identity.accredited_partners(uow)}
        if operator_partner_id not in accredited:
            raise PaymentInvalid("the operator must be an accredited partner", field="operator_partner_id")
    await ensure_profile(
        uow,
        org_id=principal.organisation_id,
        org_kind=principal.organisation_kind.value,
        name=principal.organisation_name,
    )
    pos = PointOfSale(
        id=new_id("pos"),
        owner_org_id=principal.organisation_id,
        operator_partner_id=operator_partner_id,
        name=name.strip(),
        city=city.strip(),
        entry_code=new_entry_code(),
        created_at=uow.clock.now(),
    )
    await uow.session.execute(
        insert(tables.points_of_sale).values(
            id=pos.id,
            owner_org_id=pos.owner_org_id,
            operator_partner_id=pos.operator_partner_id,
            name=pos.name,
            city=pos.city,
            entry_code=pos.entry_code,
            created_at=pos.created_at,
        )
    )
    return pos


async def point_of_sale_by_id(uow: UnitOfWork, pos_id: str) -> PointOfSale | None:
    row = (await uow.session.execute(select(tables.points_of_sale).where(tables.points_of_sale.c.id == pos_id))).first()
    return None if row is None else _pos(row)


async def point_of_sale_by_entry_code(uow: UnitOfWork, code: str) -> PointOfSale:
    compact = code.strip().upper() if isinstance(code, str) else ""
    row = (
        await uow.session.execute(select(tables.points_of_sale).where(tables.points_of_sale.c.entry_code == compact))
    ).first()
    if row is None:
        raise PaymentsNotFound("no shop has this entry code", code="entry_code_not_found")
    return _pos(row)


async def may_run(uow: UnitOfWork, principal: Principal, pos: PointOfSale) -> bool:
    """Whether the caller runs this till: its owner, or the partner it names (holding ``payments`` from a brand)."""
    if principal.organisation_id == pos.owner_org_id:
        return True
    if (
        principal.organisation_kind is not OrganisationKind.PARTNER
        or principal.organisation_id != pos.operator_partner_id
    ):
        return False
    owner_is_brand = (
        await uow.session.execute(
            select(tables.profiles.c.org_kind).where(tables.profiles.c.org_id == pos.owner_org_id)
        )
    ).scalar_one_or_none() == OrganisationKind.BRAND.value
    if owner_is_brand:
        try:
            await identity.authorize_delegate(uow, principal, brand_id=pos.owner_org_id, scope=PAYMENTS.name)
        except identity.DelegationDenied:
            return False
    return True


async def till(uow: UnitOfWork, principal: Principal, *, pos_id: str) -> PointOfSale:
    """The till ``pos_id`` if the caller runs it; another organisation's till is not found (nothing leaks)."""
    pos = await point_of_sale_by_id(uow, pos_id) if isinstance(pos_id, str) else None
    if pos is None or not await may_run(uow, principal, pos):
        raise PaymentsNotFound("no such till", code="point_of_sale_not_found")
    return pos


async def tills_of(uow: UnitOfWork, principal: Principal) -> list[PointOfSale]:
    """The tills the caller owns or runs for others."""
    t = tables.points_of_sale
    rows = await uow.session.execute(
        select(t)
        .where((t.c.owner_org_id == principal.organisation_id) | (t.c.operator_partner_id == principal.organisation_id))
        .order_by(t.c.created_at, t.c.id)
    )
    found = [_pos(r) for r in rows]
    return [p for p in found if await may_run(uow, principal, p)]
