"""The rate-limiter port, kept alike by its in-process adapter and its Redis adapter.

Time only moves on the test's clock. Redis comes from ``COMPTOIR_TEST_REDIS_URL`` (default the
local server); unreachable, its cases are skipped, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.throttle import (
    InProcessRateLimiter,
    Limit,
    Locked,
    RateLimiter,
    RedisRateLimiter,
    Taken,
    open_rate_limiter,
)
from tests.conftest import IN_CI

REDIS_URL = os.environ.get("COMPTOIR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
FIVE_IN_15_MIN = Limit(
    attempts=5, window=timedelta(minutes=15), lockout=timedelta(minutes=15), max_lockout=timedelta(hours=1)
)


async def redis_or_skip() -> None:
    """Return when the test Redis answers; skip (fail under CI) when it does not."""
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        await client.ping()
    except Exception as exc:
        if IN_CI:
            pytest.fail(f"Redis at {REDIS_URL} is required under CI and unreachable: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} unreachable: {exc}")
    finally:
        await client.aclose()


@pytest.fixture(params=["in_process", "redis"])
async def limiter(request: pytest.FixtureRequest, clock: FrozenClock) -> AsyncIterator[RateLimiter]:
    if request.param == "in_process":
        yield InProcessRateLimiter(clock=clock)
        return
    await redis_or_skip()
    prefix = f"comptoir-test:{secrets.token_hex(6)}:"
    redis_limiter = RedisRateLimiter(REDIS_URL, clock=clock, prefix=prefix)
    try:
        yield redis_limiter
    finally:
        from redis.asyncio import Redis

        cleaner = Redis.from_url(REDIS_URL)
        keys = [key async for key in cleaner.scan_iter(match=prefix + "*")]
        if keys:
            await cleaner.delete(*keys)
        await cleaner.aclose()
        await redis_limiter.close()


async def _fail(limiter: RateLimiter, key: str, times: int, limit: Limit = FIVE_IN_15_MIN) -> list[Taken | Locked]:
    return [await limiter.take(key, limit) for _ in range(times)]


async def test_the_fifth_failure_locks_the_key_and_nothing_more_is_counted(limiter: RateLimiter) -> None:
    answers = await _fail(limiter, "account:a", 5)
    assert all(isinstance(a, Taken) for a in answers)
    assert [a.locks_for for a in answers if isinstance(a, Taken)] == [None] * 4 + [timedelta(minutes=15)]
    assert await limiter.take("account:a", FIVE_IN_15_MIN) == Locked(timedelta(minutes=15))
    assert isinstance(await limiter.take("account:b", FIVE_IN_15_MIN), Taken)  # other keys are untouched


async def test_the_lock_lifts_when_its_time_is_up(limiter: RateLimiter, clock: FrozenClock) -> None:
    await _fail(limiter, "k", 5)
    clock.advance(minutes=14)
    assert await limiter.take("k", FIVE_IN_15_MIN) == Locked(timedelta(minutes=1))
    clock.advance(minutes=1)
    assert isinstance(await limiter.take("k", FIVE_IN_15_MIN), Taken)


async def test_each_lock_that_comes_back_doubles_up_to_the_maximum(limiter: RateLimiter, clock: FrozenClock) -> None:
    locks = []
    for _ in range(4):
        answers = await _fail(limiter, "k", 5)
        last = answers[-1]
        assert isinstance(last, Taken) and last.locks_for is not None
        locks.append(last.locks_for)
        clock.advance(last.locks_for)
    assert locks == [timedelta(minutes=15), timedelta(minutes=30), timedelta(hours=1), timedelta(hours=1)]


async def test_failures_older_than_the_window_no_longer_count(limiter: RateLimiter, clock: FrozenClock) -> None:
    await _fail(limiter, "k", 4)
    clock.advance(minutes=15)
    answers = await _fail(limiter, "k", 4)
    assert all(isinstance(a, Taken) and a.locks_for is None for a in answers)


async def test_a_forgiven_attempt_is_not_a_failure(limiter: RateLimiter) -> None:
    for _ in range(10):
        taken = await limiter.take("k", FIVE_IN_15_MIN)
        assert isinstance(taken, Taken) and taken.locks_for is None
        await limiter.forgive("k", taken.ticket)


async def test_reset_forgets_failures_and_past_locks(limiter: RateLimiter, clock: FrozenClock) -> None:
    await _fail(limiter, "k", 5)
    await limiter.reset("k")
    answers = await _fail(limiter, "k", 5)
    assert answers[-1] == Taken(answers[-1].ticket, locks_for=timedelta(minutes=15))  # type: ignore[union-attr]


async def test_concurrent_guesses_cannot_slip_past_the_limit(limiter: RateLimiter) -> None:
    answers = await asyncio.gather(*(limiter.take("k", FIVE_IN_15_MIN) for _ in range(30)))
    assert sum(isinstance(a, Taken) for a in answers) == 5
    assert sum(isinstance(a, Locked) for a in answers) == 25


async def test_two_processes_sharing_redis_see_the_same_lock(clock: FrozenClock) -> None:
    await redis_or_skip()
    prefix = f"comptoir-test:{secrets.token_hex(6)}:"
    first = RedisRateLimiter(REDIS_URL, clock=clock, prefix=prefix)
    second = RedisRateLimiter(REDIS_URL, clock=clock, prefix=prefix)
    try:
        await _fail(first, "account:shared", 3)
        await _fail(second, "account:shared", 2)
        assert isinstance(await first.take("account:shared", FIVE_IN_15_MIN), Locked)
    finally:
        await first.reset("account:shared")
        await first.close()
        await second.close()


def test_the_setting_chooses_the_adapter(clock: FrozenClock) -> None:
    assert isinstance(open_rate_limiter("", clock=clock), InProcessRateLimiter)
    assert isinstance(open_rate_limiter("redis://127.0.0.1:6379/0", clock=clock), RedisRateLimiter)
    with pytest.raises(ValueError, match="COMPTOIR_RATE_LIMIT_URL"):
        open_rate_limiter("memcached://127.0.0.1", clock=clock)
