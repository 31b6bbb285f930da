"""The decision record on a time axis: each request and the decision answering it placed at their dates, an
arrow from one to the other, labelled with the latency.

``entries`` is the data (in the JSON twin: each side's EDTF, earliest and latest day, passage); ``layout`` turns
it into pixel positions for one width, which the template draws as inline SVG (``reading/decision_parts.html``)
so that its labels (the latency) are written in the reader's language. The page draws it twice, for a phone and
a desktop, and the stylesheet shows the one that fits. A day is a point; a month, a season, "late May" or an
interval is a bar over its whole span; an approximate or uncertain date is drawn hollow. Each row has a lane of
its own, so arrows and their labels never cross another row's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from opis.model.edtf import EdtfError, parse_edtf

WIDE, NARROW = 860, 330  # drawn twice; the stylesheet shows the one that fits the screen
MAX_ROWS = 200  # more lanes than this is not a picture any more; the table below lists them all
LANE, TOP, MARGIN = 30, 34, 12
LABEL_W = 58  # a tick's label ("1950-04") needs about this many pixels at the font size used
MONTHS_MAX = 30  # up to this many months on the axis it is ticked by month, beyond by year
STEPS = (1, 2, 5, 10, 20, 50, 100)


def _when(side: dict[str, Any] | None) -> dict[str, Any] | None:
    """One side's place in time: its EDTF read as a span of days, or None when undated or unreadable."""
    if not side or not side.get("date"):
        return None
    try:
        parsed = parse_edtf(side["date"])
    except EdtfError:
        return None
    lo = parsed.earliest or parsed.latest  # an open end ("by October 1947") is drawn at its known one
    hi = parsed.latest or parsed.earliest
    if lo is None or hi is None:
        return None
    return {"kind": side["kind"], "edtf": side["date"], "earliest": lo.isoformat(), "latest": hi.isoformat(),
            "fuzzy": bool(parsed.approximate or parsed.uncertain),
            "passage": side["passage"], "object": side.get("object") or ""}


def entries(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The rows with a dated side, as the timeline places them (the first ``MAX_ROWS``), and how many are left
    off for want of a date."""
    out = []
    undated = 0
    for r in rows:
        first = _when(r["request"])
        second = _when(r["decision"])
        if first is None and second is None:
            undated += 1
            continue
        out.append({"request": first, "decision": second, "outcome": r["outcome"],
                    "latency": r["latency"], "latency_span": r["latency_span"]})
    return {"rows": out[:MAX_ROWS], "undated": undated, "cut": max(0, len(out) - MAX_ROWS)}


def _months(lo: date, hi: date) -> int:
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1


def _axis(lo: date, hi: date, width: int) -> tuple[date, date, list[tuple[date, str]]]:
    """The axis's first and last day (whole months or years around the dates) and its labelled ticks: by month
    for a short record (every second or third month labelled on a phone), by year for a long one."""
    labels = max(2, (width - 2 * MARGIN) // LABEL_W)
    if _months(lo, hi) <= MONTHS_MAX:
        first = date(lo.year, lo.month, 1)
        last = date(hi.year + hi.month // 12, hi.month % 12 + 1, 1)
        count = _months(lo, hi)
        every = next(s for s in (1, 2, 3, 6, 12) if count / s <= labels)
        ticks = []
        for k in range(count + 1):
            month = first.month - 1 + k
            day = date(first.year + month // 12, month % 12 + 1, 1)
            ticks.append((day, f"{day.year}-{day.month:02d}" if k % every == 0 and k < count else ""))
        return first, last, ticks
    first, last = date(lo.year, 1, 1), date(hi.year + 1, 1, 1)
    step = next((s for s in STEPS if (last.year - first.year) / s <= labels), STEPS[-1])
    ticks = [(date(y, 1, 1), str(y) if (y - first.year) % step == 0 and y < last.year else "")
             for y in range(first.year, last.year + 1)]
    return first, last, ticks


def layout(timeline: dict[str, Any], width: int) -> dict[str, Any] | None:
    """Pixel positions for one width: ticks, and per row its marks (x from, x to, hollow or not, passage) and
    the arrow between them with where its label goes (after the decision, or before the request when the
    decision sits in the right half, so the label stays inside the chart)."""
    rows = timeline["rows"]
    if not rows:
        return None
    sides = [s for r in rows for s in (r["request"], r["decision"]) if s]
    lo = min(date.fromisoformat(s["earliest"]) for s in sides)
    hi = max(date.fromisoformat(s["latest"]) for s in sides)
    first, last, ticks = _axis(lo, hi, width)
    a, b = first.toordinal(), last.toordinal()

    def x(day: date, end: bool = False) -> float:
        return round(MARGIN + (width - 2 * MARGIN) * (day.toordinal() + (1 if end else 0) - a) / max(1, b - a), 1)

    def mark(side: dict[str, Any] | None) -> dict[str, Any] | None:
        if side is None:
            return None
        x0, x1 = x(date.fromisoformat(side["earliest"])), x(date.fromisoformat(side["latest"]), end=True)
        point = side["earliest"] == side["latest"]
        return {**side, "x0": x0, "x1": x1, "w": max(4.0, round(x1 - x0, 1)), "point": point,
                "cx": round((x0 + x1) / 2, 1)}

    lanes = []
    for n, r in enumerate(rows):
        y = TOP + n * LANE
        req, dec = mark(r["request"]), mark(r["decision"])
        arrow = None
        if req and dec:
            start, end = req["cx"], dec["cx"]
            arrow = {"x1": start, "x2": end, "bend": y - 12}
        right = max(m["x1"] for m in (req, dec) if m)
        left = min(m["x0"] for m in (req, dec) if m)
        after = right < width / 2
        lanes.append({"y": y, "request": req, "decision": dec, "arrow": arrow, "outcome": r["outcome"],
                      "latency_span": r["latency_span"], "label_x": round(right + 8 if after else left - 8, 1),
                      "label_anchor": "start" if after else "end"})
    room = width - MARGIN - LABEL_W  # a label starting further right would be cut off at the edge
    return {"width": width, "height": TOP + len(rows) * LANE, "lanes": lanes,
            "ticks": [{"x": x(d), "label": label if x(d) <= room else ""} for d, label in ticks]}
