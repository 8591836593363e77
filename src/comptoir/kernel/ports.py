"""Ports for the outside world, and the script a fake follows to misbehave like it.

The rule, for every system Comptoir talks to but does not own (a mail server, Redis, a wallet
network, a carrier, a translator):

1. **A small Protocol** names what the code needs, in the code's words (``Mailer.send``,
   ``RateLimiter.take``), with the one exception type a caller has to handle.
2. **A real adapter** implements it against the outside system (``FileMailer``,
   ``RedisRateLimiter``) and turns that system's failures into the port's exception.
3. **An in-memory fake** implements it for tests (``InMemoryMailer``, ``InProcessRateLimiter``)
   and can misbehave on demand: it consults a :class:`Misbehaviour` before answering, so a test
   scripts "fail twice, then work", "time out", "answer late" or "answer twice" without a network.
4. **Wired in one place**: :meth:`comptoir.kernel.runtime.Runtime.from_settings` picks each
   adapter from the settings; everything else receives the port through the runtime. A test
   swaps one attribute of the runtime for a fake.

Only add a port when code calls the outside system; a port nobody uses is a guess.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Fail:
    error: Exception


@dataclass(frozen=True, slots=True)
class _TimeOut:
    pass


@dataclass(frozen=True, slots=True)
class _Twice:
    pass


_Step = _Fail | _TimeOut | _Twice


class Misbehaviour:
    """What a fake does wrong on its next calls, consulted once per call through :meth:`answer`.

    One-off steps (``fail_next``, ``time_out_next``, ``answer_twice``) are used up in the order they
    were scripted, one per call. Standing conditions last until :meth:`behave`: ``answer_late``
    delays every answer (through the injected ``sleep``, so a test need not wait), and ``go_down``
    fails every call that has no one-off step left. Each setter returns the script, so calls chain:
    ``Misbehaviour().fail_next(2, error).answer_late(3)``.
    """

    def __init__(self, *, sleep: Sleep = asyncio.sleep) -> None:
        self._sleep = sleep
        self._steps: deque[_Step] = deque()
        self._late = 0.0
        self._down: Exception | None = None
        self.calls = 0

    def fail_next(self, n: int, error: Exception) -> Misbehaviour:
        """The next ``n`` calls raise ``error``."""
        self._steps.extend(_Fail(error) for _ in range(n))
        return self

    def time_out_next(self, n: int = 1) -> Misbehaviour:
        """The next ``n`` calls raise :class:`TimeoutError`, as a client whose deadline passed does."""
        self._steps.extend(_TimeOut() for _ in range(n))
        return self

    def answer_twice(self, n: int = 1) -> Misbehaviour:
        """The next ``n`` calls take effect twice, like a request retried after a lost answer."""
        self._steps.extend(_Twice() for _ in range(n))
        return self

    def answer_late(self, seconds: float) -> Misbehaviour:
        """Every call waits ``seconds`` before it answers or fails."""
        self._late = seconds
        return self

    def go_down(self, error: Exception) -> Misbehaviour:
        """Every call raises ``error`` until :meth:`behave` (one-off steps still come first)."""
        self._down = error
        return self

    def behave(self) -> Misbehaviour:
        """Forget the whole script: every call answers at once, once."""
        self._steps.clear()
        self._late = 0.0
        self._down = None
        return self

    @property
    def down(self) -> bool:
        return self._down is not None

    async def answer(self) -> int:
        """Play the script for one call: wait, raise, or return how many times the call takes effect."""
        self.calls += 1
        if self._late:
            await self._sleep(self._late)
        step = self._steps.popleft() if self._steps else None
        if isinstance(step, _Fail):
            raise step.error
        if isinstance(step, _TimeOut):
            raise TimeoutError("the fake was told to time out")
        if isinstance(step, _Twice):
            return 2
        if self._down is not None:
            raise self._down
        return 1
