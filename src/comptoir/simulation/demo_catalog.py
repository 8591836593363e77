"""Demo section: the catalog of ``data/demo_catalog.json`` — brand stores run by partners, the pavilion
"法国精选馆" with its small merchants, and their products, published with the Chinese pages a partner wrote.

Everything goes through the public services of identity and the catalog, exactly as the pages and the
API do: the sellers list their products and send them for translation, the partners approve the
Chinese pages. Products the data marks ``in_translation`` stay with the partner (their jobs open in the
translation queue once the worker delivers the events); ``draft`` ones are not sent yet.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from functools import partial
from importlib import resources
from typing import Any

from comptoir import catalog, identity, localization
from comptoir.kernel.errors import Conflict
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation import demo_identity
from comptoir.simulation.demo_photos import packshot
from comptoir.simulation.logins import DEMO_PASSWORD, DemoLogin


def demo_catalog_data() -> dict[str, Any]:
    """The demo catalog document shipped with the package."""
    text = resources.files("comptoir.simulation").joinpath("data/demo_catalog.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass
class _Seller:
    principal: Principal
    token: str
    store_id: str | None = None


def _email_of(name: str, default: str) -> str:
    """The identity section's email for an organisation it already made, else ``default``."""
    for spec in demo_identity.PARTNERS:
        if spec.name == name:
            return spec.email
    for brand in demo_identity.BRANDS:
        if brand.name == name:
            return brand.email
    return default


async def _account(runtime: Runtime, kind: OrganisationKind, name: str, email: str) -> tuple[Principal, str]:
    """Sign in to the organisation's account, opening it first when the identity section did not."""
    known = any(s.name == name for s in demo_identity.PARTNERS) or any(b.name == name for b in demo_identity.BRANDS)
    if not known:
        await transact(
            runtime,
            lambda uow: identity.open_account(
                uow,
                kind=kind,
                organisation_name=name,
                email=email,
                password=DEMO_PASSWORD,
                settings=runtime.settings,
            ),
        )
    session = await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email=email, password=DEMO_PASSWORD, settings=runtime.settings, throttle=runtime.throttle
        ),
    )
    principal = await transact(runtime, lambda uow: identity.principal_for_session(uow, token=session.token))
    assert principal is not None
    return principal, session.token


def _draft(product: dict[str, Any]) -> catalog.ProductDraft:
    return catalog.ProductDraft(
        title_fr=product["title"]["fr"],
        description_fr=product["description"].get("fr", ""),
        category=product["category"],
        hs_code=product["hs_code"],
        origin=product.get("origin", "FR"),
        gtin=product.get("gtin"),
        ref=product["id"],
        title_en=product["title"].get("en"),
        variants=[
            catalog.VariantDraft(
                sku=v["sku"],
                price_eur=v["price_eur"],
                stock=v["stock"],
                label_fr=(v.get("label") or {}).get("fr"),
                label_zh=(v.get("label") or {}).get("zh-Hans"),
                net_content_value=(v.get("net_content") or {}).get("value"),
                net_content_unit=(v.get("net_content") or {}).get("unit"),
                pieces=v.get("pieces"),
            )
            for v in product["variants"]
        ],
    )


