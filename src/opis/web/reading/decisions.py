"""The decision record and the aid ledger: who asked whom for what, what was decided, how fast, and the sums
asked, promised and delivered, every row tied to its passage.

Both read the stored statements (store/statements.py) of a collection's documents or of one person's, leaving
out rejected ones. The decision record of a theme reads those of the documents the search index finds under a
subject (the catalogue's words) or an object kind (what statements are about: vocab/object_kinds.yaml), keeping,
for a kind, the statements about it.

A row is a request with the decision that answers it (``responds_to``); a decision that answers no stored
request, and an offer or delivery, is a row of its own. Each row links to its document with the passage
highlighted (``?passage=<rendition>:<start>-<end>#passage``).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import quote, urlencode

from opis.index import SearchIndex
from opis.index.counts import documents_in
from opis.index.storecheck import visible_ids
from opis.model import Authority, Collection
from opis.model.edtf import EdtfError, parse_edtf
from opis.model.objects import kind_ids, object_kinds
from opis.store import statements
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.pagequeries import members, stating_rates
from opis.web.core import labels
from opis.web.core.i18n import N_
from opis.web.reading import decision_timeline, ledger_rates

MAX_DOCUMENTS = 2000  # a collection's record is read from this many documents at most, and says so
FILTERS = ("actor", "object", "outcome", "kind", "year")
FACETS = ("actor", "kind", "year")  # counted over the rows the other filters leave, each value a link
# Kinds, outcomes and the ledger's kinds are data in the JSON twins (English, as stored); marked for the
# catalogue so the HTML page shows them in the reader's language, ``{{ _(r.outcome) }}``.
KINDS = (N_("request"), N_("offer"), N_("decision"), N_("delivery"))
FACET_VALUES = 30  # the most frequent actors shown; kinds and years are few
OUTCOMES = (N_("approved"), N_("refused"), N_("partly approved"), N_("deferred"), N_("conditions"), N_("pending"))


def _party(ref: Any) -> dict[str, Any] | None:
    if ref is None:
        return None
    holder = ref.holder.name if ref.holder is not None else None
    return {"text": ref.text, "authority": ref.authority, "holder": holder}


def passage_url(s: statements.Stored) -> str:
    return f"/documents/{s.record_id}?passage={s.rendition_id}:{s.statement.start}-{s.statement.end}#passage"


def _side(s: statements.Stored, titles: dict[str, str]) -> dict[str, Any]:
    st = s.statement
    q = st.quantity
    return {"id": s.id, "kind": st.kind, "document": s.record_id, "document_title": titles.get(s.record_id, ""),
            "agent": _party(st.agent), "addressee": _party(st.addressee), "object": st.object,
            "quantity": {"text": q.text, "value": q.value, "unit": q.unit} if q is not None else None,
            "date": st.date, "status": s.status, "confidence": s.confidence, "passage": passage_url(s)}


def _latency(decision: statements.Stored) -> str | None:
    lat = decision.statement.latency
    if lat is None:
        return None
    if lat.stated:
        return lat.stated
    if lat.minutes is not None:
        return f"{lat.minutes // 60} h {lat.minutes % 60:02d} min"
    if lat.min_days is not None and lat.max_days is not None:
        return f"{lat.min_days} days" if lat.min_days == lat.max_days else f"{lat.min_days}–{lat.max_days} days"
    return None


def _latency_span(decision: statements.Stored) -> dict[str, Any] | None:
    """The latency as numbers (or the text's own words), for a page to write in its reader's language."""
    lat = decision.statement.latency
    if lat is None or (lat.stated is None and lat.minutes is None and (lat.min_days is None or lat.max_days is None)):
        return None
    return {"stated": lat.stated, "minutes": lat.minutes, "min_days": lat.min_days, "max_days": lat.max_days}


def rows(found: list[statements.Stored], titles: dict[str, str]) -> list[dict[str, Any]]:
    """Requests with the decisions that answer them, then what stands alone, in date order."""
    answers: dict[str, list[statements.Stored]] = defaultdict(list)
    by_id = {s.id: s for s in found}
    for s in found:
        if s.statement.kind == "decision" and s.responds_to in by_id:
            answers[str(s.responds_to)].append(s)
    answered = {d.id for ds in answers.values() for d in ds}
    out = []
    for s in found:
        if s.id in answered:
            continue
        decisions = answers.get(s.id, [])
        d = decisions[0] if decisions else None
        lead = s if s.statement.kind == "request" else None
        out.append({"request": _side(lead, titles) if lead else None,
                    "decision": _side(d, titles) if d else (_side(s, titles) if lead is None else None),
                    "outcome": _outcome(s, d), "latency": _latency(d) if d else None,
                    "latency_span": _latency_span(d) if d else None,
                    "more_decisions": [_side(x, titles) for x in decisions[1:]]})
    return out


def _outcome(s: statements.Stored, d: statements.Stored | None) -> str:
    if s.statement.kind == "request":
        return (d.statement.decision or "approved") if d is not None else "pending"
    if s.statement.kind == "decision":
        return s.statement.decision or "approved"
    return s.statement.kind  # an offer or a delivery is its own outcome


def _names(row: dict[str, Any]) -> list[str]:
    out = []
    for side in (row["request"], row["decision"]):
        for p in (side or {}).get("agent"), (side or {}).get("addressee"):
            if p:
                out += [p["text"], p.get("authority") or "", p.get("holder") or ""]
    return [x.casefold() for x in out if x]


def _sides(row: dict[str, Any]) -> list[dict[str, Any]]:
    return [side for side in (row["request"], row["decision"], *row["more_decisions"]) if side]


def row_kinds(row: dict[str, Any]) -> set[str]:
    """What a row holds: a request, and the decision, offer or delivery of its other side."""
    return {side["kind"] for side in _sides(row)}


def row_year(row: dict[str, Any]) -> str:
    """The year a row starts in: its request's, else its decision's (or offer's, delivery's)."""
    first = row["request"] or row["decision"]
    return _year(first.get("date")) if first else ""


def row_actors(row: dict[str, Any]) -> dict[str, str]:
    """The parties of a row, key -> label: a linked party by its authority id, any other as written."""
    out: dict[str, str] = {}
    for side in _sides(row):
        for p in (side.get("agent"), side.get("addressee")):
            if p:
                out.setdefault(p.get("authority") or p["text"], p.get("holder") or p["text"])
    return out


def chosen(row: dict[str, Any], params: dict[str, str], skip: str = "") -> bool:
    """Whether a row passes the filters ``params`` (all but ``skip``, the facet being counted)."""
    actor, obj, outcome, kind, year = (params.get(k, "") if k != skip else "" for k in FILTERS)
    if actor and not any(actor.casefold() in n for n in _names(row)):
        return False
    if obj:
        said = " ".join(str((side or {}).get("object") or "") for side in (row["request"], row["decision"]))
        if obj.casefold() not in said.casefold():
            return False
    if kind and kind not in row_kinds(row):
        return False
    if year and row_year(row) != year:
        return False
    return not outcome or row["outcome"] == outcome


def facets(every: list[dict[str, Any]], params: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Counts by actor, kind and year of the rows the other filters leave; each value with the query that
    chooses it (or, when chosen, the query that drops it)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    labels: dict[str, str] = {}
    for row in every:
        for name in FACETS:
            if not chosen(row, params, skip=name):
                continue
            if name == "actor":
                actors = row_actors(row)
                labels.update(actors)
                counts[name].update(actors.keys())
            elif name == "kind":
                counts[name].update(row_kinds(row))
            elif row_year(row):
                counts[name][row_year(row)] += 1
    out: dict[str, list[dict[str, Any]]] = {}
    for name in FACETS:
        if name == "actor":
            items = sorted(counts[name].items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0]).casefold()))
            items = items[:FACET_VALUES]
        elif name == "kind":
            items = [(k, counts[name][k]) for k in KINDS if counts[name][k]]
        else:
            items = sorted(counts[name].items())
        out[name] = [_facet_value(name, value, n, labels.get(value, value), params) for value, n in items]
    return out


def _facet_value(name: str, value: str, count: int, label: str, params: dict[str, str]) -> dict[str, Any]:
    selected = params.get(name, "") == value
    query = {k: v for k, v in params.items() if k in FILTERS and v and k != name}
    if not selected:
        query[name] = value
    return {"value": value, "label": label, "count": count, "selected": selected,
            "query": urlencode(sorted(query.items()))}


def _record(found: list[statements.Stored], titles: dict[str, str], params: dict[str, str]) -> dict[str, Any]:
    every = rows(found, titles)
    shown = [r for r in every if chosen(r, params)]
    return {"filters": {k: params.get(k, "") for k in FILTERS}, "outcomes": list(OUTCOMES),
            "total": len(every), "shown": len(shown), "rows": shown, "facets": facets(every, params),
            "statements": len(found), "timeline": decision_timeline.entries(shown)}


def drawn(ctx: dict[str, Any]) -> dict[str, Any]:
    """What only the HTML page needs: the timeline laid out for a desktop and for a phone."""
    return {"timeline_wide": decision_timeline.layout(ctx["timeline"], decision_timeline.WIDE),
            "timeline_narrow": decision_timeline.layout(ctx["timeline"], decision_timeline.NARROW)}


def _collection(archive: Archive, viewer: Viewer, record_id: str) -> tuple[Collection, dict[str, str], bool]:
    """The collection, its first MAX_DOCUMENTS documents' titles by id, and whether it holds more."""
    record = archive.get(record_id, viewer)
    if not isinstance(record, Collection):
        raise NotFound(f"no collection {record_id!r}")
    titles, total = members(archive, viewer, record.id, MAX_DOCUMENTS)
    return record, titles, total > MAX_DOCUMENTS


def _collection_statements(archive: Archive, viewer: Viewer, record_id: str
                           ) -> tuple[Collection, list[statements.Stored], dict[str, str], bool]:
    record, titles, cut = _collection(archive, viewer, record_id)
    return record, statements.of_records(archive, list(titles), viewer), titles, cut


def collection_record(archive: Archive, viewer: Viewer, record_id: str, params: dict[str, str]) -> dict[str, Any]:
    record, found, titles, cut = _collection_statements(archive, viewer, record_id)
    return {"of": {"kind": "collection", "id": record.id, "title": record.title, "url": f"/collections/{record.id}"},
            "ledger_url": f"/collections/{record.id}/ledger", "truncated": cut, **_record(found, titles, params)}


def person_record(archive: Archive, viewer: Viewer, record_id: str, params: dict[str, str]) -> dict[str, Any]:
    record = archive.get(record_id, viewer)
    if not isinstance(record, Authority):
        raise NotFound(f"no authority {record_id!r}")
    found = statements.of_authority(archive, record.id, viewer)
    # the requests a person's decisions answer belong in the person's record too
    ids = {s.id for s in found}
    wanted = {str(s.responds_to) for s in found if s.responds_to and s.responds_to not in ids}
    docs = {s.record_id for s in found}
    extra = [s for d in docs for s in statements.of_document(archive, d, viewer) if s.id in wanted]
    found = sorted([*found, *extra], key=lambda s: (s.statement.date or "", s.record_id, s.statement.start))
    titles = archive.titles(sorted({s.record_id for s in found}), viewer)
    return {"of": {"kind": record.kind, "id": record.id, "title": record.preferred,
                   "url": f"/authorities/{record.id}"},
            "ledger_url": None, "truncated": False,
            **_record(found, {k: v[1] for k, v in titles.items()}, params)}


def theme_record(archive: Archive, index: SearchIndex, viewer: Viewer, facet: str, value: str,
                 params: dict[str, str]) -> dict[str, Any]:
    """The decision record of a theme: ``facet`` is ``subject`` (the catalogue's words) or ``object`` (a kind of
    what statements are about); its documents are those the index files under the value, the first
    MAX_DOCUMENTS in date order."""
    if facet == "object" and value not in kind_ids():
        raise NotFound(f"no object kind {value!r}; known: {', '.join(kind_ids())}")
    ids, total = documents_in(index, viewer, archive.today(), facet, value, MAX_DOCUMENTS,
                              visible_ids(archive, viewer))
    found = statements.of_records(archive, ids, viewer)
    if facet == "object":  # a document about fuel and loans: only its statements about this kind
        found = [s for s in found if value in object_kinds(s.statement)]
    titles = {k: v[1] for k, v in archive.titles(sorted({s.record_id for s in found}), viewer).items()}
    title = labels.object_kind(value) if facet == "object" else value
    return {"of": {"kind": facet, "id": value, "title": title, "url": "/search?" + urlencode({facet: value})},
            "ledger_url": None, "truncated": total > MAX_DOCUMENTS, "documents": min(total, MAX_DOCUMENTS),
            **_record(found, titles, params)}


def theme_url(facet: str, value: str) -> str:
    """Where a theme's decision record is: /subjects/<words>/decisions, /objects/<kind>/decisions."""
    return f"/{'objects' if facet == 'object' else 'subjects'}/{quote(value, safe='')}/decisions"


# --- the aid ledger ---------------------------------------------------------------------------------------------

LEDGER_KINDS = {"request": N_("requested"), "offer": N_("promised"), "decision": N_("granted"),
                "delivery": N_("delivered")}
LEDGER_FIELDS = ("donor", "recipient", "year", "kind", "unit", "total", "items", "passages", "converted",
                 "converted_unit", "rate", "rate_passage")


def _year(edtf: str | None) -> str:
    if not edtf:
        return ""
    try:
        lo = parse_edtf(edtf).earliest
    except EdtfError:
        return ""
    return str(lo.year) if lo else ""


def _donor_recipient(s: statements.Stored) -> tuple[str, str]:
    st = s.statement

    def name(p: Any) -> str:
        return (p.holder.name if p.holder else p.text) if p is not None else ""
    if st.kind == "request":  # who asks receives; whom it is asked of gives
        return name(st.addressee), name(st.agent)
    return name(st.agent), name(st.addressee)


def ledger(found: list[statements.Stored]) -> list[dict[str, Any]]:
    """Sums of the stated quantities by donor, recipient, year, kind (requested, promised, granted, delivered)
    and unit, in the currency or unit the text states (``collection_ledger`` adds their conversion)."""
    sums: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}
    for s in found:
        q = s.statement.quantity
        if q is None or q.value is None or s.statement.decision == "refused":
            continue
        donor, recipient = _donor_recipient(s)
        key = (donor, recipient, _year(s.statement.date), LEDGER_KINDS[s.statement.kind], q.unit or q.text)
        row = sums.setdefault(key, {"donor": key[0], "recipient": key[1], "year": key[2], "kind": key[3],
                                    "unit": key[4], "total": 0.0, "items": 0, "passages": []})
        row["total"] += float(q.value)
        row["items"] += 1
        row["passages"].append(passage_url(s))
    return sorted(sums.values(), key=lambda r: (r["year"], r["donor"], r["recipient"], r["kind"], r["unit"]))


