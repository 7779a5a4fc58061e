"""Geometry of the dashboard's bar charts as plain data; `macros/charts.html` draws it as SVG.

Horizontal bars read well on a 390 px phone: long labels get a line of their own above the bar,
numbers sit beside the bars, and an axis of round steps runs along the bottom. Units are those of
the SVG viewBox, which the page scales to its width.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 360
FONT = 12  # label and value text
SMALL = 10  # tick labels
BAR = 14
BAR_GAP = 3
ROW_GAP = 10
TOP = 6
LEGEND = 22
AXIS = 22
VALUE_ROOM = 64  # right of the plot, for the number beside the longest bar
LEFT_LABEL = 58  # left of the plot, for short labels such as months


@dataclass(frozen=True)
class Series:
    """One set of values, drawn in the colour of its CSS class (`chart-<css>`)."""

    label: str
    css: str
    values: Sequence[int]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    value: int
    text: str
    text_x: float
    css: str
    series: str


@dataclass(frozen=True)
class Row:
    label: str
    label_x: float
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Swatch:
    x: float
    label: str
    css: str


@dataclass(frozen=True)
class BarChart:
    """Everything the macro needs; `empty` when there is nothing but zeros to draw."""

    width: int
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[Swatch, ...]
    bar_height: int
    empty: bool


def nice_step(top: float, count: int = 4) -> int:
    """A round step (1, 2 or 5 × 10^k, at least 1) giving about `count` intervals up to `top`."""
    if top <= count:
        return 1
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def axis(top: int, fixed: int | None = None) -> tuple[int, list[int]]:
    """(axis maximum, tick values): a multiple of a round step, or the fixed maximum given."""
    if fixed is not None:
        step = nice_step(fixed)
        return fixed, list(range(0, fixed + 1, step))
    step = nice_step(top)
    high = max(step, math.ceil(top / step) * step)
    return high, list(range(0, high + 1, step))


def _char_width(ch: str, size: int) -> float:
    return size if ord(ch) > 0x2E7F else size * 0.6


def text_width(text: str, size: int = FONT) -> float:
    """Estimated width: CJK and full-width characters one em, others about 0.6 em."""
    return sum(_char_width(ch, size) for ch in text)


def fit_text(text: str, room: float, size: int = FONT) -> str:
    """The text, cut with an ellipsis so that it fits the room (the longest start that does,
    found in one pass)."""
    if text_width(text, size) <= room:
        return text
    ellipsis = _char_width("…", size)
    used, end = 0.0, 0
    for ch in text:
        used += _char_width(ch, size)
        if used + ellipsis > room:
            break
        end += 1
    return text[:end] + "…"


def grouped(value: int) -> str:
    return f"{value:,}"


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    labels_above: bool = False,
    axis_max: int | None = None,
    fmt: Callable[[int], str] = grouped,
) -> BarChart:
    """Rows of horizontal bars, one row per label and one bar per series in it."""
    values = [v for s in series for v in s.values]
    empty = not labels or not any(values)
    legend = _legend(series) if len(series) > 1 else ()
    top = TOP + (LEGEND if legend else 0)
    left = 0 if labels_above else LEFT_LABEL
    right = WIDTH - VALUE_ROOM
    high, tick_values = axis(max(values, default=0), axis_max)
    scale = (right - left) / high
    rows, y = [], top
    for index, label in enumerate(labels):
        row, y = _row(index, label, series, y, left, scale, labels_above, fmt)
        rows.append(row)
    ticks = tuple(Tick(left + t * scale, fmt(t)) for t in tick_values)
    return BarChart(WIDTH, y + AXIS, left, right, top, y, tuple(rows), ticks, legend, BAR, empty)


def _row(index, label, series, y, left, scale, labels_above, fmt) -> tuple[Row, float]:
    """One row starting at y; returns it and where the next one starts."""
    if labels_above:
        label_y, y = y + FONT, y + FONT + 4
        text = fit_text(label, WIDTH)
    else:
        height = len(series) * BAR + (len(series) - 1) * BAR_GAP
        label_y = y + height / 2 + FONT * 0.35
        text = fit_text(label, LEFT_LABEL - 4)
    bars = []
    for s in series:
        value = s.values[index]
        width = value * scale
        bars.append(Bar(left, y, width, value, fmt(value), left + width + 4, s.css, s.label))
        y += BAR + BAR_GAP
    return Row(text, 0, label_y, tuple(bars)), y - BAR_GAP + ROW_GAP


def _legend(series: Sequence[Series]) -> tuple[Swatch, ...]:
    swatches, x = [], 0.0
    for s in series:
        swatches.append(Swatch(x, s.label, s.css))
        x += 18 + text_width(s.label) + 14
    return tuple(swatches)
