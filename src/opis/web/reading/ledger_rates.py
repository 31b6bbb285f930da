"""The aid ledger's conversion and chart: sums in one currency converted only with the exchange rates the
archive's own documents state, each converted figure naming its rate and the passage stating it; and the sums
by year and kind laid out as bars, one chart per currency or unit.

Where the rates come from: the ``rates`` extractor's findings (``extract/quantities/rates.py``: "11 200 thousand
yens (about 2 800 000 rub)", "for one military-Korean yen they give about 4 rubles") in the collection's
documents. No rate from outside the archive is ever used, and rates are not chained (yen to ruble to dollar): a
sum is converted only when some document states a rate between its currency and the target one, in either
direction. When documents state different rates for the same pair (the seed paper's sums imply 0.25 ruble a
yen, its footnote says "about 4 rubles"), a row takes the rate stated in one of its own documents, else the
value stated most often, and lists the others, so a reader sees the disagreement rather than a silent choice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from opis.model import Document
from opis.store.statements import text_of

WIDE, NARROW = 860, 330  # the chart drawn twice, as the decision record's timeline
BAR_H, GAP, LABEL_W = 14, 4, 120


@dataclass(frozen=True)
class StatedRate:
    """One rate as a document states it: ``value`` units of ``to`` for one unit of ``frm``."""
    frm: str
    to: str
    value: float
    text: str  # the two sums as written, "11 200 thousand yens = about 2 800 000 rub"
    document: str
    document_title: str
    passage: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.frm, "to": self.to, "value": self.value, "text": self.text, "document": self.document,
                "document_title": self.document_title, "passage": self.passage, "basis": self.basis}


def stated_rates(docs: list[Document]) -> list[StatedRate]:
    """Every rate the documents' texts state, with the passage stating it."""
    out = []
    for doc in docs:
        rendition = text_of(doc)[0]
        for r in doc.findings.rates:
            if r.rate is None or not r.rate.value or r.from_.start is None or r.to.end is None:
                continue
            start, end = min(r.from_.start, r.to.start or r.from_.start), max(r.to.end, r.from_.end or r.to.end)
            out.append(StatedRate(r.rate.from_, r.rate.to, float(r.rate.value), f"{r.from_.text} = {r.to.text}",
                                  doc.id, doc.title, f"/documents/{doc.id}?passage={rendition}:{start}-{end}#passage",
                                  r.basis or ""))
    return out


def _pairs(rates: list[StatedRate]) -> dict[tuple[str, str], list[tuple[float, StatedRate]]]:
    """(from, to) -> (multiplier, the rate stating it), both directions: a rate stated as ruble per yen also
    converts rubles to yen, by its inverse."""
    out: dict[tuple[str, str], list[tuple[float, StatedRate]]] = defaultdict(list)
    for r in rates:
        out[(r.frm, r.to)].append((r.value, r))
        out[(r.to, r.frm)].append((1 / r.value, r))
    return out


def targets(rows: list[dict[str, Any]], rates: list[StatedRate]) -> list[str]:
    """The currencies a sum may be converted into, those that convert most of the ledger's sums first (a
    currency the sums are already in does not count as converting them)."""
    units = Counter(r["unit"] for r in rows)
    reach: Counter[str] = Counter()
    for frm, to in _pairs(rates):
        reach[to] += units.get(frm, 0)
    return sorted(reach, key=lambda c: (-reach[c], -units.get(c, 0), c))


def _documents(row: dict[str, Any]) -> set[str]:
    return {p.split("?")[0].removeprefix("/documents/") for p in row["passages"]}


def _choose(found: list[tuple[float, StatedRate]], own: set[str]) -> tuple[float, StatedRate, str]:
    """The rate for one row: one its own documents state, else the value stated most often (the first
    passage stating it)."""
    mine = [f for f in found if f[1].document in own]
    if mine:
        return (*mine[0], "same document")
    often = Counter(round(m, 9) for m, _ in found)
    best = max(often, key=lambda v: (often[v], -found.index(next(f for f in found if round(f[0], 9) == v))))
    chosen = next(f for f in found if round(f[0], 9) == best)
    return (*chosen, "another document")


def convert(rows: list[dict[str, Any]], rates: list[StatedRate], to: str) -> list[dict[str, Any]]:
    """Each row with ``converted``: the sum in ``to`` and the rate used (null when no document states one)."""
    pairs = _pairs(rates)
    out = []
    for row in rows:
        converted: dict[str, Any] | None = None
        if row["unit"] == to:
            converted = {"value": row["total"], "unit": to, "rate": None}
        elif (row["unit"], to) in pairs:
            found = pairs[(row["unit"], to)]
            multiplier, rate, where = _choose(found, _documents(row))
            others = [f"{v:g}" for v in sorted({round(m, 6) for m, _ in found} - {round(multiplier, 6)})]
            converted = {"value": row["total"] * multiplier, "unit": to, "rate": {
                "multiplier": multiplier, "from": rate.frm, "to": rate.to, "stated_value": rate.value,
                "text": rate.text, "document": rate.document, "document_title": rate.document_title,
                "passage": rate.passage, "basis": rate.basis, "found_in": where, "other_values": others}}
        out.append({**row, "converted": converted})
    return out


def chart(rows: list[dict[str, Any]], width: int) -> list[dict[str, Any]]:
    """Bars by year and kind, one chart per unit (sums in different currencies are never drawn on one scale);
    each bar links to the first passage of its sum."""
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_unit[r["unit"]].append(r)
    charts = []
    for unit, items in sorted(by_unit.items()):
        sums: dict[tuple[str, str], dict[str, Any]] = {}
        for r in items:
            bar = sums.setdefault((r["year"], r["kind"]), {"year": r["year"], "kind": r["kind"], "total": 0.0,
                                                           "href": r["passages"][0] if r["passages"] else None})
            bar["total"] += r["total"]
        top = max(b["total"] for b in sums.values()) or 1.0
        room = width - LABEL_W - 90  # the value is written after the bar
        bars = []
        for n, key in enumerate(sorted(sums)):
            b = sums[key]
            bars.append({**b, "y": n * (BAR_H + GAP), "w": max(2, round(room * b["total"] / top, 1)),
                         "x": LABEL_W})
        charts.append({"unit": unit, "width": width, "height": len(bars) * (BAR_H + GAP), "bars": bars})
    return charts
