"""An SVG chart of a benchmark report: time against record count, the site build
beside its raw floor (plain Material over the raw records) and the check beside its parse floor.

The SVG is drawn in `currentColor` only (series told apart by dash and marker), so
inlined in a page it takes the text colour of the light and the dark scheme alike.
The same report gives the same bytes.

    python -m benchmarks.chart /tmp/bench.json > chart.svg
"""

from __future__ import annotations

import math

from . import report_command

WIDTH, HEIGHT = 720, 320
PANEL_W, TOP, BOTTOM, LEFT = 300, 70, 50, 60

# (report key, label, dash pattern, marker)
PANELS = (
    ("站点构建 site build", (("build_s", "mkdocs build (minutebook)", "", "circle"),
                         ("floor_build_s", "raw floor: plain Material build of the raw records", "6 4", "square"))),
    ("检查 check", (("check_s", "minutebook check", "", "circle"),
                  ("parse_floor_s", "CSafeLoader parse (floor)", "6 4", "square"))),
)


def nice_step(top: float, ticks: int = 5) -> float:
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _num(v: float) -> str:
    return f"{v:,.0f}" if v >= 10 or v == int(v) else f"{v:.1f}"


def render(report: dict) -> str:
    runs = report["runs"]
    xs = [r["records"] for r in runs]
    x_top = max(xs) * 1.05
    x_step = nice_step(max(xs))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
           f'role="img" aria-label="time against record count" font-family="sans-serif" font-size="12" '
           f'fill="currentColor" stroke="currentColor">']
    for p, (title, series) in enumerate(PANELS):
        x0 = LEFT + p * (PANEL_W + LEFT + 20)
        y0 = HEIGHT - BOTTOM
        h = HEIGHT - TOP - BOTTOM
        top = max(r[key] for r in runs for key, *_ in series)
        y_step = nice_step(top)
        y_top = math.ceil(top * 1.1 / y_step) * y_step

        def X(v):
            return x0 + v / x_top * PANEL_W

        def Y(v):
            return y0 - v / y_top * h

        out.append(f'<text x="{x0}" y="16" font-weight="bold" stroke="none">{title}</text>')
        tick = 0.0
        while tick <= y_top + 1e-9:
            y = Y(tick)
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke-opacity="0.15"/>')
            out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" stroke="none">{_num(tick)}</text>')
            tick += y_step
        tick = 0.0
        while tick <= x_top:
            x = X(tick)
            out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + 4}"/>')
            out.append(f'<text x="{x:.1f}" y="{y0 + 18}" text-anchor="middle" stroke="none">{_num(tick)}</text>')
            tick += x_step
        out.append(f'<line x1="{x0}" y1="{y0}" x2="{x0 + PANEL_W}" y2="{y0}"/>')
        out.append(f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{TOP}"/>')
        out.append(f'<text x="{x0 + PANEL_W / 2:.0f}" y="{y0 + 38}" text-anchor="middle" stroke="none">'
                   f'记录数 records</text>')
        out.append(f'<text transform="translate({x0 - 44},{TOP + h / 2:.0f}) rotate(-90)" text-anchor="middle" '
                   f'stroke="none">秒 seconds</text>')
        for i, (key, label, dash, marker) in enumerate(series):
            points = [(X(r["records"]), Y(r[key])) for r in runs]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{path}" fill="none" stroke-width="2"{dash_attr}/>')
            for (x, y), r in zip(points, runs):
                if marker == "circle":
                    out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
                else:
                    out.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="none"/>')
                out.append(f'<text x="{x - 8:.1f}" y="{y - 8:.1f}" text-anchor="end" font-size="11" '
                           f'stroke="none">{r[key]:.1f}</text>')
            ly, lx = 34 + 16 * i, x0  # the legend, one series a row
            out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke-width="2"{dash_attr}/>')
            out.append(f'<text x="{lx + 26}" y="{ly + 4}" font-size="11" stroke="none">{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    return report_command.run("benchmarks.chart", render, argv)


if __name__ == "__main__":
    raise SystemExit(main())
