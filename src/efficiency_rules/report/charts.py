"""Inline SVG charts, generated here so the page needs no script and no network.

Each function returns one `<svg>` element as text. All text placed in a chart goes through
`html.escape` (a region name is input too). Charts are small: their size is bounded by the
regions and the months shown, never by the number of findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from ..findings import SEVERITIES
from ..store.model import PeriodTrend, RatioPoint
from .content import percent_floor

SEVERITY_COLOURS = {"error": "#b3261e", "warning": "#d48806", "suggestion": "#5b7a99"}
PASS_COLOUR, FAIL_COLOUR, THRESHOLD_COLOUR = "#2f6690", "#b3261e", "#b3261e"
SERIES_COLOURS = ("#1f4e79", "#c0392b", "#2e7d32", "#7b3f98", "#d35400", "#00838f", "#6d4c41",
                  "#b8860b", "#455a64", "#ad1457")
FONT = 'font-family="inherit"'


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[str, Fraction | None], ...]  # (period, ratio)


def _svg(width: int, height: int, label: str, body: Iterable[str]) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img" aria-label="{escape(label)}" {FONT}>'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12,
          fill: str = "#333", weight: str = "normal", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
        f' fill="{fill}" font-weight="{weight}"{klass}>{escape(text)}</text>'
    )


def ratio_bars(points: Sequence[RatioPoint], label: str, pass_text: str, fail_text: str) -> str:
    """One horizontal bar per region on a 0–100% scale, with the threshold as a red line.

    The scale starts at 0 so a bar's length is honest; the exact n/d and the pass/fail word
    beside each bar carry the precision the eye cannot."""
    left, right, top, row = 110, 200, 28, 30
    plot = 360
    height = top + row * len(points) + 28
    width = left + plot + right
    parts = [_text(left, 16, "0%", anchor="middle", size=11, fill="#777"),
             _text(left + plot, 16, "100%", anchor="middle", size=11, fill="#777")]
    for tick in range(0, 101, 20):
        x = left + plot * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 24}"'
                     ' stroke="#e3e3e3" stroke-width="1"/>')
    for n, point in enumerate(points):
        y = top + n * row
        ratio = point.ratio or Fraction(0)
        colour = PASS_COLOUR if point.passes else FAIL_COLOUR
        parts.append(_text(left - 8, y + 19, point.region, anchor="end", size=13))
        parts.append(
            f'<rect class="ratio-bar" data-region="{escape(point.region)}"'
            f' data-pass="{str(bool(point.passes)).lower()}" x="{left}" y="{y + 6}"'
            f' width="{float(plot * ratio):.1f}" height="{row - 12}" fill="{colour}" rx="2"/>'
        )
        verdict = pass_text if point.passes else fail_text
        parts.append(_text(left + plot + 8, y + 19,
                           f"{percent_floor(ratio)}（{point.numerator}/{point.denominator}）{verdict}",
                           size=12, fill=colour, weight="bold" if not point.passes else "normal"))
    if points:
        threshold = points[0].threshold
        x = left + float(plot * threshold)
        parts.append(f'<line class="threshold" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}"'
                     f' y2="{height - 22}" stroke="{THRESHOLD_COLOUR}" stroke-width="2"'
                     ' stroke-dasharray="5 3"/>')
        parts.append(_text(x, height - 8, f"要求 {percent_floor(threshold)}", anchor="middle",
                           size=11, fill=THRESHOLD_COLOUR))
    return _svg(width, height, label, parts)


def severity_trend(trend: Sequence[PeriodTrend], label: str, names: dict[str, str]) -> str:
    """Stacked columns: open findings per period, by severity (errors at the bottom)."""
    left, top, bottom, plot_h = 48, 34, 36, 200
    col = 56 if len(trend) <= 6 else 40
    gap = col * 0.6
    width = max(360, int(left + len(trend) * (col + gap) + gap + 10))
    height = top + plot_h + bottom
    peak = max((sum(t.open.values()) for t in trend), default=0) or 1
    scale = _nice_ceiling(peak)
    parts = _legend(left, 16, [(names[s], SEVERITY_COLOURS[s]) for s in SEVERITIES])
    for tick in _ticks(scale):
        y = top + plot_h - plot_h * tick / scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}"'
                     ' stroke="#e3e3e3"/>')
        parts.append(_text(left - 6, y + 4, str(tick), anchor="end", size=11, fill="#777"))
    for n, point in enumerate(trend):
        x = left + gap + n * (col + gap)
        y = top + plot_h
        parts.append(f'<g class="trend-period" data-period="{escape(point.period)}">')
        for severity in SEVERITIES:
            count = point.open.get(severity, 0)
            h = plot_h * count / scale
            y -= h
            if count:
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{col}" height="{h:.1f}"'
                             f' fill="{SEVERITY_COLOURS[severity]}"><title>{escape(point.period)}'
                             f" {escape(names[severity])} {count}</title></rect>")
        parts.append(_text(x + col / 2, y - 5, str(sum(point.open.values())), anchor="middle",
                           size=12, weight="bold"))
        parts.append(_text(x + col / 2, top + plot_h + 18, point.period, anchor="middle",
                           size=12))
        parts.append("</g>")
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}"'
                 ' stroke="#555"/>')
    return _svg(width, height, label, parts)


def ratio_trend(series: Sequence[Series], periods: Sequence[str], threshold: Fraction,
                label: str) -> str:
    """One line per region across the months, with the threshold dashed.

    Unlike the bars, the scale is zoomed to the data (a line's slope is what the reader
    compares), and the axis says where it starts."""
    left, top, plot_w, plot_h, legend_w = 52, 20, max(240, 90 * len(periods)), 190, 130
    width, height = left + plot_w + 20 + legend_w, top + plot_h + 40
    values = [r for s in series for _, r in s.points if r is not None] + [threshold]
    low = max(0, (int(min(values) * 100) // 5) * 5 - 5)
    high = 100

    def y_of(ratio: Fraction) -> float:
        return top + plot_h - plot_h * (float(ratio) * 100 - low) / (high - low)

    def x_of(index: int) -> float:
        return left + (plot_w * (index + 0.5) / len(periods) if periods else 0)

    parts = []
    for tick in range(low, high + 1, 5 if high - low <= 30 else 10):
        y = y_of(Fraction(tick, 100))
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"'
                     ' stroke="#e3e3e3"/>')
        parts.append(_text(left - 6, y + 4, f"{tick}%", anchor="end", size=11, fill="#777"))
    for n, period in enumerate(periods):
        parts.append(_text(x_of(n), top + plot_h + 18, period, anchor="middle", size=12,
                           cls="ratio-period"))
    ty = y_of(threshold)
    parts.append(f'<line class="threshold" x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}"'
                 f' y2="{ty:.1f}" stroke="{THRESHOLD_COLOUR}" stroke-width="1.5"'
                 ' stroke-dasharray="6 4"/>')
    index = {p: n for n, p in enumerate(periods)}
    for n, line in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        coords = [(x_of(index[p]), y_of(r)) for p, r in line.points if r is not None and p in index]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}"'
                         ' stroke-width="2"/>')
        shown = [(p, r) for p, r in line.points if r is not None and p in index]
        for (p, r), (x, y) in zip(shown, coords, strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                         f"<title>{escape(line.name)} {escape(p)} {percent_floor(r)}</title>"
                         "</circle>")
        parts.extend(_legend(left + plot_w + 24, top + 8 + 20 * n, [(line.name, colour)]))
    parts.append(_text(left + plot_w + 24, top + 8 + 20 * len(series) + 4,
                       f"- - 要求 {percent_floor(threshold)}", size=11, fill=THRESHOLD_COLOUR))
    return _svg(width, height, label, parts)


def _legend(x: float, y: float, entries: Sequence[tuple[str, str]]) -> list[str]:
    parts = []
    for name, colour in entries:
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="12" height="12" fill="{colour}"'
                     ' rx="2"/>')
        parts.append(_text(x + 17, y + 1, name, size=12))
        x += 26 + 13 * len(name)
    return parts


def _nice_ceiling(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return int(-(-value // step) * step)
    magnitude = 10 ** (len(str(value)) - 1)
    return int(-(-value // magnitude) * magnitude)


def _ticks(scale: int) -> list[int]:
    step = max(1, scale // 5)
    return list(range(0, scale + 1, step))