LEDGER_PAGE = 200  # sums a ledger page lists (the chart and the CSV take them all)


def collection_ledger(archive: Archive, viewer: Viewer, record_id: str, to: str = "", offset: int = 0,
                      limit: int = LEDGER_PAGE) -> dict[str, Any]:
    """The ledger, and each sum converted into ``to`` (else the currency most sums reach) with a rate the
    collection's documents state (web/reading/ledger_rates.py); none when no document states one.

    Bounded for a collection of thousands of documents: the store hands over only the statements that state a
    quantity and only the documents that state a rate (both tested in SQL), never every document; ``rows`` is
    one page of the sums (``offset``, ``limit``), ``all_rows`` every sum for the chart and the CSV."""
    record, titles, cut = _collection(archive, viewer, record_id)
    sums = ledger(statements.with_quantity(archive, list(titles), viewer))
    rates = ledger_rates.stated_rates(stating_rates(archive, viewer, list(titles)))
    options = ledger_rates.targets(sums, rates)
    target = to if to in options else (options[0] if options else "")
    every = ledger_rates.convert(sums, rates, target) if target else [{**r, "converted": None} for r in sums]
    offset = max(0, min(offset, max(0, len(every) - 1)))
    base = f"/collections/{record.id}/ledger"
    query = {"to": target} if to and target else {}

    def at(start: int) -> str:
        return base + "?" + urlencode({**query, "offset": start}) if start else base + (
            "?" + urlencode(query) if query else "")
    return {"of": {"kind": "collection", "id": record.id, "title": record.title, "url": f"/collections/{record.id}"},
            "decisions_url": f"/collections/{record.id}/decisions", "truncated": cut,
            "conversion": {"to": target or None, "options": options,
                           "rates": [r.as_dict() for r in rates]},
            "total_rows": len(every), "offset": offset, "limit": limit,
            "next": at(offset + limit) if offset + limit < len(every) else None,
            "prev": at(max(0, offset - limit)) if offset else None,
            "rows": every[offset:offset + limit], "all_rows": every}


def ledger_drawn(ctx: dict[str, Any]) -> dict[str, Any]:
    """What only the HTML ledger needs: its bars, for a desktop and for a phone."""
    return {"chart_wide": ledger_rates.chart(ctx["all_rows"], ledger_rates.WIDE),
            "chart_narrow": ledger_rates.chart(ctx["all_rows"], ledger_rates.NARROW)}


def ledger_csv(rows_: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(LEDGER_FIELDS)
    for r in rows_:
        c = r.get("converted") or {}
        rate = c.get("rate") or {}
        w.writerow([r["donor"], r["recipient"], r["year"], r["kind"], r["unit"], f"{r['total']:g}", r["items"],
                    " ".join(r["passages"]), f"{c['value']:g}" if c else "", c.get("unit", ""),
                    f"{rate['multiplier']:g}" if rate else "", rate.get("passage", "")])
    return out.getvalue()
