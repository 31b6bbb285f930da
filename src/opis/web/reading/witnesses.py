"""The "Witnesses of this work" section of a document page: the other records that carry the same work
(proposed on ingest, confirmed or rejected by an editor), why they were found, and a word diff of the texts."""

from __future__ import annotations

from typing import Any

from opis.extract.witnesses.compare import word_diff
from opis.jobs.witnesses import facts
from opis.model import Document
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.witnesses import Link, links_of
from opis.web.core.i18n import N_

# English in the JSON twin; the page translates them where it shows them (``{{ _(w.status_label) }}``).
STATUS_LABELS = {"proposed": N_("proposed by opis, awaiting an editor"), "confirmed": N_("confirmed by an editor")}


def catalogue_work(archive: Archive, viewer: Viewer, doc: Document, links: list[Link] | None = None) -> Document | None:
    """The catalogue record (a record without text) the document is a confirmed witness of, if any: its
    author, date and kind complete the citation of a copy that lacks them."""
    if not doc.renditions:
        return None
    for link in links if links is not None else links_of(archive, doc.id, viewer):
        if link.status != "confirmed":
            continue
        other = archive.get(link.other(doc.id), viewer)
        if isinstance(other, Document) and not other.renditions:
            return other
    return None


def _diff(mine: str, theirs: str) -> dict[str, Any] | None:
    if not (mine.strip() and theirs.strip()):
        return None
    runs, cut = word_diff(mine, theirs)
    changed = sum(len(r.text.split()) for r in runs if r.op != "same")
    return {"runs": [{"op": r.op, "text": r.text} for r in runs], "cut": cut, "changed_words": changed}


def witnesses(archive: Archive, viewer: Viewer, doc: Document, links: list[Link]) -> list[dict[str, Any]]:
    """One entry per linked record the viewer may read: its title, how it was found, and the word diff
    between this document's text and its own (removed: only here; added: only there)."""
    mine = facts(doc).text
    out = []
    for link in links:
        other = archive.get(link.other(doc.id), viewer)
        if not isinstance(other, Document):
            continue
        out.append({"id": other.id, "title": other.title, "href": f"/documents/{other.id}",
                    "status": link.status, "status_label": STATUS_LABELS.get(link.status, link.status),
                    "score": link.score, "found_by": str(link.reasons.get("found_by", "")),
                    "reasons": link.reasons, "revision": link.revision, "updated_at": link.updated_at,
                    "actor": link.actor, "has_text": bool(other.renditions),
                    "decide_url": f"/documents/{doc.id}/witnesses/{other.id}",
                    "diff": _diff(mine, facts(other).text)})
    return out
