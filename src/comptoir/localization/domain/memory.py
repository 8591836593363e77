"""Translation memory: French segments approved before, with the Chinese they were approved as.

A segment is looked up by its *key* (:func:`memory_key`: small letters, punctuation and repeated spaces
aside), so « Un vin rouge, souple. » and "un vin rouge souple" are the same segment: an exact match,
scored 100. Other entries are scored with rapidfuzz's ``ratio`` (0 to 100, how much of the two keys is the
same text) and kept from the threshold up (75 by default); a match that is not exact never scores 100.
A brand's own entries come before global ones of the same score, then the most recently approved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process, utils

DEFAULT_THRESHOLD = 75


def memory_key(text: str) -> str:
    """The form segments are compared in: small letters and digits, single spaces, no punctuation."""
    return " ".join(utils.default_process(text).split())


def key_length_range(key: str, *, threshold: int = DEFAULT_THRESHOLD) -> tuple[int, int]:
    """The lengths of keys that can score ``threshold`` against ``key``: a store narrows its candidates with it.

    ``ratio`` is 2·m/(a+b) for m matching characters, at most 2·min(a,b)/(a+b), so the shorter key must be
    at least t/(200-t) of the longer one's length.
    """
    ratio = threshold / (200 - threshold)
    return int(len(key) * ratio), int(len(key) / ratio) + 1


@dataclass(frozen=True, slots=True)
class MemoryEntry:
    """An approved pair: ``fr`` was published as ``zh`` (for a brand's product, or for anyone's)."""

    id: str
    fr: str
    zh: str
    brand_org_id: str | None
    approved_at: datetime
    product_id: str | None = None

    @property
    def key(self) -> str:
        return memory_key(self.fr)


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """An entry close to the looked-up segment, with its score (100 only when exact)."""

    entry: MemoryEntry
    score: int
    exact: bool


class TranslationMemory:
    """The entries a job may draw on (its brand's and the global ones), looked up by segment."""

    def __init__(self, entries: Iterable[MemoryEntry] = (), *, threshold: int = DEFAULT_THRESHOLD) -> None:
        if not 0 <= threshold <= 100:
            raise ValueError("the threshold is a score from 0 to 100")
        self.threshold = threshold
        # Brand entries first, newest first: the order ties are broken in.
        self._entries = sorted(entries, key=lambda e: (e.brand_org_id is None, -e.approved_at.timestamp()))
        self._keys = [entry.key for entry in self._entries]

    def __len__(self) -> int:
        return len(self._entries)

    def matches(self, segment: str, *, limit: int = 3) -> list[MemoryMatch]:
        """The best entries for ``segment``, best first: exact ones (100), then fuzzy ones from the threshold up."""
        key = memory_key(segment)
        if not key or not self._entries:
            return []
        scored: list[tuple[int, int, bool]] = [(100, i, True) for i, k in enumerate(self._keys) if k == key]
        for _choice, score, index in process.extract(
            key, self._keys, scorer=fuzz.ratio, processor=None, score_cutoff=self.threshold, limit=None
        ):
            if self._keys[index] != key:
                scored.append((min(99, int(score)), index, False))
        # Equal scores keep the order of the entries: brand first, newest first.
        scored.sort(key=lambda s: (-s[0], s[1]))
        found = [MemoryMatch(self._entries[index], score, exact=exact) for score, index, exact in scored]
        unique: list[MemoryMatch] = []
        seen: set[str] = set()
        for match in found:
            if match.entry.zh not in seen:
                seen.add(match.entry.zh)
                unique.append(match)
        return unique[:limit]

    def best(self, segment: str) -> MemoryMatch | None:
        found = self.matches(segment, limit=1)
        return found[0] if found else None
