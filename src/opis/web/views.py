"""What each page shows, as JSON-ready dicts. HTML pages render these; their JSON twins return them."""

from __future__ import annotations

from typing import Any

from opis import vocab
from opis.model import Authority, Collection, Document
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.tree import Path, TreePathError

# URL segment names for tree levels below the repository, and back.
SEGMENTS = {"fonds": "fond", "opisi": "opis", "papki": "papka", "dela": "delo"}
SEGMENT_OF = {level: seg for seg, level in SEGMENTS.items()}


def summary_of(record: Document | Authority | Collection) -> dict[str, Any]:
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


def home(archive: Archive, viewer: Viewer, limit: int) -> dict[str, Any]:
    collections = archive.browse(viewer, ("collection",), 0, 50, "title").items
    return {"counts": archive.counts(viewer),
            "collections": [summary_of(c) for c in collections],
            "documents": documents_page(archive, viewer, 0, limit)}


def _names_for(archive: Archive, viewer: Viewer, ids: set[str]) -> dict[str, str]:
    return {r.id: summary_of(r)["title"] for r in archive.get_many(sorted(ids), viewer)}


def document(archive: Archive, viewer: Viewer, doc_id: str) -> dict[str, Any]:
    record = archive.get(doc_id, viewer)
    if not isinstance(record, Document):
        return {"record": record.model_dump(mode="json"), "linked": {}}
    ids = {a.authority for a in record.agents if a.authority} | {p.authority for p in record.places if p.authority}
    ids |= set(record.collections) | {r.target for r in record.relations}
    slugs = {r.code: r.slug for r in vocab.repositories()}
    return {"record": record.model_dump(mode="json"),
            "genre_label": vocab.labels("genres").get(record.genre, record.genre),
            "linked": _names_for(archive, viewer, ids),  # only what the viewer may see gets a name and a link
            "repository_slugs": {r.repository: slugs[r.repository] for r in record.archival_refs
                                 if r.repository in slugs}}


def authority(archive: Archive, viewer: Viewer, record_id: str) -> dict[str, Any]:
    record = archive.get(record_id, viewer)
    linked = archive.linked(record.id, viewer)
    if isinstance(record, Authority) and record.code:
        linked += archive.linked(f"repository:{record.code}", viewer)
    return {"record": record.model_dump(mode="json"),
            "documents": [{"id": i, "title": t, "role": role} for i, t, role in linked]}


def tree(archive: Archive, viewer: Viewer, slug: str, path: Path, offset: int, limit: int) -> dict[str, Any]:
    repo = vocab.repository_by_slug().get(slug)
    if repo is None:
        raise NotFound(f"no repository {slug!r}; known: {', '.join(sorted(vocab.repository_by_slug()))}")
    full: Path = [("repository", repo.code), *path]
    nodes, total_children = archive.tree_children(viewer, full, offset, limit)
    refs, total_refs = archive.tree_refs(viewer, full, offset, limit) if path else ([], 0)
    here = archive.tree_summary(viewer, full)
    return {"repository": {"code": repo.code, "slug": slug, "names": repo.names,
                           "authority": archive.repository_id(repo.code, viewer)},
            "path": [{"level": lvl, "value": v} for lvl, v in full],
            "documents": here.documents, "citations": here.citations,
            "children": {"total": total_children, "offset": offset, "limit": limit,
                         "items": [{"level": n.level, "value": n.value, "documents": n.documents,
                                    "citations": n.citations} for n in nodes]},
            "refs": {"total": total_refs, "offset": offset, "limit": limit,
                     "items": [r.__dict__ for r in refs]}}


def repositories(archive: Archive, viewer: Viewer) -> dict[str, Any]:
    nodes, _ = archive.tree_children(viewer, [], 0, 1000)
    counts = {n.value: n for n in nodes}
    items = []
    for repo in vocab.repositories():
        node = counts.get(repo.code)
        items.append({"code": repo.code, "slug": repo.slug, "names": repo.names,
                      "documents": node.documents if node else 0, "citations": node.citations if node else 0})
    return {"items": items}


def parse_tree_path(rest: str) -> Path:
    """``fonds/413/opisi/13/dela/5467`` -> [("fond", "413"), ("opis", "13"), ("delo", "5467")]."""
    parts = [p for p in rest.strip("/").split("/") if p]
    if len(parts) % 2:
        raise TreePathError(f"not a path in the archival tree: /{rest}")
    path: Path = []
    for seg, value in zip(parts[::2], parts[1::2], strict=True):
        if seg not in SEGMENTS:
            raise TreePathError(f"unknown level {seg!r} in the archival tree (use {', '.join(SEGMENTS)})")
        path.append((SEGMENTS[seg], value))
    return path


def tree_url(slug: str, path: Path) -> str:
    """The permalink of a unit of the archival tree."""
    tail = "".join(f"/{SEGMENT_OF[lvl]}/{v}" for lvl, v in path if lvl != "repository")
    return f"/repositories/{slug}{tail}"
