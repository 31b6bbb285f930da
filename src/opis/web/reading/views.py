"""What each page shows, as JSON-ready dicts. HTML pages render these; their JSON twins return them."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from opis import vocab
from opis.model import AnyRecord, Authority, Document, archival_format
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.derived import repository_key
from opis.store.errors import NotFound
from opis.store.tree import Path, RefHit, TreePathError


def segments() -> dict[str, str]:
    """URL segment name -> tree level below the repository (vocab/levels.yaml): ``{"fonds": "fond", ...}``."""
    return {seg: level.key for seg, level in vocab.archival_levels().by_segment.items()}


def segment_of() -> dict[str, str]:
    return {level: seg for seg, level in segments().items()}


def summary_of(record: AnyRecord) -> dict[str, Any]:
    if isinstance(record, Document):
        return {"id": record.id, "kind": record.kind, "title": record.title, "genre": record.genre,
                "date": record.date.model_dump(mode="json") if record.date else None,
                "languages": record.languages,
                "archival_refs": [r.raw for r in record.archival_refs]}
    if isinstance(record, Authority):
        return {"id": record.id, "kind": record.kind, "title": record.preferred}
    return {"id": record.id, "kind": record.kind, "title": record.title}


def documents_page(archive: Archive, viewer: Viewer, offset: int, limit: int) -> dict[str, Any]:
    page = archive.browse(viewer, ("document",), offset, limit, "date")
    return {"total": page.total, "offset": offset, "limit": limit, "items": [summary_of(r) for r in page.items]}


def authority(archive: Archive, viewer: Viewer, record_id: str) -> dict[str, Any]:
    record = archive.get(record_id, viewer)
    linked = archive.linked(record.id, viewer)
    if isinstance(record, Authority) and record.code:
        linked += archive.linked(repository_key(record.code), viewer)
    return {"record": record.model_dump(mode="json"),
            "documents": [{"id": i, "title": t, "role": role} for i, t, role in linked]}


unit_label = archival_format.unit_label


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cited_sentence(label: str, held: int, cited: int, citing: int) -> str:
    """``RGAE f. 413 op. 13 d. 5467 holds 2 documents and is cited by 3 footnotes in 1 document.``"""
    holds = f"holds {_plural(held, 'document')}"
    if not cited:
        return f"{label} {holds}; no footnote in the archive cites it."
    return f"{label} {holds} and is cited by {_plural(cited, 'footnote')} in {_plural(citing, 'document')}."


def _pager(base: str, key: str, at: int, limit: int, total: int, others: dict[str, int]) -> dict[str, Any]:
    """Paging links for one of a page's two lists; the other list's position rides along."""
    def url(to: int) -> str:
        return base + "?" + urlencode({**others, key: to})

    return {"total": total, "offset": at, "limit": limit,
            "prev": url(max(0, at - limit)) if at > 0 else None,
            "next": url(at + limit) if at + limit < total else None}


def _span(earliest: date | None, latest: date | None) -> str | None:
    """The years of the documents a unit holds, as EDTF (``1946``, ``1946/1948``): the page says it in words."""
    if earliest is None or latest is None:
        return None
    return f"{earliest.year:04d}" if earliest.year == latest.year else f"{earliest.year:04d}/{latest.year:04d}"


def _title(code: str, path: Path) -> dict[str, str] | None:
    units = tuple((lvl, v) for lvl, v in path if lvl != "repository")
    return vocab.unit_titles().get((code, units))


def _where(code: str, hit: RefHit) -> str:
    """Where a reference points, resolved: ``RGAE f. 413 op. 13 d. 5467``, never the note's "Ibid."."""
    return unit_label([("repository", code), *hit.units])


def _cited_by_document(code: str, hits: list[RefHit]) -> list[dict[str, Any]]:
    """Footnote citations grouped by the document they are in, in the order met: one entry per document."""
    groups: dict[str, dict[str, Any]] = {}
    for hit in hits:
        group = groups.setdefault(hit.record_id, {"record_id": hit.record_id, "title": hit.title, "notes": []})
        group["notes"].append({"footnote": hit.footnote, "folios": hit.folios, "where": _where(code, hit)})
    return list(groups.values())


