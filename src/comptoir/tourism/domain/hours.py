"""A shop's weekly opening hours, written the way shops post them, read on Paris time.

The text is a list of rules separated by ``;``: ``Mo-Sa 10:00-19:30; Su 11:00-18:00``. A rule names days (``Mo``,
``Tu``, ``We``, ``Th``, ``Fr``, ``Sa``, ``Su``; ranges ``Mo-Fr``, lists ``Mo,We,Fr``) and then either intervals
(``10:00-13:00,14:00-19:00``) or ``off``; ``24/7`` means every day, all day. A later rule replaces what earlier ones
said for the same day (``Mo-Su 10:00-19:00; Su off``). An interval ending at or before its start runs past midnight
and belongs to the day it starts (``Fr-Sa 22:00-02:00`` is Friday night and Saturday night).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MAX_LENGTH = 200
DAY_MINUTES = 24 * 60
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Interval = tuple[int, int]  # minutes since the day's midnight; end may exceed 1440 when it runs past midnight

_TIME = re.compile(r"(\d{1,2}):(\d{2})")


class HoursInvalid(ValueError):
    """Opening hours refused; ``reason`` is a sentence saying what is wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """When a shop is open, day by day (index 0 is Monday); each day's intervals are sorted and disjoint."""

    week: tuple[tuple[Interval, ...], ...]

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError("a week has seven days")
        for day, intervals in enumerate(self.week):
            _check_day(day, intervals)

    @property
    def text(self) -> str:
        """The canonical text: days with the same hours grouped, closed days left out; it parses back to itself."""
        if all(day == ((0, DAY_MINUTES),) for day in self.week):
            return "24/7"
        groups: list[tuple[tuple[Interval, ...], list[int]]] = []
        for day, intervals in enumerate(self.week):
            if not intervals:
                continue
            for known, days in groups:
                if known == intervals:
                    days.append(day)
                    break
            else:
                groups.append((intervals, [day]))
        if not groups:
            return "Mo-Su off"
        return "; ".join(f"{_days_text(days)} {','.join(_interval_text(i) for i in known)}" for known, days in groups)

    def days(self) -> list[tuple[int, tuple[tuple[time, time], ...]]]:
        """Every day of the week (0 is Monday) with its intervals as clock times, for display.

        An interval that runs to midnight or past it ends at a time at or before its start (``22:00``–``00:00``)."""
        return [
            (day, tuple((_clock(start), _clock(end % DAY_MINUTES)) for start, end in intervals))
            for day, intervals in enumerate(self.week)
        ]

    def is_open(self, at: datetime) -> bool:
        """Whether the shop is open at the instant ``at`` (an aware datetime), read on the wall clock in Paris."""
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("the instant must carry its time zone")
        local = at.astimezone(PARIS)
        minute = local.hour * 60 + local.minute
        today = local.weekday()
        if any(start <= minute < end for start, end in self.week[today]):
            return True
        yesterday = (today - 1) % 7
        return any(minute < end - DAY_MINUTES for _, end in self.week[yesterday])


def _check_day(day: int, intervals: tuple[Interval, ...]) -> None:
    previous_end = -1
    for start, end in intervals:
        if not (0 <= start < DAY_MINUTES and start < end <= DAY_MINUTES + max(0, start - 1)):
            raise HoursInvalid(f"An interval on {DAY_NAMES[day]} is not a span of time within one day and night.")
        if start < previous_end:
            raise HoursInvalid(f"Two intervals on {DAY_NAMES[day]} overlap.")
        previous_end = end


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _interval_text(interval: Interval) -> str:
    start, end = interval
    shown_end = end if end <= DAY_MINUTES else end - DAY_MINUTES
    return f"{start // 60:02d}:{start % 60:02d}-{shown_end // 60:02d}:{shown_end % 60:02d}"


def _days_text(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(DAYS[run[0]])
        elif len(run) == 2:
            parts.append(f"{DAYS[run[0]]},{DAYS[run[1]]}")
        else:
            parts.append(f"{DAYS[run[0]]}-{DAYS[run[-1]]}")
    return ",".join(parts)


def _day(token: str) -> int:
    key = token.strip().capitalize()
    if key not in DAYS:
        raise HoursInvalid(f"“{token.strip()}” is not a day; days are written Mo, Tu, We, Th, Fr, Sa and Su.")
    return DAYS.index(key)


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        if not part.strip():
            raise HoursInvalid(f"The list of days “{text}” has an empty entry.")
        if "-" in part:
            first_text, _, last_text = part.partition("-")
            first, last = _day(first_text), _day(last_text)
            span = (last - first) % 7  # Sa-Mo wraps over the weekend
            days.extend((first + k) % 7 for k in range(span + 1))
        else:
            days.append(_day(part))
    return days


def _minutes(text: str, *, end: bool) -> int:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise HoursInvalid(f"“{text.strip()}” is not a time; times are written HH:MM, such as 09:30.")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes != 0 or not end)):
        raise HoursInvalid(f"“{text.strip()}” is not a time of day; hours go from 00:00 to 24:00.")
    return hours * 60 + minutes


def _parse_intervals(text: str) -> tuple[Interval, ...]:
    intervals: list[Interval] = []
    for part in text.split(","):
        start_text, dash, end_text = part.partition("-")
        if not dash:
            raise HoursInvalid(f"“{part.strip()}” is not an interval; intervals are written 10:00-19:00.")
        start = _minutes(start_text, end=False)
        end = _minutes(end_text, end=True)
        if end == start:
            raise HoursInvalid(f"The interval “{part.strip()}” starts and ends at the same time.")
        if end < start:
            end += DAY_MINUTES  # runs past midnight: it belongs to the day it starts
        intervals.append((start, end))
    intervals.sort()
    for (_, previous_end), (start, _) in pairwise(intervals):
        if start < previous_end:
            raise HoursInvalid(f"The intervals in “{text.strip()}” overlap.")
    return tuple(intervals)


def parse_hours(text: str) -> WeeklyHours:
    """The weekly hours written in ``text`` (at most 200 characters), or :class:`HoursInvalid`."""
    if not isinstance(text, str) or not text.strip():
        raise HoursInvalid("The opening hours are empty; write them like “Mo-Sa 10:00-19:00”.")
    if len(text) > MAX_LENGTH:
        raise HoursInvalid(f"The opening hours are longer than {MAX_LENGTH} characters.")
    week: list[tuple[Interval, ...]] = [() for _ in range(7)]
    rules = text.split(";")
    if len(rules) > 1 and not rules[-1].strip():
        rules.pop()  # a trailing "; " is harmless
    for rule in rules:
        rule = " ".join(rule.split())
        if not rule:
            raise HoursInvalid("A rule between two “;” is empty.")
        if rule == "24/7":
            week = [((0, DAY_MINUTES),) for _ in range(7)]
            continue
        days_text, _, times_text = rule.partition(" ")
        if not times_text:
            raise HoursInvalid(f"The rule “{rule}” names no hours; add intervals such as 10:00-19:00, or “off”.")
        days = _parse_days(days_text)
        times_text = times_text.replace(" ", "")
        intervals = () if times_text.lower() in ("off", "closed") else _parse_intervals(times_text)
        for day in days:
            week[day] = intervals
    hours = WeeklyHours(tuple(week))
    if len(hours.text) > MAX_LENGTH:  # so that the canonical text always reads back
        raise HoursInvalid(f"The opening hours are longer than {MAX_LENGTH} characters once written out.")
    return hours
