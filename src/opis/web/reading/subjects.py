"""The subjects page: every subject the catalogue gives documents, and the documents by genre.

Subjects are the catalogue's own words (a document's ``subjects``), grouped by exact wording and
counted from the search index, each a link to the search filtered by it. Nothing is derived: a
document without subjects is counted as such, not given one.

Genres are counted so that the buckets add up to the documents a reader may see: a genre the
vocabulary does not know (an id retired from vocab/genres.yaml, a plug-in's term) goes with
"Other", and a document the index holds no genre for goes under "Unspecified".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from opis import vocab
from opis.index import SearchIndex
from opis.index.counts import documents_with, facet_counts, facet_counts_having
from opis.model.objects import kind_ids
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.web.core import labels
from opis.web.reading.decisions import theme_url

OTHER = "other"  # the vocabulary's own catch-all term
BROWSE = 5000  # subjects listed at most: the index's largest bucket request (facets.MAX_SIZE)


def _search(pairs: Sequence[tuple[str, str]]) -> str:
    return "/search?" + urlencode(list(pairs))


def subject_items(buckets: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Subjects in reading order (case and accents aside), each linked to its search."""
    ordered = sorted(buckets, key=lambda b: (str(b["value"]).casefold(), str(b["value"])))
    return [{"value": b["value"], "count": b["count"], "href": _search([("subject", b["value"])])} for b in ordered]


def genre_buckets(buckets: Sequence[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    """Genre counts that sum to ``total``: vocabulary genres by count, then Other, then Unspecified.

    The index holds one genre value per document, so ``total`` less the counted documents is the
    number with none."""
    known = vocab.ids("genres") - {OTHER}
    out = [{"value": b["value"], "label": labels.genre(b["value"]), "count": b["count"],
            "href": _search([("genre", b["value"])])} for b in buckets if b["value"] in known and b["count"]]
    folded = [b for b in buckets if b["value"] not in known and b["count"]]
    if folded:
        out.append({"value": OTHER, "label": labels.genre(OTHER), "count": sum(b["count"] for b in folded),
                    "href": _search([("genre", b["value"]) for b in folded]),
                    "includes": sorted(b["value"] for b in folded if b["value"] != OTHER)})
    rest = total - sum(b["count"] for b in buckets)
    if rest > 0:
        out.append({"value": None, "label": "Unspecified", "count": rest, "href": None, "includes": []})
    return out


def themes(buckets: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """What statements are about, by kind, in the vocabulary's order: each with its documents' count and the
    link to its decision record."""
    counted = {b["value"]: b["count"] for b in buckets}
    return [{"value": k, "label": labels.object_kind(k), "count": counted[k], "href": theme_url("object", k)}
            for k in kind_ids() if counted.get(k)]


def subjects_page(archive: Archive, index: SearchIndex, viewer: Viewer) -> dict[str, Any]:
    today = archive.today()
    counts = facet_counts(index, viewer, today, ("subject", "genre", "object"), size=BROWSE)
    total = documents_with(index, viewer, today)
    with_subject = documents_with(index, viewer, today, "subject")
    subjects = subject_items(counts.get("subject", []))
    # a subject whose documents state requests or decisions links to its decision record
    stated = facet_counts_having(index, viewer, today, "subject", "object", size=BROWSE)
    for item in subjects:
        item["decisions"] = theme_url("subject", item["value"]) if stated.get(item["value"]) else None
    return {"total": total, "with_subject": with_subject, "without_subject": total - with_subject,
            "subjects": subjects, "genres": genre_buckets(counts.get("genre", []), total),
            "themes": themes(counts.get("object", []))}
