"""The positive list in force is stored by edition: the shipped sample until one is loaded, then the latest
edition that took effect; listing for China and showing on the storefront both check it."""

from __future__ import annotations

from datetime import date

import pytest

from comptoir import catalog
from comptoir.catalog import services
from comptoir.catalog.errors import PositiveListRefused
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from tests.integration.catalog.world import build_catalog_world, soap

HEADER = "# edition: {edition}\n# effective_from: {day}\nhs_code,description_zh,description_en,note\n"


def edition(name: str, day: str, *codes: str) -> str:
    lines = [f"{code},商品{code},Goods {code}," for code in codes]
    return HEADER.format(edition=name, day=day) + "\n".join(lines) + "\n"


async def test_the_shipped_sample_is_in_force_until_an_edition_is_loaded(runtime: Runtime) -> None:
    sample = await transact(runtime, services.positive_list_in_force)
    assert sample.contains("22042100") and sample.contains("34011100")
    await transact(
        runtime, lambda uow: services.load_positive_list(uow, text=edition("2030", "2030-01-01", "22042100"))
    )
    before = await transact(runtime, lambda uow: services.positive_list_in_force(uow, on=date(2029, 12, 31)))
    after = await transact(runtime, lambda uow: services.positive_list_in_force(uow, on=date(2030, 1, 1)))
    assert before.edition == sample.edition and after.edition == "2030" and len(after) == 1


async def test_a_loaded_edition_decides_what_may_be_listed_for_china(runtime: Runtime) -> None:
    w = await build_catalog_world(runtime)
    merchant = w.identity.merchant.principal
    today = runtime.clock.now().date().isoformat()
    await transact(runtime, lambda uow: services.load_positive_list(uow, text=edition("narrow", today, "22042100")))
    with pytest.raises(catalog.ProductInvalid) as refused:
        await transact(runtime, lambda uow: catalog.create_product(uow, merchant, store_id=w.pavilion.id, draft=soap()))
    assert [p.code for p in refused.value.problems] == ["not_on_positive_list"]


async def test_a_positive_list_with_bad_lines_loads_nothing(runtime: Runtime) -> None:
    text = edition("bad", "2030-01-01", "22042100", "2204210", "22042100")
    with pytest.raises(PositiveListRefused) as refused:
        await transact(runtime, lambda uow: services.load_positive_list(uow, text=text))
    assert len(refused.value.problems) == 2
    editions = await transact(runtime, services.positive_list_editions)
    assert [e.loaded_at for e in editions] == [None]
