"""Horizontal bar charts for inline SVG, drawn on the server (no chart library, no script).

A chart is its rows (a label, a value, the value written out) laid out in SVG user units; the template
draws the bars with a ``<title>`` and ``<desc>`` and repeats the rows as a table for screen readers and
for copying (macro ``bar_chart`` in ``kernel/_bar_chart.html``). One layout serves every page's bar charts (the
control tower's, a brand's visit-to-purchase delays), so they look alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WIDTH = 640.0
LABEL_WIDTH = 220.0
VALUE_WIDTH = 90.0
ROW_HEIGHT = 22.0
BAR_HEIGHT = 14.0
TOP = 6.0


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    text: str
    y: float
    width: float
    tone: str
    """``ok``, ``warn``, ``bad`` or ``plain``: the template picks the colour."""

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 3


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    description: str
    headers: tuple[str, str]
    bars: tuple[Bar, ...]
    width: float = WIDTH
    label_width: float = LABEL_WIDTH
    value_x: float = WIDTH - VALUE_WIDTH + 6

    @property
    def height(self) -> float:
        return TOP * 2 + ROW_HEIGHT * max(1, len(self.bars))

    @property
    def bar_height(self) -> float:
        return BAR_HEIGHT

    @property
    def plot_width(self) -> float:
        return self.width - self.label_width - VALUE_WIDTH


def bar_chart(
    title: str,
    description: str,
    headers: tuple[str, str],
    rows: Iterable[tuple[str, float, str, str]],
    *,
    scale: float | None = None,
) -> BarChart:
    """A chart of ``rows`` (label, value, value as text, tone); bars are scaled to ``scale`` (default: the
    largest value), so a rate is drawn against 1 and a count against the largest count."""
    listed = list(rows)
    top = scale if scale is not None else max((value for _, value, _, _ in listed), default=0.0)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = tuple(
        Bar(
            label=label,
            text=text,
            y=TOP + i * ROW_HEIGHT,
            width=0.0 if top <= 0 else round(min(value, top) / top * plot, 1),
            tone=tone,
        )
        for i, (label, value, text, tone) in enumerate(listed)
    )
    return BarChart(title=title, description=description, headers=headers, bars=bars)
