"""Server-rendered SVG charts for the dashboards (no JavaScript, no chart library, no CDN).

A `Chart` holds the numbers once; the template shows them twice: as an SVG picture (with a
<title> and <desc> for screen readers) and as a table of the same numbers (`_chart.html`), so
nothing is only in the picture. Colours come from CSS classes (`chart-tone-N`, analytics.css);
series of a line chart also differ by dash pattern, so they stay apart without colour.

The SVG scales to its container (`viewBox`, no fixed size). The view box is narrow (400 units)
so that its text stays readable on a 390 px phone; on a desktop two charts sit side by side.
Month labels are "Mei 2024", never ISO dates.
"""

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from netra.language import is_english

MONTHS_SHORT_ID = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
MONTHS_SHORT_EN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

WIDTH = 400
FONT = 15
TONES = 6
# Longest bar label drawn in the picture; the table below it has the full text.
LABEL_CHARS = 44

_ids = count(1)


def month_label(day: dt.date) -> str:
    """ "Mei 2024" (or "May 2024" in English): a time-series axis label."""
    months = MONTHS_SHORT_EN if is_english() else MONTHS_SHORT_ID
    return f"{months[day.month - 1]} {day.year}"


def number(value: float | int | None, unit: str = "") -> str:
    """Indonesian digit grouping ("1.234", "77,1 %"); English uses "1,234" and "77.1 %"."""
    if value is None:
        return "–"
    english = is_english()
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if not english:
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{text} {unit}".strip() if unit else text


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | int | None, ...]


@dataclass(frozen=True)
class Chart:
    """kind: "line" (a value per category over time), "bars" (one series, horizontal bars) or
    "stacked" (horizontal bars split by series, e.g. compliance per agency)."""

    kind: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    # The heading of the table's first column ("Bulan", "Instansi"...).
    category_heading: str = ""
    # Optional links for the table's category cells (same order as categories).
    links: tuple[str, ...] = field(default=())
    uid: int = field(default_factory=lambda: next(_ids))

    @property
    def is_empty(self) -> bool:
        return not self.categories or all(
            not v for s in self.series for v in s.values if v is not None
        )

    @property
    def rows(self) -> list[dict]:
        """The table under the picture: one row per category with each series' value."""
        out = []
        for i, category in enumerate(self.categories):
            out.append(
                {
                    "label": category,
                    "link": self.links[i] if i < len(self.links) else "",
                    "cells": [
                        {"series": s.label, "value": number(s.values[i], self.unit)}
                        for s in self.series
                    ],
                }
            )
        return out

    @property
    def legend(self) -> list[dict]:
        return [{"label": s.label, "tone": i % TONES} for i, s in enumerate(self.series)]

    @property
    def svg(self) -> SafeString:
        if self.is_empty:
            return mark_safe("")
        render = {"line": _line_svg, "bars": _bars_svg, "stacked": _stacked_svg}[self.kind]
        # Every text in the markup went through `escape` (labels, titles, numbers).
        return mark_safe(render(self))  # noqa: S308


def time_series(
    title: str,
    description: str,
    months: Sequence[dt.date],
    series: Mapping[str, Sequence[int]],
    *,
    category_heading: str = "",
) -> Chart:
    """A line per series over `months` (the first day of each month)."""
    return Chart(
        "line",
        title,
        description,
        tuple(month_label(m) for m in months),
        tuple(Series(label, tuple(values)) for label, values in series.items()),
        category_heading=category_heading,
    )


def bars(
    title: str,
    description: str,
    items: Iterable[tuple[str, float | int]],
    *,
    series_label: str,
    unit: str = "",
    category_heading: str = "",
    links: Sequence[str] = (),
) -> Chart:
    items = list(items)
    return Chart(
        "bars",
        title,
        description,
        tuple(label for label, _v in items),
        (Series(series_label, tuple(v for _l, v in items)),),
        unit=unit,
        category_heading=category_heading,
        links=tuple(links),
    )


def stacked(
    title: str,
    description: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    category_heading: str = "",
    links: Sequence[str] = (),
) -> Chart:
    return Chart(
        "stacked",
        title,
        description,
        tuple(categories),
        tuple(Series(label, tuple(values)) for label, values in series.items()),
        category_heading=category_heading,
        links=tuple(links),
    )


