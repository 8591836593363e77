"""The brand's audit log reads as sentences in the reader's language, never as internal names."""

from __future__ import annotations

import html
import re

import pytest

from comptoir.identity import services as identity
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.scopes import DelegationScope
from comptoir.kernel.unit_of_work import transact
from tests.integration.identity.world import World, build_world

from .conftest import ClientFactory

INTERNAL = ("brand_profile.updated", "delegation.granted", "name_zh", "story_zh", "api_key.created")


@pytest.fixture
async def world(runtime: Runtime, orders_scope: DelegationScope) -> World:
    built = await build_world(runtime, partner_scopes=["content", orders_scope.name])
    await transact(
        runtime,
        lambda uow: identity.update_brand_profile(
            uow,
            built.partner.principal,
            brand_id=built.brand.id,
            changes={"name_zh": "德洛奈之家", "story_zh": "巴黎高级时装屋"},
        ),
    )
    await transact(runtime, lambda uow: identity.create_api_key(uow, built.brand.principal, name="ERP"))
    return built


async def _sentences(world: World, client_for: ClientFactory, language: str) -> list[str]:
    page = await client_for(session=world.brand.token).get(
        "/brand/audit", headers={"accept": "text/html", "accept-language": language}
    )
    assert page.status_code == 200
    for name in INTERNAL:
        assert name not in page.text, name
    return [html.unescape(s).strip() for s in re.findall(r'data-testid="audit-what">(.*?)</td>', page.text, re.S)]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr-FR",
            [
                "Maison Delaunay a créé la clé d'API «\u00a0ERP\u00a0».",
                "Hangzhou Xihu Digital pour le compte de Maison Delaunay"
                " a modifié le nom chinois et l'histoire en chinois.",
                "Maison Delaunay a accordé une délégation à Hangzhou Xihu Digital\u00a0: Contenu et Commandes.",
            ],
        ),
        (
            "zh-CN",
            [
                "Maison Delaunay 创建了 API 密钥“ERP”。",
                "Hangzhou Xihu Digital 代表 Maison Delaunay 修改了中文名称和中文品牌故事。",
                "Maison Delaunay 向 Hangzhou Xihu Digital 授予了委托：内容和订单。",
            ],
        ),
        (
            "en",
            [
                "Maison Delaunay created the API key “ERP”.",
                "Hangzhou Xihu Digital on behalf of Maison Delaunay changed the Chinese name and the Chinese story.",
                "Maison Delaunay granted Hangzhou Xihu Digital a delegation: Content and Orders.",
            ],
        ),
    ],
)
async def test_the_brand_reads_its_audit_log_as_sentences_in_its_language(
    world: World, client_for: ClientFactory, language: str, expected: list[str]
) -> None:
    assert await _sentences(world, client_for, language) == expected


async def test_scope_changes_and_revocations_name_the_partner_and_the_scopes(
    runtime: Runtime, world: World, client_for: ClientFactory
) -> None:
    await transact(
        runtime,
        lambda uow: identity.change_delegation_scopes(
            uow, world.brand.principal, delegation_id=world.delegation.id, scopes=["content"]
        ),
    )
    await transact(
        runtime, lambda uow: identity.revoke_delegation(uow, world.brand.principal, delegation_id=world.delegation.id)
    )

    newest = (await _sentences(world, client_for, "en"))[:2]

    assert newest == [
        "Maison Delaunay revoked the delegation to Hangzhou Xihu Digital.",
        "Maison Delaunay changed the delegation to Hangzhou Xihu Digital from Content and Orders to Content.",
    ]
