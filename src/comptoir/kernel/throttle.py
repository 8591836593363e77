"""Throttling repeated failures: a rate-limiter port, an in-process adapter and a Redis one.

A *key* (an account, a client address) collects attempts. Each attempt is taken *before* the
work it guards and counts as a failure unless it is forgiven afterwards, so that a burst of
concurrent guesses cannot all slip past one check. ``limit.attempts`` counted attempts within
``limit.window`` lock the key for ``limit.lockout``; each further lock while the key's past
locks are remembered (``limit.memory``) lasts twice the one before, up to ``limit.max_lockout``.
A locked key takes no attempt at all until the lock ends; :meth:`RateLimiter.reset` forgets a
key entirely.

Both adapters read time from the runtime's clock, so tests move time instead of waiting.
:func:`open_rate_limiter` picks one from ``COMPTOIR_RATE_LIMIT_URL``: empty is in-process (the
embedded default, one process), ``redis://…`` shares the counts between processes.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from comptoir.kernel.clock import Clock


@dataclass(frozen=True, slots=True)
class Limit:
    """How many attempts a key may make within ``window`` before it is locked, and for how long."""

    attempts: int
    window: timedelta
    lockout: timedelta
    max_lockout: timedelta
    memory: timedelta = timedelta(hours=24)

    def lock_for(self, strikes: int) -> timedelta:
        """The length of the ``strikes``-th lock in a row (1 for the first)."""
        growing: timedelta = self.lockout * 2 ** (strikes - 1)
        return min(growing, self.max_lockout)


@dataclass(frozen=True, slots=True)
class Taken:
    """An attempt counted against its key; ``locks_for`` is set when this very attempt locked the key."""

    ticket: str
    locks_for: timedelta | None = None


@dataclass(frozen=True, slots=True)
class Locked:
    """The key is locked: nothing was counted, come back after ``retry_after``."""

    retry_after: timedelta


class RateLimiter(Protocol):
    async def take(self, key: str, limit: Limit) -> Taken | Locked:
        """Count one attempt against ``key``, or refuse it while ``key`` is locked."""
        ...

    async def forgive(self, key: str, ticket: str) -> None:
        """Take back an attempt that turned out well (it no longer counts as a failure)."""
        ...

    async def reset(self, key: str) -> None:
        """Forget every attempt and lock of ``key``."""
        ...

    async def close(self) -> None:
        """Release connections, if any."""
        ...


def _ticket() -> str:
    return secrets.token_hex(8)


@dataclass
class _KeyState:
    attempts: deque[tuple[datetime, str]] = field(default_factory=deque)
    locked_until: datetime | None = None
    strikes: int = 0
    forget_at: datetime | None = None  # when the past locks stop counting toward the next one


class InProcessRateLimiter:
    """Counts in this process's memory: right for one ``comptoir serve``, wrong behind a load balancer.

    At most ``max_keys`` keys are kept; past that the least recently used go first, so a flood of
    made-up keys costs memory only up to a bound.
    """

    def __init__(self, *, clock: Clock, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._keys: OrderedDict[str, _KeyState] = OrderedDict()

    async def take(self, key: str, limit: Limit) -> Taken | Locked:
        # No await inside: on one event loop this whole method runs as one step, like the Redis script.
        now = self._clock.now()
        state = self._keys.get(key)
        if state is None:
            state = self._keys[key] = _KeyState()
            self._evict()
        self._keys.move_to_end(key)
        if state.locked_until is not None and state.locked_until > now:
            return Locked(state.locked_until - now)
        if state.forget_at is not None and state.forget_at <= now:
            state.strikes, state.forget_at = 0, None
        while state.attempts and state.attempts[0][0] <= now - limit.window:
            state.attempts.popleft()
        ticket = _ticket()
        state.attempts.append((now, ticket))
        if len(state.attempts) < limit.attempts:
            return Taken(ticket)
        state.attempts.clear()
        state.strikes += 1
        lock = limit.lock_for(state.strikes)
        state.locked_until = now + lock
        state.forget_at = now + lock + limit.memory
        return Taken(ticket, locks_for=lock)

    async def forgive(self, key: str, ticket: str) -> None:
        state = self._keys.get(key)
        if state is not None:
            state.attempts = deque(a for a in state.attempts if a[1] != ticket)

    async def reset(self, key: str) -> None:
        self._keys.pop(key, None)

    async def close(self) -> None:
        return None

    def _evict(self) -> None:
        while len(self._keys) > self._max_keys:
            self._keys.popitem(last=False)


# KEYS[1]: the sorted set of counted attempts (score: instant in ms, member: ticket);
# KEYS[2]: the hash of the lock ("until" in ms, "strikes").
# ARGV: now, window, attempts, lockout, max_lockout, memory (ms), ticket.
# Answers {0, ms left} when locked, {1, 0} when counted, {1, lock ms} when this attempt locked the key.
_TAKE = """
local now = tonumber(ARGV[1])
local locked_until = tonumber(redis.call('HGET', KEYS[2], 'until') or '0')
if locked_until > now then
  return {0, locked_until - now}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], now, ARGV[7])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, 0}
end
redis.call('DEL', KEYS[1])
local strikes = tonumber(redis.call('HGET', KEYS[2], 'strikes') or '0') + 1
local lock = math.min(tonumber(ARGV[4]) * 2 ^ (strikes - 1), tonumber(ARGV[5]))
lock = math.floor(lock)
redis.call('HSET', KEYS[2], 'until', now + lock, 'strikes', strikes)
redis.call('PEXPIRE', KEYS[2], lock + tonumber(ARGV[6]))
return {1, lock}
"""


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)


class RedisRateLimiter:
    """Counts in Redis, shared by every process; each attempt is one atomic server-side script.

    Instants come from the runtime's clock (keep the servers' clocks in sync, as NTP does);
    Redis's own expiry only clears keys that nobody needs any more.
    """

    def __init__(self, url: str, *, clock: Clock, prefix: str = "comptoir:throttle:") -> None:
        from redis.asyncio import Redis

        self._clock = clock
        self._prefix = prefix
        self._redis: Any = Redis.from_url(url)
        self._take = self._redis.register_script(_TAKE)

    def _keys(self, key: str) -> list[str]:
        return [f"{self._prefix}{key}:attempts", f"{self._prefix}{key}:lock"]

    async def take(self, key: str, limit: Limit) -> Taken | Locked:
        now = int(self._clock.now().timestamp() * 1000)
        ticket = _ticket()
        args = [now, _ms(limit.window), limit.attempts, _ms(limit.lockout), _ms(limit.max_lockout)]
        counted, ms = await self._take(keys=self._keys(key), args=[*args, _ms(limit.memory), ticket])
        if not counted:
            return Locked(timedelta(milliseconds=int(ms)))
        return Taken(ticket, locks_for=timedelta(milliseconds=int(ms)) if ms else None)

    async def forgive(self, key: str, ticket: str) -> None:
        await self._redis.zrem(self._keys(key)[0], ticket)

    async def reset(self, key: str) -> None:
        await self._redis.delete(*self._keys(key))

    async def close(self) -> None:
        await self._redis.aclose()


def open_rate_limiter(url: str, *, clock: Clock) -> RateLimiter:
    """The rate limiter ``COMPTOIR_RATE_LIMIT_URL`` names: in-process when empty, else Redis."""
    if not url:
        return InProcessRateLimiter(clock=clock)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisRateLimiter(url, clock=clock)
    raise ValueError(f"COMPTOIR_RATE_LIMIT_URL must be empty or a redis:// URL, not {url!r}")
