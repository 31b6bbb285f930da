"""Small charts drawn as inline SVG by our own code: counts as bars, documents on a time axis.

Every piece of text that reaches a chart (labels, titles from ingested files) goes through
``html.escape``, so a chart is as inert as the page around it. Charts repeat what the page says
in words or tables next to them, so they are hidden from screen readers and their links are left
out of the tab order: the accessible version is the list beside the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from opis.model.edtf_words import readable

BAR_H, BAR_GAP, FONT = 18, 6, 13
STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(href: str | None, body: str, tip: str) -> str:
    inner = f"<title>{_e(tip)}</title>{body}"
    return f'<a href="{_e(href)}" tabindex="-1">{inner}</a>' if href else f"<g>{inner}</g>"


def bar_chart(items: Sequence[Mapping[str, Any]], label: str, width: int = 400, label_width: int = 110) -> Markup:
    """Horizontal bars, one per item (``label``, ``count``, optional ``href``)."""
    if not items:
        return Markup("")
    top = max(int(i["count"]) for i in items) or 1
    room = width - label_width - 60
    rows = []
    for n, item in enumerate(items):
        y = n * (BAR_H + BAR_GAP)
        w = max(2, round(room * int(item["count"]) / top))
        name = _e(_short(str(item["label"]), 16))
        body = (f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">{name}</text>'
                f'<rect x="{label_width}" y="{y}" width="{w}" height="{BAR_H}" rx="2"></rect>'
                f'<text x="{label_width + w + 6}" y="{y + 13}">{_e(item["count"])}</text>')
        rows.append(_link(item.get("href"), body, f'{item["label"]}: {item["count"]}'))
    height = len(items) * (BAR_H + BAR_GAP)
    return Markup(f'<svg class="chart bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'aria-hidden="true" focusable="false" font-size="{FONT}" data-label="{_e(label)}">'
                  + "".join(rows) + "</svg>")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _step(years: int, ticks: int = 10) -> int:
    return next((s for s in STEPS if years / s <= ticks), STEPS[-1])


def _lanes(spans: Sequence[tuple[float, float]]) -> list[int]:
    """Greedy packing: each span goes in the first lane whose last span ended before it starts."""
    ends: list[float] = []
    lanes = []
    for start, end in spans:
        lane = next((i for i, e in enumerate(ends) if e < start), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        lanes.append(lane)
    return lanes


def timeline(items: Sequence[Mapping[str, Any]], width: int = 860,
             span: tuple[int, int] | None = None) -> Markup:
    """Documents on a time axis: a point for a day, a bar for a longer or fuzzy interval.

    Items carry ``id``, ``title``, ``earliest``, ``latest`` (ISO days or None for an open end),
    ``edtf``, ``text`` and optionally ``fuzzy`` (an approximate or uncertain date, drawn hollow).
    Open ends run to the edge of the axis, drawn dashed. ``span`` (first and last year) bounds the
    axis, as a zoomed timeline does (narrowed further to the years the documents reach); a date
    reaching past it is cut at the edge.
    """
    dated = [i for i in items if i.get("earliest") or i.get("latest")]
    if not dated:
        return Markup("")
    lo_d = min(date.fromisoformat(i["earliest"] or i["latest"]) for i in dated)
    hi_d = max(date.fromisoformat(i["latest"] or i["earliest"]) for i in dated)
    if span is None:
        span = (lo_d.year, hi_d.year)
    elif max(span[0], lo_d.year) <= min(span[1], hi_d.year):
        # Zoomed to the 1940s with documents from 1945 on: the axis starts at 1945, not at an empty 1940.
        span = (max(span[0], lo_d.year), min(span[1], hi_d.year))
    first, last = span[0], span[1] + 1
    axis_lo, axis_hi = date(first, 1, 1).toordinal(), date(last, 1, 1).toordinal()
    left, right = 10, width - 10

    def x(day: int) -> float:
        return round(left + (right - left) * (day - axis_lo) / max(1, axis_hi - axis_lo), 1)

    def clip(day: int) -> int:
        return min(max(day, axis_lo), axis_hi - 1)

    spans = [(clip(date.fromisoformat(i["earliest"]).toordinal()) if i["earliest"] else axis_lo,
              clip(date.fromisoformat(i["latest"]).toordinal()) if i["latest"] else axis_hi - 1) for i in dated]
    lanes = _lanes([(x(a), x(b) + 6) for a, b in spans])  # in pixels, so close points do not overlap
    marks = [_mark(i, x(a), x(b + 1), 30 + lane * 14) for i, (a, b), lane in zip(dated, spans, lanes, strict=True)]
    height = 40 + (max(lanes) + 1) * 14
    return Markup(f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'aria-hidden="true" focusable="false" font-size="12">'
                  + _axis(first, last, x, height, labels=max(2, width // 85)) + "".join(marks) + "</svg>")


LABEL_ROOM = 36  # pixels a year label needs at font size 12: a closer tick gets its line only


def _axis(first: int, last: int, x: Any, height: int, labels: int = 10) -> str:
    """Year ticks: the axis start, then every ``step`` years (at most about ``labels`` of them, so a
    narrow chart keeps them apart); the axis end has no room for a label."""
    step = _step(last - first, labels)
    years = [first, *range((first // step + 1) * step, last, step)]
    ticks = []
    edge = x(date(last, 1, 1).toordinal())
    labelled = edge  # the axis end: a label closer to it than a label's room would be cut off
    for year in reversed(years):  # from the right: a round year keeps its label, the axis start gives way
        px = x(date(year, 1, 1).toordinal())
        text = ""
        if labelled - px >= LABEL_ROOM:
            text, labelled = f'<text x="{px + 3}" y="13">{year}</text>', px
        ticks.append(f'<line class="tick" x1="{px}" x2="{px}" y1="18" y2="{height}"></line>{text}')
    return "".join(reversed(ticks))


def _mark(item: Mapping[str, Any], x0: float, x1: float, y: int) -> str:
    tip = f'{item["title"]} — {readable(item["edtf"]) if item.get("edtf") else item.get("text") or ""}'.strip(" —")
    href = f'/documents/{item["id"]}'
    if item.get("earliest") and item["earliest"] == item.get("latest"):
        cls = "point fuzzy" if item.get("fuzzy") else "point"
        return _link(href, f'<circle class="{cls}" cx="{x0}" cy="{y + 4}" r="4"></circle>', tip)
    open_end = not item.get("earliest") or not item.get("latest")
    cls = "range open" if open_end else "range fuzzy" if item.get("fuzzy") else "range"
    width = max(3.0, x1 - x0)
    return _link(href, f'<rect class="{cls}" x="{x0}" y="{y}" width="{width}" height="8" rx="2"></rect>', tip)
