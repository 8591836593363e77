"""The buyer's identity and delivery address, given once and kept sealed.

The buyer is a wallet holder (the payer must be the buyer). The real name, the resident ID number and the
address are sealed boxes bound to the holder's row; the ID number is found again only through its keyed
digest and shown as its last four characters. Nothing here ever writes the number in clear, in a log line,
an error or an answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.orders import repository as tables
from comptoir.orders.domain import (
    BuyerIdentity,
    IdentityProblem,
    check_real_name,
    check_resident_id,
    mask_resident_id,
)
from comptoir.orders.domain.zones import delivery_zones
from comptoir.orders.errors import BuyerIdentityInvalid, DeliveryInvalid
from comptoir.orders.services.vault import BuyerVault

MAX_ADDRESS = 200


@dataclass(frozen=True, slots=True)
class Delivery:
    zone: str
    address: str
    phone: str

    def as_json(self) -> dict[str, str]:
        return {"zone": self.zone, "address": self.address, "phone": self.phone}


async def set_buyer_identity(
    uow: UnitOfWork, *, vault: BuyerVault, holder_id: str, real_name: object, id_number: object
) -> BuyerIdentity:
    """Record (or replace) the buyer's real name and resident ID number, checked before anything is stored."""
    try:
        name = check_real_name(real_name)
        number = check_resident_id(id_number)
    except IdentityProblem as problem:
        raise BuyerIdentityInvalid(str(problem), field=problem.field, reason=problem.reason) from None
    now = uow.clock.now()
    values = {
        "name_box": vault.seal(name, holder_id=holder_id, field="name"),
        "id_box": vault.seal(number, holder_id=holder_id, field="id"),
        "person_key": vault.person_key(number),
        "id_last4": number[-4:],
        "updated_at": now,
    }
    t = tables.buyers
    changed = (await uow.session.execute(update(t).where(t.c.holder_id == holder_id).values(**values))).rowcount  # type: ignore[attr-defined]
    if not changed:
        await uow.session.execute(insert(t).values(holder_id=holder_id, created_at=now, **values))
    return BuyerIdentity(holder_id, name, mask_resident_id(number), values["person_key"])  # type: ignore[arg-type]


def _identity(vault: BuyerVault, holder_id: str, row: object) -> BuyerIdentity | None:
    if row is None or row.name_box is None:  # type: ignore[attr-defined]
        return None
    name = vault.open(row.name_box, holder_id=holder_id, field="name")  # type: ignore[attr-defined]
    return BuyerIdentity(holder_id, name, "*" * 14 + row.id_last4, row.person_key)  # type: ignore[attr-defined]


def _delivery(vault: BuyerVault, holder_id: str, row: object) -> Delivery | None:
    if row is None or row.address_box is None:  # type: ignore[attr-defined]
        return None
    data = json.loads(vault.open(row.address_box, holder_id=holder_id, field="address"))  # type: ignore[attr-defined]
    return Delivery(data["zone"], data["address"], data["phone"])


async def _buyer_row(uow: UnitOfWork, holder_id: str) -> object:
    return (await uow.session.execute(select(tables.buyers).where(tables.buyers.c.holder_id == holder_id))).first()


async def buyer_identity(uow: UnitOfWork, *, vault: BuyerVault, holder_id: str) -> BuyerIdentity | None:
    return _identity(vault, holder_id, await _buyer_row(uow, holder_id))


async def buyer_profile(
    uow: UnitOfWork, *, vault: BuyerVault, holder_id: str
) -> tuple[BuyerIdentity | None, Delivery | None]:
    """The buyer's identity and delivery address, read at once."""
    row = await _buyer_row(uow, holder_id)
    return _identity(vault, holder_id, row), _delivery(vault, holder_id, row)


async def set_delivery(
    uow: UnitOfWork, *, vault: BuyerVault, holder_id: str, zone: object, address: object, phone: object
) -> Delivery:
    """Where the buyer's parcels go: a zone from the shipped list, a street address and a phone number."""
    if not isinstance(zone, str) or zone not in delivery_zones():
        raise DeliveryInvalid("choose a delivery zone from the list", field="zone")
    if not isinstance(address, str) or not 4 <= len(address.strip()) <= MAX_ADDRESS:
        raise DeliveryInvalid(f"a street address is 4 to {MAX_ADDRESS} characters", field="address")
    digits = phone.replace(" ", "").replace("-", "") if isinstance(phone, str) else ""
    if not (digits.lstrip("+").isdigit() and 6 <= len(digits.lstrip("+")) <= 15):
        raise DeliveryInvalid("a phone number is 6 to 15 digits", field="phone")
    delivery = Delivery(zone, " ".join(address.strip().split()), digits)
    box = vault.seal(json.dumps(delivery.as_json(), ensure_ascii=False), holder_id=holder_id, field="address")
    t = tables.buyers
    now = uow.clock.now()
    changed = (
        await uow.session.execute(
            update(t).where(t.c.holder_id == holder_id).values(zone=zone, address_box=box, updated_at=now)
        )
    ).rowcount  # type: ignore[attr-defined]
    if not changed:
        await uow.session.execute(
            insert(t).values(holder_id=holder_id, zone=zone, address_box=box, created_at=now, updated_at=now)
        )
    return delivery


async def buyer_delivery(uow: UnitOfWork, *, vault: BuyerVault, holder_id: str) -> Delivery | None:
    return _delivery(vault, holder_id, await _buyer_row(uow, holder_id))
