"""The customs-filing port: how a document reaches the customs platform (China's single window) and what it says.

:class:`CustomsFiling` is what the code needs: ``file(kind, document)`` answers a :class:`FilingAnswer`
(accepted, or rejected with a reason) or raises :class:`FilingUnavailable` / ``TimeoutError`` when no answer
came (the document stays filed and is sent again by the next run; ``document["filing_id"]`` lets a real adapter
be idempotent). :class:`OfflineCustomsFiling` accepts everything at once (the default, for the demo and a test
install); :class:`FakeCustomsFiling` rejects what a test tells it to and misbehaves through a
:class:`~comptoir.kernel.ports.Misbehaviour`. :func:`customs_filing` gives a runtime's port, made once;
:func:`use_filing` swaps it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from comptoir.kernel.ports import Misbehaviour

_KEY = "_customs_filing"


class FilingUnavailable(Exception):
    """The customs platform gave no answer."""


@dataclass(frozen=True, slots=True)
class FilingAnswer:
    status: Literal["accepted", "rejected"]
    reason: str | None = None


class CustomsFiling(Protocol):
    name: str

    async def file(self, kind: str, document: Mapping[str, Any]) -> FilingAnswer: ...


class OfflineCustomsFiling:
    """Accepts every document at once, without a network."""

    name = "offline"

    async def file(self, kind: str, document: Mapping[str, Any]) -> FilingAnswer:
        return FilingAnswer("accepted")


@dataclass
class FakeCustomsFiling:
    """Accepts, or rejects with a reason what :meth:`reject` named; consults ``misbehaviour`` before answering."""

    misbehaviour: Misbehaviour = field(default_factory=Misbehaviour)
    rejections: dict[tuple[str, str | None], str] = field(default_factory=dict)
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    name: str = "fake"

    def reject(self, kind: str, reason: str, *, order_id: str | None = None) -> FakeCustomsFiling:
        """Reject documents of ``kind`` (of ``order_id`` only, when given) with ``reason``."""
        self.rejections[(kind, order_id)] = reason
        return self

    async def file(self, kind: str, document: Mapping[str, Any]) -> FilingAnswer:
        times = await self.misbehaviour.answer()
        for _ in range(times):
            self.received.append((kind, dict(document)))
        reason = self.rejections.get((kind, document.get("order_id"))) or self.rejections.get((kind, None))
        return FilingAnswer("rejected", reason) if reason else FilingAnswer("accepted")


def customs_filing(runtime: Any) -> CustomsFiling:
    """The port of ``runtime``: the offline one unless a test or an install put another."""
    found: CustomsFiling | None = runtime.__dict__.get(_KEY)
    if found is None:
        found = runtime.__dict__[_KEY] = OfflineCustomsFiling()
    return found


def use_filing(runtime: Any, filing: CustomsFiling) -> None:
    runtime.__dict__[_KEY] = filing
