"""Small inline SVG charts, written by hand: a line chart and a bar chart.

Deterministic (fixed geometry, coordinates with at most two decimals), no script and
nothing fetched: the page carries the picture. Colours come from the theme's CSS
variables and `currentColor`, with a fallback, so a chart reads in light and dark
mode. Every chart has a <title> and <desc>, every data point a <title>; all text goes
through html.escape. The viewBox lets a chart scale to its column.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Callable

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH, HEIGHT = 640, 256
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 24, 32
PLOT_W = WIDTH - LEFT - RIGHT  # 568
PLOT_H = HEIGHT - TOP - BOTTOM  # 200
BASE = TOP + PLOT_H  # y of the zero line

INK = "var(--md-accent-fg-color, #526cfe)"
AXIS = "var(--md-default-fg-color--lighter, #888)"
GRID = "var(--md-default-fg-color--lightest, #ddd)"


@dataclass(frozen=True)
class Point:
    label: str  # category on the x axis
    value: float | None  # None: no data (a gap in a line, no bar)
    title: str  # what a reader hears or sees on hover for this point
    attrs: tuple = ()  # extra (name, value) attributes, e.g. ("data-metric", "…")


def n(x: float) -> str:
    """A coordinate with at most two decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attrs(pairs) -> str:
    return "".join(f' {name}="{html.escape(str(value))}"' for name, value in pairs)


def scale(max_value: float, integer: bool = False, intervals: int = 4) -> tuple[float, list[float]]:
    """A round top for the y axis at or above `max_value`, and its ticks from 0."""
    if max_value <= 0:
        return 1.0, [0.0, 0.5, 1.0] if not integer else [0.0, 1.0]
    raw = max_value / intervals
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw * (1 - 1e-9))
    if integer:
        step = max(1.0, math.ceil(step))
    count = math.ceil(max_value / step - 1e-9)
    return step * count, [step * i for i in range(count + 1)]


def y_of(value: float, top: float) -> float:
    return BASE - value / top * PLOT_H


def x_of(index: int, count: int) -> float:
    return LEFT + PLOT_W / count * (index + 0.5)


def _frame(chart_id: str, title: str, desc: str, top: float, ticks: list[float],
           tick_format: Callable[[float], str], points: list[Point], body: list[str],
           target: float | None, target_label: str) -> str:
    out = [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'class="mb-chart" id="{html.escape(chart_id)}" aria-labelledby="{html.escape(chart_id)}-title '
        f'{html.escape(chart_id)}-desc" style="max-width:{WIDTH}px;height:auto;color:inherit" '
        'font-family="inherit" font-size="11">',
        f'<title id="{html.escape(chart_id)}-title">{html.escape(title)}</title>',
        f'<desc id="{html.escape(chart_id)}-desc">{html.escape(desc)}</desc>',
        '<g class="mb-chart-grid">',
    ]
    for t in ticks:
        y = n(y_of(t, top))
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" style="stroke:{GRID}"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" '
                   f'fill="currentColor">{html.escape(tick_format(t))}</text>')
    out.append(f'<line x1="{LEFT}" y1="{BASE}" x2="{WIDTH - RIGHT}" y2="{BASE}" style="stroke:{AXIS}"/>')
    for i, p in enumerate(points):
        out.append(f'<text x="{n(x_of(i, len(points)))}" y="{BASE + 18}" text-anchor="middle" '
                   f'fill="currentColor">{html.escape(p.label)}</text>')
    out.append("</g>")
    if target is not None and 0 <= target <= top:
        y = n(y_of(target, top))
        out.append(f'<g class="mb-chart-target"><title>{html.escape(target_label)}</title>'
                   f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
                   'style="stroke:currentColor;stroke-dasharray:6 4;opacity:.7"/>'
                   f'<text x="{WIDTH - RIGHT}" y="{n(y_of(target, top) - 4)}" text-anchor="end" '
                   f'fill="currentColor">{html.escape(target_label)}</text></g>')
    out.extend(body)
    if all(p.value is None for p in points):
        out.append(f'<text x="{n(LEFT + PLOT_W / 2)}" y="{n(TOP + PLOT_H / 2)}" text-anchor="middle" '
                   'fill="currentColor">暂无数据</text>')
    out.append("</svg>")
    return "".join(out)


def line_chart(chart_id: str, title: str, desc: str, points: list[Point], *, top: float,
               ticks: list[float], tick_format: Callable[[float], str],
               target: float | None = None, target_label: str = "") -> str:
    """A line through the points, broken where a value is None; a circle per value."""
    body = ['<g class="mb-chart-series">']
    run: list[str] = []
    segments: list[list[str]] = []
    for i, p in enumerate(points):
        if p.value is None:
            if run:
                segments.append(run)
            run = []
            continue
        run.append(f"{n(x_of(i, len(points)))},{n(y_of(p.value, top))}")
    if run:
        segments.append(run)
    for seg in segments:
        if len(seg) > 1:
            body.append(f'<polyline points="{" ".join(seg)}" style="fill:none;stroke:{INK};stroke-width:2"/>')
    for i, p in enumerate(points):
        if p.value is None:
            continue
        body.append(f'<circle cx="{n(x_of(i, len(points)))}" cy="{n(y_of(p.value, top))}" r="4" '
                    f'style="fill:{INK}"{_attrs(p.attrs)}><title>{html.escape(p.title)}</title></circle>')
    body.append("</g>")
    return _frame(chart_id, title, desc, top, ticks, tick_format, points, body, target, target_label)


def bar_chart(chart_id: str, title: str, desc: str, points: list[Point], *, top: float,
              ticks: list[float], tick_format: Callable[[float], str],
              value_format: Callable[[float], str] | None = None,
              target: float | None = None, target_label: str = "") -> str:
    """A bar per point with its value above it; no bar where the value is None."""
    band = PLOT_W / len(points) if points else PLOT_W
    width = min(48.0, band * 0.6)
    body = ['<g class="mb-chart-series">']
    for i, p in enumerate(points):
        if p.value is None:
            continue
        height = p.value / top * PLOT_H
        x = x_of(i, len(points)) - width / 2
        body.append(f'<rect x="{n(x)}" y="{n(BASE - height)}" width="{n(width)}" height="{n(height)}" '
                    f'style="fill:{INK}"{_attrs(p.attrs)}><title>{html.escape(p.title)}</title></rect>')
        if value_format is not None:
            body.append(f'<text x="{n(x_of(i, len(points)))}" y="{n(BASE - height - 4)}" '
                        f'text-anchor="middle" fill="currentColor">{html.escape(value_format(p.value))}</text>')
    body.append("</g>")
    return _frame(chart_id, title, desc, top, ticks, tick_format, points, body, target, target_label)