async def build(runtime: Runtime) -> list[DemoLogin]:
    """Build the catalog part of the demo world; returns the logins it adds."""
    data = demo_catalog_data()
    logins: list[DemoLogin] = []
    tokens: list[str] = []
    partners: dict[str, Principal] = {}
    for p in data["partners"]:
        principal, token = await _account(runtime, OrganisationKind.PARTNER, p["name"], _email_of(p["name"], ""))
        partners[p["key"]] = principal
        tokens.append(token)

    sellers: dict[tuple[str, str], _Seller] = {}
    for b in data["brands"]:
        email = _email_of(b["name"], f"brand@{b['key']}.demo")
        principal, token = await _account(runtime, OrganisationKind.BRAND, b["name"], email)
        tokens.append(token)
        seller = _Seller(principal, token)
        sellers[("brand", b["key"])] = seller
        # The brand's Chinese name, as shoppers know it (the store's name says "official flagship store").
        await transact(
            runtime,
            partial(
                identity.update_brand_profile,
                principal=principal,
                brand_id=principal.organisation_id,
                changes={"name_zh": b["name_zh"]},
            ),
        )
        if b.get("partner"):
            with contextlib.suppress(Conflict):  # the identity section already made this delegation
                grant = partial(
                    identity.grant_delegation,
                    principal=principal,
                    partner_id=partners[b["partner"]].organisation_id,
                    scopes=["content"],
                )
                await transact(runtime, grant)
        if b.get("store"):
            operator = partners[b["partner"]] if b.get("partner") else principal
            store = await transact(
                runtime,
                partial(
                    catalog.open_brand_store,
                    principal=operator,
                    brand_id=principal.organisation_id,
                    name=b["store"]["name"],
                    name_zh=b["store"].get("name_zh"),
                    description_fr=b["store"]["description_fr"],
                    description_zh=b["store"].get("description_zh"),
                ),
            )
            seller.store_id = store.id
        if not any(b["name"] == known.name for known in demo_identity.BRANDS):
            logins.append(DemoLogin(f"brand: {b['name']}", email, DEMO_PASSWORD, "/brand/store"))

    # The partners' glossaries: each brand's own names, and the places and terms every page uses alike.
    terms = [
        localization.SeedTerm(
            fr=g["fr"],
            zh=g["zh"],
            brand_org_id=sellers[("brand", g["brand"])].principal.organisation_id if g.get("brand") else None,
            note=g.get("note", ""),
        )
        for g in data["glossary"]
    ]
    await transact(runtime, partial(localization.seed_glossary, terms=terms))

    spec = data["pavilion"]
    pavilion_partner = partners[spec["partner"]]
    pavilion = await transact(
        runtime,
        lambda uow: catalog.open_pavilion(
            uow,
            pavilion_partner,
            name=spec["name"],
            name_zh=spec.get("name_zh"),
            description_fr=spec["description_fr"],
            description_zh=spec.get("description_zh"),
        ),
    )
    for m in data["merchants"]:
        email = _email_of(m["name"], f"hello@{m['key']}.demo")
        principal, token = await _account(runtime, OrganisationKind.SMALL_MERCHANT, m["name"], email)
        tokens.append(token)
        sellers[("merchant", m["key"])] = _Seller(principal, token, pavilion.id)
        await transact(
            runtime,
            partial(
                catalog.join_pavilion,
                principal=principal,
                pavilion_id=pavilion.id,
                display_name=m["name"],
                region=m.get("region"),
                profile_fr=m["profile_fr"],
            ),
        )
        await transact(
            runtime,
            partial(
                catalog.update_member_profile,
                principal=pavilion_partner,
                merchant_org_id=principal.organisation_id,
                name_zh=m.get("name_zh"),
                profile_zh=m.get("profile_zh"),
            ),
        )
    seller_names = {("brand", b["key"]): f"{b['name_zh']} · {b['name']}" for b in data["brands"]}
    seller_names |= {
        ("merchant", m["key"]): f"{m.get('name_zh') or m['name']} · {m['name']}" for m in data["merchants"]
    }
    operators = {("brand", b["key"]): partners[b["partner"]] for b in data["brands"] if b.get("partner")}
    for product in data["products"]:
        kind, key = next(iter(product["seller"].items()))
        seller = sellers[(kind, key)]
        assert seller.store_id is not None
        made = await transact(
            runtime,
            partial(
                catalog.create_product, principal=seller.principal, store_id=seller.store_id, draft=_draft(product)
            ),
        )
        brand = seller_names[(kind, key)]
        card = packshot(
            product_id=product["id"],
            category=product["category"],
            brand=brand,
            title_zh=product["title"]["zh-Hans"],
            title_fr=product["title"]["fr"],
        )
        await transact(runtime, partial(catalog.add_photo, principal=seller.principal, product_id=made.id, data=card))
        if product["state"] == "draft":
            continue
        await transact(
            runtime,
            partial(catalog.submit_for_translation, principal=seller.principal, product_id=made.id),
        )
        # The partner works in its translation queue, as on its job page. A published product's page is
        # approved (the job closes and the memory learns its sentences); one still in translation keeps the
        # partner's first Chinese draft, claims and all, for the compliance check to flag.
        approver = pavilion_partner if kind == "merchant" else operators.get((kind, key), seller.principal)
        job = await localization.open_job_for(runtime, product_id=made.id)
        assert job is not None
        if product["state"] != "published":
            await transact(
                runtime,
                partial(
                    localization.save_edit,
                    principal=approver,
                    job_id=job.id,
                    title=product["title"]["zh-Hans"],
                    description=product["description"].get("zh-Hans", ""),
                ),
            )
            continue
        await transact(
            runtime,
            partial(
                localization.approve,
                principal=approver,
                job_id=job.id,
                title=product["title"]["zh-Hans"],
                description=product["description"].get("zh-Hans", ""),
            ),
        )
    for token in tokens:
        await transact(runtime, partial(identity.sign_out, token=token))
    return logins
