"""A region's scores by year, one line per programme, drawn as SVG on the server: the page needs no script
and no chart library from outside. Pure: rows in, markup out (escaped)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

WIDTH, HEIGHT, PAD = 640, 240, 36
COLOURS = ("#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d")


def timeline_svg(rows: list[dict[str, Any]], name: Callable[[str], str] = str) -> str:
    """Scores (`metric == 'score'` with a year) of each programme, the mean of what the news reported per year.
    Empty string when there is nothing to draw."""
    series: dict[str, dict[int, list[float]]] = {}
    for r in rows:
        if r["metric"] == "score" and r["year"] is not None and r["value_num"] is not None:
            series.setdefault(r["program"], {}).setdefault(int(r["year"]), []).append(float(r["value_num"]))
    if not series:
        return ""
    years = sorted({y for s in series.values() for y in s})
    values = [v for s in series.values() for vs in s.values() for v in vs]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    span_years = max(years[-1] - years[0], 1)

    def x(year: int) -> float:
        return PAD + (year - years[0]) / span_years * (WIDTH - 2 * PAD) if len(years) > 1 else WIDTH / 2

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD)

    parts = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="Nilai per tahun" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#999"/>']
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{HEIGHT - PAD + 16}" font-size="11" text-anchor="middle">'
                     f"{year}</text>")
    for label, value in ((high, high), (low, low)):
        parts.append(f'<text x="4" y="{y(value) + 4:.1f}" font-size="11">{label:g}</text>')
    for i, (program, by_year) in enumerate(sorted(series.items())):
        colour = COLOURS[i % len(COLOURS)]
        points = [(x(yr), y(sum(vs) / len(vs))) for yr, vs in sorted(by_year.items())]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for (px, py), (yr, vs) in zip(points, sorted(by_year.items()), strict=True):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                         f"<title>{escape(name(program))} {yr}: {sum(vs) / len(vs):g}</title></circle>")
        parts.append(f'<text x="{PAD + 6}" y="{14 + 14 * i}" font-size="11" fill="{colour}">'
                     f"{escape(name(program))}</text>")
    parts.append("</svg>")
    return "".join(parts)
