"""Demo section: the platform operator, accredited partners, two brands, a small merchant, one delegation.

Everything goes through identity's public services, exactly as the pages and the API do.
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir import identity
from comptoir.identity import Organisation
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin

PASSWORD = DEMO_PASSWORD


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    email: str
    services: list[str]
    languages: list[str]
    commission_bps: int
    fee: int  # EUR cents a month
    zh: str
    fr: str
    accredit: bool


@dataclass(frozen=True)
class BrandSpec:
    name: str
    email: str
    kind: OrganisationKind
    story_fr: str
    website: str


PARTNERS = [
    PartnerSpec(
        name="Hangzhou Xihu Digital",
        email="tp@xihu.demo",
        services=["store_setup", "chinese_content", "marketing", "customer_service", "fulfilment"],
        languages=["zh-Hans", "fr", "en"],
        commission_bps=800,
        fee=150_000,
        zh="总部位于杭州的天猫国际六星服务商：开店、中文详情页、直播营销、客服与保税仓发货，一站式服务法国品牌。",
        fr="Partenaire Tmall Global basé à Hangzhou : ouverture de boutique, fiches en chinois, live shopping, "
        "service client et expédition depuis l'entrepôt sous douane.",
        accredit=True,
    ),
    PartnerSpec(
        name="Rive Gauche Commerce Shanghai",
        email="tp@rivegauche.demo",
        services=["chinese_content", "marketing"],
        languages=["zh-Hans", "fr"],
        commission_bps=1200,
        fee=80_000,
        zh="上海团队，专注法国葡萄酒与美妆的中文内容和小红书营销。",
        fr="Équipe shanghaïenne spécialisée dans les contenus chinois et le marketing Xiaohongshu "
        "pour le vin et la beauté françaises.",
        accredit=True,
    ),
    PartnerSpec(
        name="Shenzhen Pont-Neuf Services",
        email="tp@pontneuf.demo",
        services=["customer_service", "fulfilment"],
        languages=["zh-Hans", "en"],
        commission_bps=600,
        fee=50_000,
        zh="深圳客服与仓储团队，申请认证中。",
        fr="Service client et entrepôt à Shenzhen ; candidature en cours d'examen.",
        accredit=False,
    ),
]

BRANDS = [
    BrandSpec(
        name="Maison Delaunay",
        email="brand@delaunay.demo",
        kind=OrganisationKind.BRAND,
        story_fr="Maison de couture parisienne fondée en 1921 rue du Faubourg-Saint-Honoré.",
        website="https://delaunay.example",
    ),
    BrandSpec(
        name="Château Lestage",
        email="brand@lestage.demo",
        kind=OrganisationKind.BRAND,
        story_fr="Domaine familial de 42 hectares en Médoc, vins rouges AOC Listrac-Médoc.",
        website="https://lestage.example",
    ),
    BrandSpec(
        name="Savonnerie du Vieux-Port",
        email="bonjour@savonnerie.demo",
        kind=OrganisationKind.SMALL_MERCHANT,
        story_fr="Savons de Marseille cuits au chaudron, six références.",
        website="",
    ),
]


async def _principal(runtime: Runtime, email: str) -> tuple[Principal, str]:
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email=email, password=PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    principal = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token))
    assert principal is not None
    return principal, session.token


async def _open_account(runtime: Runtime, kind: OrganisationKind, name: str, email: str) -> Organisation:
    org, _ = await transact(
        runtime,
        lambda uow: identity.open_account(
            uow, kind=kind, organisation_name=name, email=email, password=PASSWORD, settings=runtime.settings
        ),
    )
    return org


async def _partner(runtime: Runtime, operator: Principal, spec: PartnerSpec) -> tuple[Organisation, Principal, str]:
    """A partner that applied with its terms, accredited by the operator when ``spec`` says so."""
    org = await _open_account(runtime, OrganisationKind.PARTNER, spec.name, spec.email)
    principal, token = await _principal(runtime, spec.email)
    await transact(
        runtime,
        lambda uow: identity.apply_as_partner(
            uow,
            principal,
            services=list(spec.services),
            languages=list(spec.languages),
            commission_bps=int(spec.commission_bps),
            monthly_fee_minor=int(spec.fee),
            monthly_fee_currency="EUR",
            description_zh=str(spec.zh),
            description_fr=str(spec.fr),
        ),
    )
    if spec.accredit:
        await transact(runtime, lambda uow: identity.accredit_partner(uow, operator, partner_id=org.id))
    return org, principal, token


async def _brand(runtime: Runtime, spec: BrandSpec) -> tuple[Organisation, Principal, str]:
    """A brand (or small merchant) with its French story and website."""
    org = await _open_account(runtime, spec.kind, spec.name, spec.email)
    principal, token = await _principal(runtime, spec.email)
    story = {"story_fr": spec.story_fr, "website": spec.website}
    await transact(runtime, lambda uow: identity.update_brand_profile(uow, principal, brand_id=org.id, changes=story))
    return org, principal, token


async def _sign_out(runtime: Runtime, token: str) -> None:
    await transact(runtime, lambda uow: identity.sign_out(uow, token=token))


async def build(runtime: Runtime) -> list[DemoLogin]:
    """Build the identity part of the demo world; returns its logins."""
    await transact(
        runtime,
        lambda uow: identity.create_platform_operator(
            uow, email="ops@comptoir.demo", password=PASSWORD, settings=runtime.settings
        ),
    )
    operator, operator_token = await _principal(runtime, "ops@comptoir.demo")
    tokens = [operator_token]
    logins = [DemoLogin("platform operator", "ops@comptoir.demo", PASSWORD, "/operator/partners")]

    partner_ids: dict[str, str] = {}
    partner_principals: dict[str, Principal] = {}
    for spec in PARTNERS:
        org, principal, token = await _partner(runtime, operator, spec)
        tokens.append(token)
        partner_ids[org.name] = org.id
        partner_principals[org.name] = principal
        status = "accredited" if spec.accredit else "pending application"
        logins.append(DemoLogin(f"partner ({status}): {org.name}", str(spec.email), PASSWORD, "/partner"))

    brand_ids: dict[str, str] = {}
    brand_principals: dict[str, Principal] = {}
    for brand in BRANDS:
        org, principal, token = await _brand(runtime, brand)
        tokens.append(token)
        brand_ids[org.name] = org.id
        brand_principals[org.name] = principal
        if brand.kind is OrganisationKind.BRAND:
            logins.append(DemoLogin(f"brand: {org.name}", str(brand.email), PASSWORD, "/brand/partners"))
        else:  # its products, in the pavilion the catalog section has it join
            logins.append(DemoLogin(f"small merchant: {org.name}", str(brand.email), PASSWORD, "/merchant"))

    # Maison Delaunay lets its Hangzhou partner handle its content (the one scope installed so far);
    # the partner has already written the Chinese profile (it shows in the brand's audit log).
    hangzhou = partner_principals["Hangzhou Xihu Digital"]
    await transact(
        runtime,
        lambda uow: identity.grant_delegation(
            uow,
            brand_principals["Maison Delaunay"],
            partner_id=partner_ids["Hangzhou Xihu Digital"],
            scopes=["content"],
        ),
    )
    chinese = {"name_zh": "德洛奈之家", "story_zh": "1921年创立于巴黎圣奥诺雷市郊路的高级时装屋。"}
    await transact(
        runtime,
        lambda uow: identity.update_brand_profile(
            uow, hangzhou, brand_id=brand_ids["Maison Delaunay"], changes=chinese
        ),
    )
    for token in tokens:
        await _sign_out(runtime, token)
    return logins
