"""The misbehaviour script that every port's fake consults before it answers."""

from __future__ import annotations

import asyncio

import pytest

from comptoir.kernel.ports import Misbehaviour


class Down(Exception):
    pass


class Sleeps:
    """An injectable sleep that records how long it was asked to wait, and waits for nothing."""

    def __init__(self) -> None:
        self.waited: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waited.append(seconds)


async def test_a_script_with_no_step_answers_once_every_time() -> None:
    script = Misbehaviour()
    assert [await script.answer() for _ in range(3)] == [1, 1, 1]
    assert script.calls == 3


async def test_failures_are_used_up_one_call_each_then_the_fake_works_again() -> None:
    error = Down("refused")
    script = Misbehaviour().fail_next(2, error)
    for _ in range(2):
        with pytest.raises(Down) as raised:
            await script.answer()
        assert raised.value is error
    assert await script.answer() == 1


async def test_one_off_steps_are_played_in_the_order_they_were_scripted() -> None:
    script = Misbehaviour().time_out_next().answer_twice().fail_next(1, Down())
    with pytest.raises(TimeoutError):
        await script.answer()
    assert await script.answer() == 2
    with pytest.raises(Down):
        await script.answer()
    assert await script.answer() == 1


async def test_a_late_answer_waits_through_the_injected_sleep_before_answering_or_failing() -> None:
    sleeps = Sleeps()
    script = Misbehaviour(sleep=sleeps).answer_late(2.5).time_out_next()
    with pytest.raises(TimeoutError):
        await script.answer()
    assert await script.answer() == 1
    assert sleeps.waited == [2.5, 2.5]


async def test_a_late_answer_really_waits_by_default_so_a_callers_deadline_can_pass() -> None:
    script = Misbehaviour().answer_late(60)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0):
            await script.answer()


async def test_a_fake_that_is_down_fails_every_call_until_told_to_behave() -> None:
    script = Misbehaviour().answer_twice().go_down(Down("unreachable"))
    assert script.down
    assert await script.answer() == 2  # one-off steps come first
    for _ in range(3):
        with pytest.raises(Down):
            await script.answer()
    script.behave()
    assert not script.down and await script.answer() == 1
