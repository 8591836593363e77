"""Following a brand after paying in one of its shops, with two explicit and separate consents, and
withdrawing either at any time (which ends the follow: later orders are not attributed).

The two purposes are asked apart and neither is ticked in advance: following the brand (seeing it on the
Chinese storefront), and sending the visit to the brand's store in China (PIPL art. 39 asks a separate
consent for personal information leaving for abroad; the visit was made in France).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from comptoir import catalog
from comptoir.kernel.ids import new_id
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.tourism import repository as tables
from comptoir.tourism.domain.attribution import CONSENT_TEXT_VERSION, Purpose
from comptoir.tourism.errors import ConsentRequired, TourismNotFound
from comptoir.tourism.services.shops import AcceptingShop, shop_by_id
from comptoir.tourism.services.visits import Visit, visit_of_payment


@dataclass(frozen=True, slots=True)
class Consent:
    id: str
    purpose: Purpose
    brand_org_id: str
    brand_name: str
    visit_id: str
    text_version: str
    given_at: datetime
    withdrawn_at: datetime | None

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True, slots=True)
class FollowOffer:
    """What the wallet offers after a payment: follow the shop's brand (unless it is followed already)."""

    visit: Visit
    shop: AcceptingShop
    brand_org_id: str
    brand_name: str
    following: bool


@dataclass(frozen=True, slots=True)
class Follow:
    id: str
    brand_org_id: str
    brand_name: str
    shop_id: str
    since: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class FollowedStore:
    slug: str
    name: str
    name_zh: str | None


@dataclass(frozen=True, slots=True)
class FollowedBrand:
    brand_org_id: str
    brand_name: str
    since: datetime
    shop_name: str
    stores: tuple[FollowedStore, ...]


async def _own_visit(uow: UnitOfWork, *, holder_id: str, payment_id: str) -> Visit:
    visit = await visit_of_payment(uow, payment_id)
    if visit is None or visit.holder_id is None or visit.holder_id != holder_id:
        raise TourismNotFound("no visit of this tourist for this payment", code="visit_not_found")
    return visit


async def _active_follow(uow: UnitOfWork, *, holder_id: str, brand_org_id: str, lock: bool = False) -> Any:
    t = tables.follows
    query = select(t).where(t.c.holder_id == holder_id, t.c.brand_org_id == brand_org_id)
    if lock:
        query = query.with_for_update()
    return (await uow.session.execute(query)).first()


async def follow_offer(uow: UnitOfWork, *, holder_id: str, payment_id: str) -> FollowOffer | None:
    """The offer after a payment at a shop that sells a brand, or None (no such visit, or no brand)."""
    visit = await visit_of_payment(uow, payment_id)
    if visit is None or visit.holder_id != holder_id or visit.brand_org_id is None:
        return None
    shop = await shop_by_id(uow, visit.shop_id)
    row = await _active_follow(uow, holder_id=holder_id, brand_org_id=visit.brand_org_id)
    following = row is not None and row._mapping["ended_at"] is None
    return FollowOffer(visit, shop, visit.brand_org_id, shop.brand_name or shop.name, following)


async def _consent(uow: UnitOfWork, *, holder_id: str, purpose: Purpose, visit: Visit) -> str:
    consent_id = new_id("cns")
    await uow.session.execute(
        insert(tables.consents).values(
            id=consent_id,
            holder_id=holder_id,
            purpose=purpose.value,
            brand_org_id=visit.brand_org_id,
            visit_id=visit.id,
            text_version=CONSENT_TEXT_VERSION,
            given_at=uow.clock.now(),
        )
    )
    return consent_id


async def follow_brand(uow: UnitOfWork, *, holder_id: str, payment_id: str, follow: bool, transfer: bool) -> Follow:
    """Follow the brand of the shop where ``payment_id`` was paid, given both consents; following again while
    already following changes nothing."""
    visit = await _own_visit(uow, holder_id=holder_id, payment_id=payment_id)
    if visit.brand_org_id is None:
        raise TourismNotFound("this shop sells no brand to follow", code="visit_not_found")
    missing = [
        p.value
        for p, given in ((Purpose.FOLLOW_BRAND, follow), (Purpose.TRANSFER_TO_CHINA, transfer))
        if given is not True
    ]
    if missing:
        raise ConsentRequired(missing)
    row = await _active_follow(uow, holder_id=holder_id, brand_org_id=visit.brand_org_id, lock=True)
    if row is not None and row._mapping["ended_at"] is None:
        return await _follow(uow, row)
    follow_id = await _consent(uow, holder_id=holder_id, purpose=Purpose.FOLLOW_BRAND, visit=visit)
    transfer_id = await _consent(uow, holder_id=holder_id, purpose=Purpose.TRANSFER_TO_CHINA, visit=visit)
    values = {
        "shop_id": visit.shop_id,
        "visit_id": visit.id,
        "follow_consent_id": follow_id,
        "transfer_consent_id": transfer_id,
        "since": uow.clock.now(),
        "ended_at": None,
    }
    t = tables.follows
    if row is None:
        await uow.session.execute(
            insert(t).values(id=new_id("fol"), holder_id=holder_id, brand_org_id=visit.brand_org_id, **values)
        )
    else:
        await uow.session.execute(update(t).where(t.c.id == row._mapping["id"]).values(**values))
    return await _follow(uow, await _active_follow(uow, holder_id=holder_id, brand_org_id=visit.brand_org_id))


