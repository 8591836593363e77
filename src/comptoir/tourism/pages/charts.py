"""Charts for inline SVG, drawn on the server (no chart library, no script): columns for a series of days (horizontal
bars are the kernel's, ``comptoir.kernel.charts``).

Each chart carries its title and description (the template writes them as the SVG's ``<title>`` and ``<desc>``)
and its rows, which the template repeats as a table for screen readers and for copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720.0
PLOT_HEIGHT = 160.0
AXIS_LEFT = 44.0
AXIS_BOTTOM = 22.0
TOP = 14.0


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    cells: tuple[str, ...]  # the table row after the label


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    anchor: str = "middle"  # the first label starts at its column, the last ends at it, so neither is cut


@dataclass(frozen=True, slots=True)
class ColumnChart:
    title: str
    description: str
    headers: tuple[str, ...]
    columns: tuple[Column, ...]
    ticks: tuple[Tick, ...]
    top_text: str
    empty: bool
    width: float = WIDTH
    height: float = TOP + PLOT_HEIGHT + AXIS_BOTTOM
    left: float = AXIS_LEFT
    baseline: float = TOP + PLOT_HEIGHT
    top: float = TOP


def column_chart(
    title: str,
    description: str,
    headers: tuple[str, ...],
    rows: Sequence[tuple[str, int, str, tuple[str, ...]]],
    *,
    tick_every: int | None = None,
) -> ColumnChart:
    """Columns for ``rows`` (label, value, value as text, the other cells of its table row), left to right; the
    tallest reaches the top of the plot. A few labels are written under the axis (the first, then every
    ``tick_every``, and the last)."""
    count = max(1, len(rows))
    slot = (WIDTH - AXIS_LEFT - 4) / count
    gap = min(2.0, slot * 0.2)
    top = max((value for _, value, _, _ in rows), default=0)
    step = tick_every or max(1, count // 5)
    columns = []
    ticks: list[Tick] = []
    for index, (label, value, text, cells) in enumerate(rows):
        height = 0.0 if top <= 0 else round(value / top * PLOT_HEIGHT, 1)
        x = round(AXIS_LEFT + 2 + index * slot + gap / 2, 1)
        columns.append(
            Column(label, text, x, round(TOP + PLOT_HEIGHT - height, 1), round(slot - gap, 2), height, cells)
        )
        if (index % step == 0 or index == len(rows) - 1) and (not ticks or x - ticks[-1].x > 60):
            ticks.append(Tick(round(x + (slot - gap) / 2, 1), label))
    if ticks:
        ticks[0] = Tick(columns[0].x, ticks[0].label, "start")
    if len(ticks) > 1 and ticks[-1].label == columns[-1].label:
        ticks[-1] = Tick(round(columns[-1].x + columns[-1].width, 1), ticks[-1].label, "end")
    return ColumnChart(
        title=title,
        description=description,
        headers=headers,
        columns=tuple(columns),
        ticks=tuple(ticks),
        top_text=str(top),
        empty=top <= 0,
    )