def _nice_max(value: float) -> tuple[float, float]:
    """An axis maximum >= value and its tick step (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1)
    return step * math.ceil(value / step), step


def _svg_open(chart: Chart, height: float) -> str:
    t, d = f"chart-{chart.uid}-title", f"chart-{chart.uid}-desc"
    return (
        f'<svg class="chart chart--{chart.kind}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{t} {d}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}">'
        f'<title id="{t}">{escape(chart.title)}</title>'
        f'<desc id="{d}">{escape(chart.description)}</desc>'
    )


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _line_svg(chart: Chart) -> str:
    left, right, top, bottom = 48, 14, 12, 44
    height = 230
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max((v or 0) for s in chart.series for v in s.values)
    axis_max, step = _nice_max(peak)
    n = len(chart.categories)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / axis_max

    parts = [_svg_open(chart, height)]
    tick = 0.0
    while tick <= axis_max + 1e-9:
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{WIDTH - right}" '
            f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="chart-axis" x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{escape(number(tick))}</text>'
        )
        tick += step
    # At most about six month labels, so they never overlap on a phone; the year under the
    # first one and wherever it changes.
    every = max(1, math.ceil(n / 6))
    last_year = ""
    for i, label in enumerate(chart.categories):
        if i % every:
            continue
        month, _sep, year = label.partition(" ")
        parts.append(
            f'<text class="chart-axis" x="{x(i):.1f}" y="{height - bottom + 20}" '
            f'text-anchor="middle">{escape(month)}</text>'
        )
        if year != last_year:
            parts.append(
                f'<text class="chart-axis" x="{x(i):.1f}" y="{height - bottom + 38}" '
                f'text-anchor="middle">{escape(year)}</text>'
            )
            last_year = year
    for k, s in enumerate(chart.series):
        tone = k % TONES
        points = [(x(i), y(v or 0)) for i, v in enumerate(s.values)]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline class="chart-line chart-tone-{tone}" points="{path}"/>')
        if n <= 24:
            for i, (px, py) in enumerate(points):
                parts.append(
                    f'<circle class="chart-dot chart-tone-{tone}" cx="{px:.1f}" cy="{py:.1f}" '
                    f'r="3"><title>{escape(s.label)}, {escape(chart.categories[i])}: '
                    f"{escape(number(s.values[i], chart.unit))}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


def _bars_svg(chart: Chart) -> str:
    """Horizontal bars, each with its label on its own line above: long Indonesian labels
    ("Pemerintah Kabupaten Bogor") fit a phone without rotating text."""
    row = 44
    height = row * len(chart.categories) + 8
    values = chart.series[0].values
    peak = max((v or 0) for v in values) or 1
    value_room = 72
    plot_w = WIDTH - value_room
    parts = [_svg_open(chart, height)]
    for i, (label, v) in enumerate(zip(chart.categories, values, strict=True)):
        top = i * row + 4
        w = plot_w * (v or 0) / peak
        text = escape(number(v, chart.unit))
        parts.append(
            f'<text class="chart-label" x="0" y="{top + 15}">{escape(_short(label))}</text>'
            f'<rect class="chart-bar chart-tone-0" x="0" y="{top + 21}" width="{max(w, 1):.1f}" '
            f'height="14"><title>{escape(label)}: {text}</title></rect>'
            f'<text class="chart-value" x="{w + 6:.1f}" y="{top + 34}">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _stacked_svg(chart: Chart) -> str:
    row = 44
    height = row * len(chart.categories) + 8
    totals = [sum((s.values[i] or 0) for s in chart.series) for i in range(len(chart.categories))]
    peak = max(totals) or 1
    value_room = 72
    plot_w = WIDTH - value_room
    parts = [_svg_open(chart, height)]
    for i, label in enumerate(chart.categories):
        top = i * row + 4
        parts.append(
            f'<text class="chart-label" x="0" y="{top + 15}">{escape(_short(label))}</text>'
        )
        x = 0.0
        for k, s in enumerate(chart.series):
            v = s.values[i] or 0
            if not v:
                continue
            w = plot_w * v / peak
            parts.append(
                f'<rect class="chart-bar chart-tone-{k % TONES}" x="{x:.1f}" y="{top + 21}" '
                f'width="{w:.1f}" height="14"><title>{escape(label)}, {escape(s.label)}: '
                f"{escape(number(v, chart.unit))}</title></rect>"
            )
            x += w
        parts.append(
            f'<text class="chart-value" x="{x + 6:.1f}" y="{top + 34}">'
            f"{escape(number(totals[i], chart.unit))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