async def _follow(uow: UnitOfWork, row: Any) -> Follow:
    r = row._mapping
    shop = await shop_by_id(uow, r["shop_id"])
    return Follow(r["id"], r["brand_org_id"], shop.brand_name or shop.name, r["shop_id"], r["since"], r["ended_at"])


async def consents_of(uow: UnitOfWork, *, holder_id: str) -> list[Consent]:
    """Every consent the tourist gave, newest first, with whether it still holds."""
    t = tables.consents
    rows = list(
        await uow.session.execute(select(t).where(t.c.holder_id == holder_id).order_by(t.c.given_at.desc(), t.c.id))
    )
    names = await _brand_names(uow, {r._mapping["brand_org_id"] for r in rows})
    return [
        Consent(
            id=r._mapping["id"],
            purpose=Purpose(r._mapping["purpose"]),
            brand_org_id=r._mapping["brand_org_id"],
            brand_name=names.get(r._mapping["brand_org_id"], ""),
            visit_id=r._mapping["visit_id"],
            text_version=r._mapping["text_version"],
            given_at=r._mapping["given_at"],
            withdrawn_at=r._mapping["withdrawn_at"],
        )
        for r in rows
    ]


async def _brand_names(uow: UnitOfWork, brand_org_ids: set[str]) -> dict[str, str]:
    if not brand_org_ids:
        return {}
    rows = await uow.session.execute(
        select(tables.shops.c.brand_org_id, tables.shops.c.brand_name).where(
            tables.shops.c.brand_org_id.in_(sorted(brand_org_ids))
        )
    )
    return {r.brand_org_id: r.brand_name or "" for r in rows}


async def withdraw_consent(uow: UnitOfWork, *, holder_id: str, consent_id: str) -> Consent:
    """Withdraw one consent (again is fine); the follow it belongs to ends, so later orders are not attributed."""
    t = tables.consents
    row = (
        await uow.session.execute(select(t).where(t.c.id == consent_id, t.c.holder_id == holder_id).with_for_update())
    ).first()
    if row is None:
        raise TourismNotFound("no such consent of this tourist", code="consent_not_found")
    now = uow.clock.now()
    if row._mapping["withdrawn_at"] is None:
        await uow.session.execute(update(t).where(t.c.id == consent_id).values(withdrawn_at=now))
        f = tables.follows
        await uow.session.execute(
            update(f)
            .where(
                f.c.holder_id == holder_id,
                f.c.ended_at.is_(None),
                (f.c.follow_consent_id == consent_id) | (f.c.transfer_consent_id == consent_id),
            )
            .values(ended_at=now)
        )
    return next(c for c in await consents_of(uow, holder_id=holder_id) if c.id == consent_id)


async def unfollow_brand(uow: UnitOfWork, *, holder_id: str, brand_org_id: str) -> None:
    """Stop following a brand: both of its consents are withdrawn."""
    row = await _active_follow(uow, holder_id=holder_id, brand_org_id=brand_org_id, lock=True)
    if row is None or row._mapping["ended_at"] is not None:
        return
    for consent_id in (row._mapping["follow_consent_id"], row._mapping["transfer_consent_id"]):
        await withdraw_consent(uow, holder_id=holder_id, consent_id=consent_id)


async def is_following(uow: UnitOfWork, *, holder_id: str, brand_org_id: str) -> bool:
    row = await _active_follow(uow, holder_id=holder_id, brand_org_id=brand_org_id)
    return row is not None and row._mapping["ended_at"] is None


async def followed_brands(uow: UnitOfWork, *, holder_id: str) -> list[FollowedBrand]:
    """The brands the tourist follows, each with its stores on the Chinese storefront."""
    t = tables.follows
    rows = list(
        await uow.session.execute(
            select(t).where(t.c.holder_id == holder_id, t.c.ended_at.is_(None)).order_by(t.c.since.desc(), t.c.id)
        )
    )
    if not rows:
        return []
    stores: dict[str, list[FollowedStore]] = {}
    for store in await catalog.brand_stores(uow):
        stores.setdefault(store.owner_org_id, []).append(FollowedStore(store.slug, store.name, store.name_zh))
    found = []
    for row in rows:
        r = row._mapping
        shop = await shop_by_id(uow, r["shop_id"])
        found.append(
            FollowedBrand(
                brand_org_id=r["brand_org_id"],
                brand_name=shop.brand_name or shop.name,
                since=r["since"],
                shop_name=shop.name_zh or shop.name,
                stores=tuple(stores.get(r["brand_org_id"], [])),
            )
        )
    return found