def tree(archive: Archive, viewer: Viewer, slug: str, path: Path, offset: int, limit: int,
         refs_offset: int = 0, refs_limit: int = 50) -> dict[str, Any]:
    repo = vocab.repository_by_slug().get(slug)
    if repo is None:
        raise NotFound(f"no repository {slug!r}; known: {', '.join(sorted(vocab.repository_by_slug()))}")
    full: Path = [("repository", repo.code), *path]
    nodes, total_children = archive.tree_children(viewer, full, offset, limit)
    # At the repository too: "NARA holds 8 documents" must list them, even where no unit below names them.
    refs, total_refs = archive.tree_refs(viewer, full, refs_offset, refs_limit)
    here = archive.tree_summary(viewer, full)
    citing = here.citing
    # what a finding aid said of this unit, if the viewer may read it (a staff-only one is not shown)
    unit = archive.unit_descriptions(viewer, [tuple(full)]).get(tuple(full)) if path else None
    base = tree_url(slug, full)
    label = unit_label(full)
    return {"repository": {"code": repo.code, "slug": slug, "names": repo.names, "place": repo.place,
                           "authority": archive.repository_id(repo.code, viewer)},
            "path": [{"level": lvl, "value": v, "href": tree_url(slug, full[: n + 1])}
                     for n, (lvl, v) in enumerate(full)],
            "label": label, "unit_title": _title(repo.code, full), "dates": _span(here.earliest, here.latest),
            "sentence": cited_sentence(label, here.documents, here.citations, citing),
            "description": {"title": unit.title, "date": unit.date_text, "edtf": unit.edtf, "extent": unit.extent,
                            "scope": unit.scope} if unit else None,
            "documents": here.documents, "citations": here.citations, "citing_documents": citing,
            "children": {**_pager(base, "offset", offset, limit, total_children,
                                  {"limit": limit, "refs_offset": refs_offset, "refs_limit": refs_limit}),
                         "items": [{"level": n.level, "value": n.value, "documents": n.documents,
                                    "citations": n.citations, "dates": _span(n.earliest, n.latest),
                                    "title": _title(repo.code, [*full, (n.level, n.value)])} for n in nodes]},
            "base": base, "segments": segment_of(),
            "refs": {**_pager(base, "refs_offset", refs_offset, refs_limit, total_refs,
                              {"offset": offset, "limit": limit, "refs_limit": refs_limit}),
                     "items": [{**r.__dict__, "units": [list(u) for u in r.units], "where": _where(repo.code, r)}
                               for r in refs],
                     "cited_by_document": _cited_by_document(repo.code, [r for r in refs if r.origin == "citation"])}}


def repositories(archive: Archive, viewer: Viewer) -> dict[str, Any]:
    """Repositories that hold a document or are cited, with counts; the others opis knows only by name,
    listed apart so no count on the page includes a repository with nothing in it."""
    nodes, _ = archive.tree_children(viewer, [], 0, 1000)
    counts = {n.value: n for n in nodes}
    items, known = [], []
    for repo in vocab.repositories():
        node = counts.get(repo.code)
        if node is None or not (node.documents or node.citations):
            known.append({"code": repo.code, "slug": repo.slug, "names": repo.names})
            continue
        items.append({"code": repo.code, "slug": repo.slug, "names": repo.names, "documents": node.documents,
                      "citations": node.citations, "dates": _span(node.earliest, node.latest)})
    return {"items": items, "holding": sum(1 for i in items if i["documents"]), "known": known}


def parse_tree_path(rest: str) -> Path:
    """``fonds/413/opisi/13/dela/5467`` -> [("fond", "413"), ("opis", "13"), ("delo", "5467")]."""
    parts = [p for p in rest.strip("/").split("/") if p]
    if len(parts) % 2:
        raise TreePathError(f"not a path in the archival tree: /{rest}")
    path: Path = []
    for seg, value in zip(parts[::2], parts[1::2], strict=True):
        known = segments()
        if seg not in known:
            raise TreePathError(f"unknown level {seg!r} in the archival tree (use {', '.join(known)})")
        path.append((known[seg], value))
    return path


def tree_url(slug: str, path: Path) -> str:
    """The permalink of a unit of the archival tree."""
    # Values are archivists' numbers ("413", "Р-5446", "059a"): quoted so any of them is one path segment.
    seg = segment_of()
    tail = "".join(f"/{seg[lvl]}/{quote(v, safe='')}" for lvl, v in path if lvl != "repository")
    return f"/repositories/{slug}{tail}"
