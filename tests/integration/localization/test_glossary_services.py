"""A brand's glossary is the brand's and its content partner's to edit; the global one is the platform's."""

from __future__ import annotations

import pytest

from comptoir import identity, localization
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.localization.errors import GlobalGlossaryDenied, GlossaryTermExists, GlossaryTermInvalid
from tests.integration.localization.world import build_localization_world, opened


async def test_the_content_partner_and_the_brand_edit_the_brands_glossary(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    brand_id = w.identity.brand.id
    added = await transact(
        runtime,
        lambda uow: localization.add_glossary_term(
            uow, w.partner, brand_id=brand_id, fr="Maison Lumière", zh="", keep=True, note="le nom reste en latin"
        ),
    )
    assert (added.brand_org_id, added.fr, added.zh, added.keep) == (brand_id, "Maison Lumière", "Maison Lumière", True)
    changed = await transact(
        runtime,
        lambda uow: localization.change_glossary_term(
            uow, w.brand, term_id=added.id, fr="Maison  Lumière", zh="光之屋", keep=False
        ),
    )
    assert (changed.fr, changed.zh, changed.keep) == ("Maison Lumière", "光之屋", False)
    terms, cursor = await transact(runtime, lambda uow: localization.glossary_terms(uow, w.partner, brand_id=brand_id))
    assert [t.id for t in terms] == [added.id] and cursor is None
    await transact(runtime, lambda uow: localization.remove_glossary_term(uow, w.brand, term_id=added.id))
    assert (await transact(runtime, lambda uow: localization.glossary_terms(uow, w.brand, brand_id=brand_id)))[0] == []


async def test_a_partner_without_the_brands_delegation_cannot_read_or_edit_its_glossary(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    brand_id = w.identity.brand.id
    with pytest.raises(identity.DelegationDenied):
        await transact(runtime, lambda uow: localization.glossary_terms(uow, w.other_partner, brand_id=brand_id))
    with pytest.raises(identity.DelegationDenied):
        await transact(
            runtime,
            lambda uow: localization.add_glossary_term(uow, w.other_partner, brand_id=brand_id, fr="Lumière", zh="光"),
        )


async def test_only_the_platform_operator_edits_the_global_glossary(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    with pytest.raises(GlobalGlossaryDenied):
        await transact(
            runtime, lambda uow: localization.add_glossary_term(uow, w.partner, brand_id=None, fr="Cognac", zh="干邑")
        )
    operator = w.identity.operator.principal
    cognac = await transact(
        runtime, lambda uow: localization.add_glossary_term(uow, operator, brand_id=None, fr="Cognac", zh="干邑")
    )
    with pytest.raises(GlossaryTermExists):
        await transact(
            runtime, lambda uow: localization.add_glossary_term(uow, operator, brand_id=None, fr="cognac", zh="科涅克")
        )
    with pytest.raises(GlossaryTermInvalid):
        await transact(
            runtime, lambda uow: localization.add_glossary_term(uow, operator, brand_id=None, fr="Armagnac", zh=" ")
        )
    everyone, _ = await transact(runtime, lambda uow: localization.glossary_terms(uow, w.merchant))
    assert [t.fr for t in everyone] == ["Bordeaux", "AOC", "Cognac"]
    assert cognac.is_global


async def test_the_sellers_name_and_the_global_terms_are_applied_to_its_jobs(runtime: Runtime) -> None:
    w = await build_localization_world(runtime)
    job_id = await opened(runtime, w)
    found = await transact(runtime, lambda uow: localization.translation_job(uow, w.partner, job_id=job_id))
    assert [(m.term.fr, m.term.rendering) for m in found.glossary] == [
        ("Château des Pins", "松林酒庄"),
        ("Bordeaux", "波尔多"),
        ("AOC", "法定产区"),
    ]


async def test_seeding_adds_only_the_terms_a_glossary_lacks(runtime: Runtime) -> None:
    await build_localization_world(runtime)
    added = await transact(
        runtime,
        lambda uow: localization.seed_glossary(
            uow, terms=[localization.SeedTerm("Bordeaux", "波尔多"), localization.SeedTerm("Champagne", "香槟")]
        ),
    )
    assert added == 1
