"""Chart and map geometry for server-rendered SVG.

Charts are computed here as plain numbers and drawn by Jinja templates
(``templates/_charts.html``) with autoescaping on, so a region or outlet name can
never inject markup, and pages need no JavaScript charting library or CDN: the
coverage chart, the bar chart and the map all work offline and without script.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    value_text: str
    title: str
    href: str | None = None
    fill: str = "#3b6ea5"
    flagged: bool = False


@dataclass
class Tick:
    pos: float
    text: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    xticks: list[Tick] = field(default_factory=list)
    yticks: list[Tick] = field(default_factory=list)
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)
    """x, y, width, height of the plotting area."""
    caption: str = ""


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm) and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * exp:
            return step * exp
    return 10 * exp


def _fmt(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def timeline_chart(timeline: list[tuple[str, int]], *, width: int = 720, height: int = 160,
                   href_for_month=None) -> Chart:
    """Reports per month, gaps filled with zero so a quiet month shows as a gap."""
    counts = {m: c for m, c in timeline if isinstance(m, str) and len(m) >= 7 and m[:4].isdigit()}
    chart = Chart(width=width, height=height)
    if not counts:
        return chart
    months = _months_between(min(counts), max(counts))
    left, right, top, bottom = 40, 8, 8, 24
    pw, ph = width - left - right, height - top - bottom
    chart.plot = (left, top, pw, ph)
    top_val = _nice_max(max(counts.values()))
    slot = pw / len(months)
    for i, month in enumerate(months):
        c = counts.get(month, 0)
        h = ph * c / top_val
        chart.bars.append(Bar(
            x=left + i * slot + slot * 0.1, y=top + ph - h, w=max(slot * 0.8, 0.5), h=h,
            label=month, value_text=str(c), title=f"{month}: {c}",
            href=href_for_month(month) if (href_for_month and c) else None))
    step = max(1, len(months) // 8)
    for i in range(0, len(months), step):
        chart.xticks.append(Tick(left + i * slot + slot / 2, months[i]))
    for frac in (0, 0.5, 1):
        chart.yticks.append(Tick(top + ph - ph * frac, _fmt(top_val * frac)))
    return chart


# A sequential light-to-dark scale (colour-blind safe ordering of lightness).
_SCALE = ("#fff5d6", "#fdd49e", "#fc8d59", "#d7301f", "#7f0000")


def colour_for(value: float, lo: float, hi: float) -> str:
    if hi <= lo:
        return _SCALE[2]
    k = int((value - lo) / (hi - lo) * (len(_SCALE) - 1) + 0.5)
    return _SCALE[max(0, min(len(_SCALE) - 1, k))]


def legend(lo: float, hi: float) -> list[tuple[str, str]]:
    """(colour, value text) stops for the map legend."""
    n = len(_SCALE)
    if hi <= lo:
        return [(_SCALE[2], _fmt(lo))]
    return [(c, _fmt(lo + (hi - lo) * i / (n - 1))) for i, c in enumerate(_SCALE)]


def bar_chart(items: list[tuple[str, float, str | None, bool]], *, width: int = 720,
              unit: str | None = None) -> Chart:
    """Horizontal bars, one per (label, value, href, flagged), largest first."""
    items = sorted(items, key=lambda it: -it[1])[:60]
    row = 22
    left, right, top, bottom = 150, 70, 8, 8
    height = top + bottom + row * max(len(items), 1)
    chart = Chart(width=width, height=height)
    if not items:
        return chart
    pw = width - left - right
    chart.plot = (left, top, pw, row * len(items))
    hi = max(max(v for _, v, _, _ in items), 0)
    lo = min(min(v for _, v, _, _ in items), 0)
    span = (hi - lo) or 1.0
    zero = left + pw * (0 - lo) / span
    vlo, vhi = min(v for _, v, _, _ in items), max(v for _, v, _, _ in items)
    for i, (label, value, href, flagged) in enumerate(items):
        x0 = left + pw * (min(value, 0) - lo) / span
        x1 = left + pw * (max(value, 0) - lo) / span
        text = _fmt(value) + (unit or "")
        chart.bars.append(Bar(x=x0, y=top + i * row + 3, w=max(x1 - x0, 1), h=row - 6, label=label,
                              value_text=text, title=f"{label}: {text}", href=href,
                              fill=colour_for(value, vlo, vhi), flagged=flagged))
    chart.xticks.append(Tick(zero, "0"))
    return chart


@dataclass
class MapPoint:
    x: float
    y: float
    r: float
    fill: str
    label: str
    value_text: str
    href: str | None
    flagged: bool = False


@dataclass
class MapChart:
    width: int
    height: int
    points: list[MapPoint] = field(default_factory=list)
    backdrop: list[tuple[float, float]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    graticule: list[tuple[str, float, float, float, float]] = field(default_factory=list)
    """(label, x1, y1, x2, y2) lines every 10 degrees."""
    missing: list[str] = field(default_factory=list)


# Mainland China, Hainan, Taiwan and the western borders fit in this box.
LON0, LON1, LAT0, LAT1 = 73.0, 136.0, 17.0, 54.5


def project(lon: float, lat: float, width: int, height: int) -> tuple[float, float]:
    """Equirectangular projection scaled by cos(35°): simple, and good enough for dots."""
    k = math.cos(math.radians(35))
    x = (lon - LON0) * k / ((LON1 - LON0) * k) * width
    y = (LAT1 - lat) / (LAT1 - LAT0) * height
    return round(x, 1), round(y, 1)


def map_chart(points: list[tuple[str, float, float, float, str | None, bool]],
              backdrop: list[tuple[float, float]], *, width: int = 640, unit: str | None = None,
              missing: list[str] | None = None) -> MapChart:
    """Dots at (label, lon, lat, value, href, flagged), coloured by value, over a backdrop of seats."""
    k = math.cos(math.radians(35))
    height = int(width * (LAT1 - LAT0) / ((LON1 - LON0) * k))
    chart = MapChart(width=width, height=height, missing=list(missing or []))
    chart.backdrop = [project(lon, lat, width, height) for lon, lat in backdrop
                      if LON0 <= lon <= LON1 and LAT0 <= lat <= LAT1]
    for lon in range(80, 136, 10):
        x1, y1 = project(lon, LAT1, width, height)
        x2, y2 = project(lon, LAT0, width, height)
        chart.graticule.append((f"{lon}°E", x1, y1, x2, y2))
    for lat in range(20, 55, 10):
        x1, y1 = project(LON0, lat, width, height)
        x2, y2 = project(LON1, lat, width, height)
        chart.graticule.append((f"{lat}°N", x1, y1, x2, y2))
    if not points:
        return chart
    values = [p[3] for p in points]
    lo, hi = min(values), max(values)
    chart.legend = legend(lo, hi)
    for label, lon, lat, value, href, flagged in sorted(points, key=lambda p: p[3]):
        x, y = project(lon, lat, width, height)
        chart.points.append(MapPoint(x=x, y=y, r=7, fill=colour_for(value, lo, hi), label=label,
                                     value_text=_fmt(value) + (unit or ""), href=href, flagged=flagged))
    return chart
