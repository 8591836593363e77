"""A tourist's own data: what is held about them as JSON, and its erasure.

Erasure runs in one unit of work across the capabilities that hold the person: tourism forgets the tourist's
consents and follows, keeps their visits with no holder (the shop's daily counts and spend stay right) and folds
their attributed orders into anonymous monthly counts; payments erases the wallet holder's name and phone;
orders erases the buyer's identity and addresses (and has customs and logistics erase theirs). Payments and the
ledger keep the holder id on money records, which the law requires to be kept; nothing links that id to a
person any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update

from comptoir import orders, payments
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.tourism import repository as tables
from comptoir.tourism.domain.attribution import BUCKET_COUNT, delay_bucket
from comptoir.tourism.errors import AlreadyErased
from comptoir.tourism.services.follows import consents_of, followed_brands
from comptoir.tourism.services.shops import shop_by_id
from comptoir.tourism.services.visits import visits_of

EXPORT_FORMAT = "comptoir.tourist-data/1"


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure removed (counts only: the receipt names nobody)."""

    visits_anonymised: int
    consents_erased: int
    follows_erased: int
    attributions_folded: int


async def _holder(uow: UnitOfWork, holder_id: str) -> Any:
    try:
        return await payments.wallet_holder(uow, holder_id=holder_id)
    except payments.PaymentsNotFound:
        raise AlreadyErased("no wallet holder with this id: erased, or never was") from None


async def export_tourist_data(uow: UnitOfWork, *, holder_id: str) -> dict[str, Any]:
    """Everything tourism holds about the tourist, with their wallet identity, as a JSON-ready object."""
    holder = await _holder(uow, holder_id)
    shops: dict[str, Any] = {}

    async def shop_name(shop_id: str) -> str:
        if shop_id not in shops:
            shops[shop_id] = await shop_by_id(uow, shop_id)
        return str(shops[shop_id].name)

    visits = [
        {
            "payment_id": v.payment_id,
            "shop": await shop_name(v.shop_id),
            "at": v.visited_at.isoformat(),
            "amount": {"currency": v.amount.currency, "value": str(v.amount.to_decimal())},
            "paid": {"currency": v.paid.currency, "value": str(v.paid.to_decimal())},
        }
        for v in await visits_of(uow, holder_id=holder_id, limit=10_000)
    ]
    consents = [
        {
            "id": c.id,
            "purpose": c.purpose.value,
            "brand": c.brand_name,
            "text_version": c.text_version,
            "given_at": c.given_at.isoformat(),
            "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        }
        for c in await consents_of(uow, holder_id=holder_id)
    ]
    follows = [
        {"brand": f.brand_name, "since": f.since.isoformat(), "from_shop": f.shop_name}
        for f in await followed_brands(uow, holder_id=holder_id)
    ]
    a = tables.attributions
    attributed = [
        {
            "order_id": r.order_id,
            "shop": await shop_name(r.shop_id),
            "visited_at": r.visited_at.isoformat(),
            "ordered_at": r.ordered_at.isoformat(),
            "delay_days": r.delay_days,
        }
        for r in await uow.session.execute(
            select(a).where(a.c.holder_id == holder_id).order_by(a.c.ordered_at, a.c.order_id)
        )
    ]
    return {
        "format": EXPORT_FORMAT,
        "exported_at": uow.clock.now().isoformat(),
        "wallet": {"id": holder.id, "display_name": holder.display_name, "phone": holder.phone},
        "visits": visits,
        "consents": consents,
        "follows": follows,
        "attributed_orders": attributed,
    }


async def _fold_attributions(uow: UnitOfWork, holder_id: str) -> int:
    a = tables.attributions
    rows = list(await uow.session.execute(select(a).where(a.c.holder_id == holder_id).with_for_update()))
    n = tables.anonymous_attributions
    for row in rows:
        r = row._mapping
        key = {
            "shop_id": r["shop_id"],
            "brand_org_id": r["brand_org_id"],
            "month": r["month"],
            "currency": r["currency"],
        }
        found = (
            await uow.session.execute(select(n).where(*(n.c[k] == value for k, value in key.items())).with_for_update())
        ).first()
        buckets = [0] * BUCKET_COUNT
        if found is not None:
            buckets = [int(c) for c in found._mapping["delay_buckets"].split(",")]
        buckets[delay_bucket(int(r["delay_days"]))] += 1
        values = {
            "orders": (found._mapping["orders"] if found else 0) + 1,
            "amount_minor": (found._mapping["amount_minor"] if found else 0) + r["amount_minor"],
            "delay_days_total": (found._mapping["delay_days_total"] if found else 0) + r["delay_days"],
            "delay_buckets": ",".join(str(b) for b in buckets),
        }
        if found is None:
            await uow.session.execute(insert(n).values(**key, **values))
        else:
            await uow.session.execute(update(n).where(*(n.c[k] == value for k, value in key.items())).values(**values))
    await uow.session.execute(delete(a).where(a.c.holder_id == holder_id))
    return len(rows)


async def erase_tourist(uow: UnitOfWork, *, holder_id: str) -> Erasure:
    """Erase the tourist's personal data everywhere it is held; a second request answers ``tourist_erased``."""
    await _holder(uow, holder_id)
    folded = await _fold_attributions(uow, holder_id)
    f = tables.follows
    follows = (await uow.session.execute(delete(f).where(f.c.holder_id == holder_id))).rowcount  # type: ignore[attr-defined]
    c = tables.consents
    consents = (await uow.session.execute(delete(c).where(c.c.holder_id == holder_id))).rowcount  # type: ignore[attr-defined]
    v = tables.visits
    visits = (await uow.session.execute(update(v).where(v.c.holder_id == holder_id).values(holder_id=None))).rowcount  # type: ignore[attr-defined]
    await orders.erase_buyer(uow, holder_id=holder_id)
    if not await payments.erase_wallet_holder(uow, holder_id=holder_id):
        raise AlreadyErased("this wallet holder was erased already")
    return Erasure(int(visits or 0), int(consents or 0), int(follows or 0), folded)
