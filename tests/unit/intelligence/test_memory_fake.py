"""The port's fake: it answers like an index, and misbehaves as scripted, always through SearchUnavailable."""

from __future__ import annotations

import pytest

from comptoir.intelligence import InMemorySearchIndex, SearchUnavailable
from comptoir.kernel.ports import Misbehaviour

from .products import PRODUCTS


async def test_it_answers_like_an_index() -> None:
    index = InMemorySearchIndex()
    await index.add(PRODUCTS)
    assert await index.count() == len(PRODUCTS)
    assert [h.id for h in await index.search("护手霜")] == ["hands"]
    await index.delete(["hands", "never-there"])
    assert await index.search("护手霜") == []
    await index.rebuild(PRODUCTS[:2])
    assert sorted(index.documents) == ["cream", "serum"]
    await index.clear()
    assert await index.count() == 0


async def test_a_failure_and_a_time_out_reach_the_caller_as_unavailable() -> None:
    script = Misbehaviour().fail_next(1, ConnectionError("refused")).time_out_next()
    index = InMemorySearchIndex(misbehaviour=script)
    with pytest.raises(SearchUnavailable, match="refused"):
        await index.add(PRODUCTS)
    with pytest.raises(SearchUnavailable, match="in time") as raised:
        await index.search("面霜")
    assert isinstance(raised.value.__cause__, TimeoutError)
    assert index.documents == {}
    await index.add(PRODUCTS)  # then it works again
    assert await index.count() == len(PRODUCTS)


async def test_a_change_answered_twice_leaves_the_same_index() -> None:
    index = InMemorySearchIndex(misbehaviour=Misbehaviour().answer_twice(2))
    await index.add(PRODUCTS)
    await index.delete(["hands"])
    assert index.changes == 4  # each change was applied twice...
    assert await index.count() == len(PRODUCTS) - 1  # ...to the same effect


async def test_a_down_index_refuses_everything_until_it_behaves() -> None:
    script = Misbehaviour().go_down(SearchUnavailable("the search cluster is down"))
    index = InMemorySearchIndex(misbehaviour=script)
    for call in (index.count(), index.search("x"), index.clear(), index.rebuild([])):
        with pytest.raises(SearchUnavailable, match="down"):
            await call
    script.behave()
    assert await index.count() == 0


async def test_a_late_answer_waits_through_the_injected_sleep() -> None:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    index = InMemorySearchIndex(misbehaviour=Misbehaviour(sleep=sleep).answer_late(3.0))
    await index.add(PRODUCTS)
    await index.search("面霜")
    assert waited == [3.0, 3.0]
