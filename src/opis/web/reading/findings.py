"""What the extractors found in a document, shaped for its page: footnotes with their parsed
citations (linked into the archival tree, back-references shown resolved), names, dates,
quantities, exchange rates and tables with their checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opis import vocab
from opis.model import ArchivalReference, Document, archival_format
from opis.model.findings import (
    ArchivalCitation,
    ArchivalLevels,
    BibliographicCitation,
    Citation,
    IdentityCheck,
    TableCheck,
    WebCitation,
)
from opis.web.core import labels
from opis.web.reading.textmarks import looks_like_name, note_anchors
from opis.web.reading.views import tree_url


def tree_href(ref: ArchivalReference | ArchivalLevels) -> str | None:
    """The archival-tree page of the deepest unit a reference names: the units given from the top down, as far
    as they run unbroken (an optional level such as the papka may be missing); the top one must be known."""
    repo = vocab.repository_by_code().get(ref.repository or "")
    units = vocab.archival_levels().units
    if repo is None or not ref.level(units[0].key):
        return None
    path = []
    for level in units:
        value = ref.level(level.key)
        if value:
            path.append((level.key, value))
        elif not level.optional:
            break
    return tree_url(repo.slug, path)


def _bibliographic(c: BibliographicCitation) -> str:
    head = ", ".join(c.authors)
    container = f"// {c.container}" if c.container else ""
    where = ": ".join(p for p in (c.place, c.publisher) if p)
    tail = ", ".join(p for p in (where, c.year) if p)
    pages = f"p. {c.pages}" if c.pages else ""
    return ". ".join(p.rstrip(". ") for p in (head, c.title or "", container, tail, pages) if p)


def formatted(c: Citation | ArchivalReference) -> str:
    """A citation (or a document's own archival reference) printed in canonical form from its parsed fields."""
    top = vocab.archival_levels().units[0].key
    if isinstance(c, ArchivalReference):
        return archival_format.canonical(c.fields()) if c.level(top) else ""
    if isinstance(c, ArchivalCitation | WebCitation) and c.level(top):
        return archival_format.canonical(c.model_dump())
    if isinstance(c, ArchivalCitation):
        return ", ".join(p for p in (c.repository or "", *archival_format.us_parts(c.model_dump())) if p)
    if isinstance(c, BibliographicCitation):
        return _bibliographic(c)
    if isinstance(c, WebCitation):
        return ", ".join(p for p in (c.title, c.date, c.site) if p)
    return ""


def _safe_url(value: object) -> str | None:
    # Only web addresses become links: a "javascript:" URL in a footnote must stay text.
    text = str(value or "")
    return text if text.startswith(("https://", "http://")) else None


def citation(c: Citation) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind, "raw": c.raw, "formatted": formatted(c), "note": c.note,
                           "href": tree_href(c) if isinstance(c, ArchivalLevels) else None,
                           "url": _safe_url(c.url) if isinstance(c, WebCitation) else None,
                           "ibid_of": c.ibid_of, "ibid_prev": c.ibid_prev}
    if c.kind == "ibid":
        out["unresolved"] = True
    return out


def footnotes(doc: Document) -> list[dict[str, Any]]:
    cited: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for c in doc.findings.citations:
        cited.setdefault((str(c.footnote), c.footnote_occurrence or 1), []).append(citation(c))
    notes = doc.findings.footnotes
    seen: dict[str, int] = {}  # a number printed again (numbering restarted) is its next occurrence
    out = []
    for f, anchor in zip(notes, note_anchors(notes), strict=True):
        seen[f.number] = seen.get(f.number, 0) + 1
        out.append({"number": f.number, "anchor": anchor, "text": f.text, "referenced": bool(f.refs),
                    "citations": cited.get((f.number, seen[f.number]), [])})
    return out


def mentions(doc: Document, visible: Mapping[str, str]) -> list[dict[str, Any]]:
    """Authorities the names extractor found in the text, the ones the reader may see, most mentioned first."""
    found: dict[str, dict[str, Any]] = {}
    for n in doc.findings.names:
        target = str(n.authority)
        if target in visible and looks_like_name(n.text):
            entry = found.setdefault(target, {"id": target, "preferred": visible[target], "type": n.type,
                                              "count": 0, "forms": []})
            entry["count"] += 1
            if n.text not in entry["forms"]:
                entry["forms"].append(n.text)
    return sorted(found.values(), key=lambda e: (-e["count"], e["preferred"]))


def dates(doc: Document) -> list[dict[str, Any]]:
    return [{"text": d.text, "edtf": d.edtf, "earliest": d.earliest, "latest": d.latest}
            for d in doc.findings.dates]


def _number(value: object) -> str:
    if isinstance(value, int | float):
        return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:,}".replace(",", " ")
    return str(value)


def quantities(doc: Document) -> list[dict[str, Any]]:
    return [{"text": q.text, "value": q.value, "shown": _number(q.value), "unit": q.unit,
             "unit_label": labels.unit(q.unit or ""), "kind": q.kind, "qualifier": q.qualifier}
            for q in doc.findings.quantities]


def rates(doc: Document) -> list[dict[str, Any]]:
    return [{"from": r.from_.text, "to": r.to.text, "basis": r.basis, "rate": r.rate.value if r.rate else None,
             "from_unit": labels.unit(str(r.rate.from_ if r.rate else None)),
             "to_unit": labels.unit(str(r.rate.to if r.rate else None))} for r in doc.findings.rates]


def _check(c: TableCheck) -> dict[str, Any]:
    if isinstance(c, IdentityCheck):
        detail = f"{c.formula}: {c.rows_checked} rows checked, {len(c.failures)} failed"
        failed = [f"row {f.label or f.row}: stated {f.stated}, computed {f.computed}" for f in c.failures]
        return {"ok": c.ok, "detail": detail, "failures": failed}
    what = "total" if c.check == "column_total" else "subtotal"
    detail = f"{c.column}, {what} row “{c.row}”: stated {c.stated}, computed {c.computed}"
    return {"ok": c.ok, "detail": detail, "failures": []}


def tables(doc: Document) -> list[dict[str, Any]]:
    return [{"n": n, "caption": t.caption, "caption_footnote": t.caption_footnote, "header": t.header,
             "rows": t.rows, "row_roles": t.row_roles, "checks": [_check(c) for c in t.checks],
             "csv": f"/documents/{doc.id}/tables/{n}.csv"} for n, t in enumerate(doc.findings.tables, 1)]
