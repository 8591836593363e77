"""A small identity world for tests, built only through identity's public services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from comptoir.identity import services as identity
from comptoir.identity.domain import Delegation, Organisation
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact

PASSWORD = "correct horse battery"


@dataclass
class Member:
    organisation: Organisation
    email: str
    principal: Principal
    token: str

    @property
    def id(self) -> str:
        return self.organisation.id


@dataclass
class World:
    operator: Member
    partner: Member  # Hangzhou partner, delegated by brand (content, or the scopes build_world was given)
    other_partner: Member  # Lyon partner, delegated by other_brand (content)
    pending_partner: Member
    brand: Member  # Paris fashion house
    other_brand: Member  # Bordeaux wine estate
    merchant: Member
    delegation: Delegation
    other_delegation: Delegation
    extra: dict[str, str] = field(default_factory=dict)


async def signed_in(runtime: Runtime, email: str, password: str = PASSWORD) -> tuple[Principal, str]:
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email=email, password=password, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    principal = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token))
    assert principal is not None
    return principal, session.token


async def member(runtime: Runtime, kind: OrganisationKind, name: str, email: str) -> Member:
    org, _ = await transact(
        runtime,
        lambda uow: identity.open_account(
            uow, kind=kind, organisation_name=name, email=email, password=PASSWORD, settings=runtime.settings
        ),
    )
    principal, token = await signed_in(runtime, email)
    return Member(org, email, principal, token)


async def apply(runtime: Runtime, partner: Member, *, commission_bps: int = 800, fee: int = 150_000) -> None:
    await transact(
        runtime,
        lambda uow: identity.apply_as_partner(
            uow,
            partner.principal,
            services=["store_setup", "chinese_content", "customer_service"],
            languages=["zh-Hans", "fr"],
            commission_bps=commission_bps,
            monthly_fee_minor=fee,
            monthly_fee_currency="EUR",
            description_zh=f"{partner.organisation.name}：天猫国际店铺运营、中文内容与客服。",
            description_fr=f"{partner.organisation.name} : boutique Tmall Global, contenus chinois, service client.",
        ),
    )


async def build_world(runtime: Runtime, *, partner_scopes: Sequence[str] = ("content",)) -> World:
    """Operator, three partners (two accredited, one pending), two brands each with a delegation, a merchant.

    The brand delegates ``partner_scopes`` to the partner: identity's own ``content`` unless a test
    registered another scope (the ``orders_scope`` fixture) and asks for it too.
    """
    await transact(
        runtime,
        lambda uow: identity.create_platform_operator(
            uow, email="ops@comptoir.test", password=PASSWORD, settings=runtime.settings
        ),
    )
    op_principal, op_token = await signed_in(runtime, "ops@comptoir.test")
    platform = await transact(
        runtime, lambda uow: identity.organisation(uow, op_principal, organisation_id=op_principal.organisation_id)
    )
    operator = Member(platform, "ops@comptoir.test", op_principal, op_token)

    partner = await member(runtime, OrganisationKind.PARTNER, "Hangzhou Xihu Digital", "tp@xihu.test")
    other_partner = await member(runtime, OrganisationKind.PARTNER, "Lyon Commerce Asie", "tp@lyon.test")
    pending = await member(runtime, OrganisationKind.PARTNER, "Shanghai Bund Services", "tp@bund.test")
    for p in (partner, other_partner, pending):
        await apply(runtime, p)
    await transact(runtime, lambda uow: identity.accredit_partner(uow, op_principal, partner_id=partner.id))
    await transact(runtime, lambda uow: identity.accredit_partner(uow, op_principal, partner_id=other_partner.id))

    brand = await member(runtime, OrganisationKind.BRAND, "Maison Delaunay", "owner@delaunay.test")
    other_brand = await member(runtime, OrganisationKind.BRAND, "Château Lestage", "owner@lestage.test")
    merchant = await member(runtime, OrganisationKind.SMALL_MERCHANT, "Savonnerie du Port", "hello@savon.test")

    delegation = await transact(
        runtime,
        lambda uow: identity.grant_delegation(uow, brand.principal, partner_id=partner.id, scopes=list(partner_scopes)),
    )
    other_delegation = await transact(
        runtime,
        lambda uow: identity.grant_delegation(
            uow, other_brand.principal, partner_id=other_partner.id, scopes=["content"]
        ),
    )
    await transact(
        runtime,
        lambda uow: identity.update_brand_profile(
            uow,
            other_brand.principal,
            brand_id=other_brand.id,
            changes={"name_zh": "莱斯塔日酒庄", "story_fr": "Secret de famille Lestage depuis 1878"},
        ),
    )
    return World(
        operator=operator,
        partner=partner,
        other_partner=other_partner,
        pending_partner=pending,
        brand=brand,
        other_brand=other_brand,
        merchant=merchant,
        delegation=delegation,
        other_delegation=other_delegation,
    )
