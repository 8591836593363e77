"""Brand stores and pavilions: opening them, joining a pavilion, and a lite listing growing into a store."""

from __future__ import annotations

import re
import unicodedata

from comptoir import identity
from comptoir.catalog import repository
from comptoir.catalog.domain import STORE_LANES, PavilionMember, Store, StoreKind, StoreSummary
from comptoir.catalog.errors import (
    AlreadyMember,
    CatalogNotFound,
    FieldProblem,
    NotPavilionMember,
    NotStoreOperator,
    StoreExists,
    StoreInvalid,
)
from comptoir.catalog.services._access import CONTENT_SCOPE, history_row, operates, store_or_404
from comptoir.catalog.services._text import check_field
from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.ids import new_id
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.unit_of_work import UnitOfWork

_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def _slug_base(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _SLUG_CHARS.sub("-", folded).strip("-")[:60] or "store"


async def _free_slug(uow: UnitOfWork, name: str) -> str:
    base = _slug_base(name)
    slug, n = base, 1
    while await repository.slug_taken(uow.session, slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _text(field: str, value: str | None, *, limit: int, multiline: bool = False, required: bool = True) -> str | None:
    problems: list[FieldProblem] = []
    text = check_field(problems, field, value, limit=limit, multiline=multiline, required=required)
    if problems:
        raise StoreInvalid(f"{field} {problems[0].message}", field=field)
    return text


async def _new_store(
    uow: UnitOfWork,
    *,
    kind: StoreKind,
    owner_org_id: str,
    name: str,
    name_zh: str | None,
    description_fr: str,
    description_zh: str | None,
) -> Store:
    store = Store(
        id=new_id("sto"),
        kind=kind,
        owner_org_id=owner_org_id,
        slug=await _free_slug(uow, name),
        name=_text("name", name, limit=120) or "",
        name_zh=_text("name_zh", name_zh, limit=120, required=False),
        description_fr=_text("description_fr", description_fr, limit=4000, multiline=True) or "",
        description_zh=_text("description_zh", description_zh, limit=4000, multiline=True, required=False),
        lane=STORE_LANES[kind],
        created_at=uow.clock.now(),
    )
    await repository.insert_store(uow.session, store)
    return store


async def open_brand_store(
    uow: UnitOfWork,
    principal: Principal,
    *,
    brand_id: str,
    name: str,
    name_zh: str | None = None,
    description_fr: str,
    description_zh: str | None = None,
) -> Store:
    """Open the store of ``brand_id`` (the brand itself, or a partner holding ``content`` from it).

    A brand has one store: a second one is :class:`StoreExists`.
    """
    if principal.organisation_id != brand_id:
        if principal.organisation_kind != OrganisationKind.PARTNER:
            raise NotStoreOperator("only the brand, or a partner it delegated content to, opens its store")
        try:
            await identity.authorize_delegate(uow, principal, brand_id=brand_id, scope=CONTENT_SCOPE)
        except identity.DelegationDenied as refused:
            raise NotStoreOperator(f"you may not open this brand's store: {refused.detail}") from refused
    elif principal.organisation_kind not in (OrganisationKind.BRAND, OrganisationKind.SMALL_MERCHANT):
        raise NotStoreOperator("only a brand opens a brand store")
    if await repository.stores_owned_by(uow.session, [brand_id], StoreKind.BRAND_STORE):
        raise StoreExists("this brand already has a store")
    return await _new_store(
        uow,
        kind=StoreKind.BRAND_STORE,
        owner_org_id=brand_id,
        name=name,
        name_zh=name_zh,
        description_fr=description_fr,
        description_zh=description_zh,
    )


async def open_seller_store(
    uow: UnitOfWork,
    principal: Principal,
    *,
    name: str,
    name_zh: str | None = None,
    description_fr: str,
    description_zh: str | None = None,
) -> Store:
    """Open the caller's seller store on the French storefront: a Chinese merchant selling to consumers in
    France (lane CN-FR), who is the merchant of record and writes its own French page.

    Only a seller opens one, and only one (a second is :class:`StoreExists`).
    """
    if principal.organisation_kind != OrganisationKind.SELLER:
        raise NotStoreOperator("only a seller (a Chinese merchant selling to France) opens a seller store")
    if await repository.stores_owned_by(uow.session, [principal.organisation_id], StoreKind.SELLER_STORE):
        raise StoreExists("your organisation already has a seller store")
    return await _new_store(
        uow,
        kind=StoreKind.SELLER_STORE,
        owner_org_id=principal.organisation_id,
        name=name,
        name_zh=name_zh,
        description_fr=description_fr,
        description_zh=description_zh,
    )


async def open_pavilion(
    uow: UnitOfWork,
    principal: Principal,
    *,
    name: str,
    name_zh: str | None = None,
    description_fr: str,
    description_zh: str | None = None,
) -> Store:
    """Open a pavilion run by ``principal``, which must be an accredited partner."""
    if principal.organisation_kind != OrganisationKind.PARTNER:
        raise PermissionDenied("only an accredited partner runs a pavilion")
    accredited = {p.organisation_id for p in await identity.accredited_partners(uow)}
    if principal.organisation_id not in accredited:
        raise PermissionDenied("your partner accreditation is not in force; the platform operator accredits partners")
    return await _new_store(
        uow,
        kind=StoreKind.PAVILION,
        owner_org_id=principal.organisation_id,
        name=name,
        name_zh=name_zh,
        description_fr=description_fr,
        description_zh=description_zh,
    )


async def update_store_page(
    uow: UnitOfWork,
    principal: Principal,
    *,
    store_id: str,
    name: str | None = None,
    name_zh: str | None = None,
    description_fr: str | None = None,
    description_zh: str | None = None,
) -> Store:
    """Change a store's page (its names and descriptions); whoever runs the store may."""
    store = await store_or_404(uow, store_id)
    await operates(uow, principal, store)
    values: dict[str, str | None] = {}
    if name is not None:
        values["name"] = _text("name", name, limit=120)
    if name_zh is not None:
        values["name_zh"] = _text("name_zh", name_zh, limit=120, required=False)
    if description_fr is not None:
        values["description_fr"] = _text("description_fr", description_fr, limit=4000, multiline=True)
    if description_zh is not None:
        values["description_zh"] = _text("description_zh", description_zh, limit=4000, multiline=True, required=False)
    if values:
        await repository.update_store(uow.session, store_id, **values)
    return await store_or_404(uow, store_id)


async def pavilions(uow: UnitOfWork) -> list[Store]:
    """Every pavilion a small merchant may join, oldest first."""
    return await repository.all_stores(uow.session, StoreKind.PAVILION)


async def brand_stores(uow: UnitOfWork) -> list[Store]:
    return await repository.all_stores(uow.session, StoreKind.BRAND_STORE)


async def seller_stores(uow: UnitOfWork) -> list[Store]:
    """The Chinese sellers' stores of the French storefront (lane CN-FR), oldest first: its home lists them."""
    return await repository.all_stores(uow.session, StoreKind.SELLER_STORE)


async def store(uow: UnitOfWork, *, store_id: str | None = None, slug: str | None = None) -> Store:
    found = None
    if store_id is not None:
        found = await repository.store_by_id(uow.session, store_id)
    elif slug is not None:
        found = await repository.store_by_slug(uow.session, slug)
    if found is None:
        raise CatalogNotFound("no such store", code="store_not_found")
    return found


async def join_pavilion(
    uow: UnitOfWork,
    principal: Principal,
    *,
    pavilion_id: str,
    display_name: str,
    name_zh: str | None = None,
    region: str | None = None,
    profile_fr: str,
) -> PavilionMember:
    """A small merchant joins a pavilion: its products will be listed there, under its small profile."""
    if principal.organisation_kind != OrganisationKind.SMALL_MERCHANT:
        raise PermissionDenied("only a small merchant joins a pavilion; a brand opens a store")
    pavilion = await repository.store_by_id(uow.session, pavilion_id)
    if pavilion is None or pavilion.kind is not StoreKind.PAVILION:
        raise CatalogNotFound("no such pavilion", code="pavilion_not_found")
    if await repository.member(uow.session, principal.organisation_id) is not None:
        raise AlreadyMember("your organisation already sells through a pavilion")
    joined = PavilionMember(
        merchant_org_id=principal.organisation_id,
        pavilion_id=pavilion.id,
        display_name=_text("display_name", display_name, limit=120) or "",
        name_zh=_text("name_zh", name_zh, limit=120, required=False),
        region=_text("region", region, limit=80, required=False),
        profile_fr=_text("profile_fr", profile_fr, limit=2000, multiline=True) or "",
        profile_zh=None,
        joined_at=uow.clock.now(),
    )
    await repository.insert_member(uow.session, joined)
    return joined


async def update_member_profile(
    uow: UnitOfWork, principal: Principal, *, merchant_org_id: str, name_zh: str | None, profile_zh: str | None
) -> PavilionMember:
    """The pavilion's partner writes a member's Chinese profile."""
    found = await repository.member(uow.session, merchant_org_id)
    if found is None:
        raise CatalogNotFound("no such pavilion member", code="pavilion_not_found")
    await operates(uow, principal, await store_or_404(uow, found.pavilion_id))
    await repository.update_member(
        uow.session,
        merchant_org_id,
        name_zh=_text("name_zh", name_zh, limit=120, required=False),
        profile_zh=_text("profile_zh", profile_zh, limit=2000, multiline=True, required=False),
    )
    updated = await repository.member(uow.session, merchant_org_id)
    assert updated is not None
    return updated


async def membership(uow: UnitOfWork, principal: Principal) -> PavilionMember | None:
    """The caller's pavilion membership, if it has one."""
    return await repository.member(uow.session, principal.organisation_id)


async def pavilion_members(uow: UnitOfWork, *, pavilion_id: str) -> list[PavilionMember]:
    return await repository.members_of(uow.session, pavilion_id)


async def convert_to_store(uow: UnitOfWork, principal: Principal, *, name: str | None = None) -> Store:
    """A small merchant's lite listing becomes its own store: same products, history and content.

    The products move from the pavilion to the new store (their ids, SKUs, photos, French and
    approved Chinese content stay as they are), each records the move in its history, and the
    membership is kept as a record of where they came from. The new store is run by the merchant, or
    by a partner it grants the ``content`` scope to.
    """
    found = await repository.member(uow.session, principal.organisation_id, for_update=True)
    if found is None or found.converted_store_id is not None:
        raise NotPavilionMember("only a small merchant selling through a pavilion converts its lite listing")
    if await repository.stores_owned_by(uow.session, [principal.organisation_id], StoreKind.BRAND_STORE):
        raise StoreExists("your organisation already has a store")
    new_store = await _new_store(
        uow,
        kind=StoreKind.BRAND_STORE,
        owner_org_id=principal.organisation_id,
        name=name or found.display_name,
        name_zh=found.name_zh,
        description_fr=found.profile_fr,
        description_zh=found.profile_zh,
    )
    moved = await repository.move_products(
        uow.session, seller_org_id=principal.organisation_id, from_store=found.pavilion_id, to_store=new_store.id
    )
    await repository.update_member(uow.session, principal.organisation_id, converted_store_id=new_store.id)
    await repository.insert_history(
        uow.session,
        [
            history_row(uow, principal, pid, "moved_to_store", from_store=found.pavilion_id, to_store=new_store.id)
            for pid in moved
        ],
    )
    return new_store


async def stores_operated_by(uow: UnitOfWork, principal: Principal) -> list[StoreSummary]:
    """Every store and pavilion ``principal`` runs: its own, and the brand stores it holds ``content`` for."""
    owners = [principal.organisation_id]
    if principal.organisation_kind == OrganisationKind.PARTNER:
        delegations = await identity.delegations_of(uow, principal, include_revoked=False)
        owners += [
            d.brand_id
            for d in delegations
            if d.effective_status is identity.DelegationStatus.ACTIVE and CONTENT_SCOPE in d.scopes
        ]
    if principal.is_platform_operator:
        found = await repository.all_stores(uow.session)
    else:
        found = await repository.stores_owned_by(uow.session, owners)
    return [StoreSummary(s.id, s.kind, s.name, s.name_zh, s.owner_org_id) for s in found]


async def authorize_store_operator(uow: UnitOfWork, principal: Principal, *, store_id: str) -> None:
    """Refuse (``store_not_operated``) unless ``principal`` runs the store, checked in this transaction."""
    await operates(uow, principal, await store_or_404(uow, store_id))
