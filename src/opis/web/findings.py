"""What the extractors found in a document, shaped for its page: footnotes with their parsed
citations (linked into the archival tree, back-references shown resolved), names, dates,
quantities, exchange rates and tables with their checks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from opis import vocab
from opis.model import Document, archival_format
from opis.web import labels
from opis.web.textmarks import looks_like_name
from opis.web.views import tree_url

Finding = Mapping[str, Any]


def tree_href(fields: Finding) -> str | None:
    """The archival-tree page of the deepest unit a citation names: the units given from the top down, as far
    as they run unbroken (an optional level such as the papka may be missing); the top one must be known."""
    repo = vocab.repository_by_code().get(str(fields.get("repository") or ""))
    units = vocab.archival_levels().units
    if repo is None or not fields.get(units[0].key):
        return None
    path = []
    for level in units:
        if fields.get(level.key):
            path.append((level.key, str(fields[level.key])))
        elif not level.optional:
            break
    return tree_url(repo.slug, path)


def _bibliographic(c: Finding) -> str:
    head = ", ".join(c.get("authors") or [])
    title = c.get("title") or ""
    container = f"// {c['container']}" if c.get("container") else ""
    where = ": ".join(str(p) for p in (c.get("place"), c.get("publisher")) if p)
    tail = ", ".join(str(p) for p in (where, c.get("year")) if p)
    pages = f"p. {c['pages']}" if c.get("pages") else ""
    return ". ".join(p.rstrip(". ") for p in (head, title, container, tail, pages) if p)


def formatted(c: Finding) -> str:
    """A citation printed in canonical form from its parsed fields."""
    top = vocab.archival_levels().units[0].key
    if c.get("kind") in ("archival", "web", None) and c.get(top):  # None: a document's own reference
        return archival_format.canonical(c)
    us = archival_format.us_parts(c)
    if us:
        return ", ".join(p for p in (str(c.get("repository") or ""), *us) if p)
    if c.get("kind") == "bibliographic":
        return _bibliographic(c)
    if c.get("kind") == "web":
        return ", ".join(str(p) for p in (c.get("title"), c.get("date"), c.get("site")) if p)
    return ""


def _safe_url(value: object) -> str | None:
    # Only web addresses become links: a "javascript:" URL in a footnote must stay text.
    text = str(value or "")
    return text if text.startswith(("https://", "http://")) else None


def citation(c: Finding) -> dict[str, Any]:
    out = {"kind": c.get("kind"), "raw": c.get("raw", ""), "formatted": formatted(c), "note": c.get("note"),
           "href": tree_href(c) if c.get("kind") in ("archival", "web") else None, "url": _safe_url(c.get("url")),
           "ibid_of": c.get("ibid_of"), "ibid_prev": c.get("ibid_prev")}
    if c.get("kind") == "ibid":
        out["unresolved"] = True
    return out


def footnotes(doc: Document) -> list[dict[str, Any]]:
    cited: dict[str, list[dict[str, Any]]] = {}
    for c in doc.findings.get("citations", []):
        cited.setdefault(str(c.get("footnote")), []).append(citation(c))
    return [{"number": str(f.get("number")), "text": f.get("text", ""), "referenced": bool(f.get("refs")),
             "citations": cited.get(str(f.get("number")), [])} for f in doc.findings.get("footnotes", [])]


def mentions(doc: Document, visible: Mapping[str, str]) -> list[dict[str, Any]]:
    """Authorities the names extractor found in the text, the ones the reader may see, most mentioned first."""
    found: dict[str, dict[str, Any]] = {}
    for n in doc.findings.get("names", []):
        target = str(n.get("authority"))
        if target in visible and looks_like_name(str(n.get("text"))):
            entry = found.setdefault(target, {"id": target, "preferred": visible[target], "type": n.get("type"),
                                              "count": 0, "forms": []})
            entry["count"] += 1
            if n.get("text") not in entry["forms"]:
                entry["forms"].append(n.get("text"))
    return sorted(found.values(), key=lambda e: (-e["count"], e["preferred"]))


def dates(doc: Document) -> list[dict[str, Any]]:
    return [{k: d.get(k) for k in ("text", "edtf", "earliest", "latest")} for d in doc.findings.get("dates", [])]


def _number(value: object) -> str:
    if isinstance(value, int | float):
        return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:,}".replace(",", " ")
    return str(value)


def quantities(doc: Document) -> list[dict[str, Any]]:
    return [{"text": q.get("text"), "value": q.get("value"), "shown": _number(q.get("value")),
             "unit": q.get("unit"), "unit_label": labels.unit(str(q.get("unit") or "")), "kind": q.get("kind"),
             "qualifier": q.get("qualifier")} for q in doc.findings.get("quantities", [])]


def rates(doc: Document) -> list[dict[str, Any]]:
    out = []
    for r in doc.findings.get("rates", []):
        rate = r.get("rate") or {}
        out.append({"from": (r.get("from") or {}).get("text"), "to": (r.get("to") or {}).get("text"),
                    "basis": r.get("basis"), "rate": rate.get("value"), "from_unit": labels.unit(str(rate.get("from"))),
                    "to_unit": labels.unit(str(rate.get("to")))})
    return out


def _check(c: Finding) -> dict[str, Any]:
    if c.get("check") == "row_identity":
        failures: Sequence[Finding] = c.get("failures") or []
        detail = f"{c.get('formula')}: {c.get('rows_checked')} rows checked, {len(failures)} failed"
        failed = [f"row {f.get('label') or f.get('row')}: stated {f.get('stated')}, computed {f.get('computed')}"
                  for f in failures]
        return {"ok": bool(c.get("ok")), "detail": detail, "failures": failed}
    what = "total" if c.get("check") == "column_total" else "subtotal"
    detail = f"{c.get('column')}, {what} row “{c.get('row')}”: stated {c.get('stated')}, computed {c.get('computed')}"
    return {"ok": bool(c.get("ok")), "detail": detail, "failures": []}


def tables(doc: Document) -> list[dict[str, Any]]:
    return [{"n": n, "caption": t.get("caption"), "caption_footnote": t.get("caption_footnote"),
             "header": t.get("header") or [], "rows": t.get("rows") or [], "row_roles": t.get("row_roles") or [],
             "checks": [_check(c) for c in t.get("checks", [])], "csv": f"/documents/{doc.id}/tables/{n}.csv"}
            for n, t in enumerate(doc.findings.get("tables", []), 1)]
