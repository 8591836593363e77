"""The attribution rule: an online order goes to the tourist's last paid visit to one of the brand's shops
within the brand's window (last touch), and the delay buckets a brand's report counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

DEFAULT_WINDOW_DAYS = 180
MAX_WINDOW_DAYS = 730

#: Upper bounds (days, inclusive) of the visit-to-purchase delay buckets; the last bucket is open.
DELAY_BUCKETS: tuple[int, ...] = (7, 30, 90, 180)
BUCKET_COUNT = len(DELAY_BUCKETS) + 1


class Purpose(StrEnum):
    """What a tourist consents to; each is asked, given and withdrawn on its own."""

    FOLLOW_BRAND = "follow_brand"  # see the brand on the Chinese storefront and hear from it
    TRANSFER_TO_CHINA = "transfer_to_china"  # the visit is sent to the brand's store in China (PIPL art. 39)


#: The version of the consent sentences shown; stored with each consent given.
CONSENT_TEXT_VERSION = "2026-12"


@dataclass(frozen=True, slots=True)
class Touch:
    visit_id: str
    shop_id: str
    at: datetime


def last_touch(touches: Iterable[Touch], *, ordered_at: datetime, window_days: int) -> Touch | None:
    """The latest visit at or before ``ordered_at`` and no more than ``window_days`` before it, or None.

    Two visits at the same instant are told apart by visit id, so the choice never depends on row order."""
    if window_days < 1:
        raise ValueError("the window is at least one day")
    earliest = ordered_at - timedelta(days=window_days)
    eligible = [t for t in touches if earliest <= t.at <= ordered_at]
    if not eligible:
        return None
    return max(eligible, key=lambda t: (t.at, t.visit_id))


def delay_days(visited_at: datetime, ordered_at: datetime) -> int:
    """Whole days from the visit to the order (0 on the same day or within 24 hours)."""
    return max(0, (ordered_at - visited_at) // timedelta(days=1))


def delay_bucket(days: int) -> int:
    """The index of the bucket ``days`` falls in: 0 for up to 7 days, … 4 for over 180."""
    for index, bound in enumerate(DELAY_BUCKETS):
        if days <= bound:
            return index
    return len(DELAY_BUCKETS)


def month_of(at: datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


def check_window(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WINDOW_DAYS:
        raise ValueError(f"the attribution window is a whole number of days from 1 to {MAX_WINDOW_DAYS}")
    return days
