"""The demo's catalog section builds a credible storefront through the public services only."""

from __future__ import annotations

from comptoir import catalog
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import transact
from comptoir.simulation import demo_catalog, demo_identity


async def test_the_demo_catalog_publishes_what_its_data_says(runtime: Runtime) -> None:
    await demo_identity.build(runtime)
    logins = await demo_catalog.build(runtime)
    data = demo_catalog.demo_catalog_data()
    published = sorted(p["title"]["zh-Hans"] for p in data["products"] if p["state"] == "published")
    documents = await transact(runtime, lambda uow: catalog.search_documents(uow))
    assert sorted(d.title["zh-Hans"] for d in documents) == published
    home = await transact(runtime, lambda uow: catalog.storefront_home(uow))
    assert [p.name_zh for p in home.pavilions] == ["法国精选馆"]
    assert len(home.brand_stores) == sum(1 for b in data["brands"] if b.get("store"))
    pavilion = home.pavilions[0]
    members = await transact(runtime, lambda uow: catalog.pavilion_members(uow, pavilion_id=pavilion.id))
    assert len(members) == len(data["merchants"]) and all(m.profile_zh for m in members)
    assert {login.space for login in logins} <= {"/brand/store"}
