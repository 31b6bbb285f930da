"""Person, organization, place and repository pages, and collection pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from opis import vocab
from opis.model import Authority, Collection, Document, Name
from opis.names.scripts import Script, script_of
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.derived import NAMED_ROLE, repository_key
from opis.store.errors import NotFound
from opis.store.pagequeries import linked_documents
from opis.web.core import labels
from opis.web.iiif.pages import thumbnail

AUTHOR_ROLES = ("author", "sender", "signatory")
ABOUT_ROLES = ("recipient", "mentioned", "participant", "place", "held-by", "editor", "translator", "transcriber",
               NAMED_ROLE)
AUTHORING_KINDS = ("person", "organization")  # a place or a repository writes nothing: no "documents by it"
LIST_LIMIT = 100
IDENTIFIER_URLS = {"wikidata": "https://www.wikidata.org/wiki/{}", "viaf": "https://viaf.org/viaf/{}"}
_SCRIPT_NAMES = {Script.CYRILLIC: "Cyrillic", Script.HANGUL: "Hangul", Script.HAN: "Han", Script.LATIN: "Latin"}


def _group_of(name: Name) -> str:
    if name.lang:
        tag = labels.tag_labels().get(name.lang) or labels.language(name.lang)
    else:
        tag = _SCRIPT_NAMES[script_of(next((c for c in name.value if c.isalpha()), "a"))] + " script"
    scheme = labels.scheme_labels().get(name.scheme or "", name.scheme or "")
    return f"{tag} · {scheme}" if scheme else tag


def name_groups(record: Authority) -> list[dict[str, Any]]:
    """Every variant name, grouped by language/script and romanization scheme, in the record's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for name in record.names:
        groups.setdefault(_group_of(name), []).append({"value": name.value, "lang": name.lang, "scheme": name.scheme})
    return [{"label": label, "names": names} for label, names in groups.items()]


def _offices(archive: Archive, viewer: Viewer, record: Authority) -> list[dict[str, Any]]:
    ids = sorted({o.organization for o in record.offices if o.organization})
    titles = {i: title for i, (_, title) in archive.titles(ids, viewer).items()}
    return [{"title": o.title, "organization": titles.get(o.organization, o.organization),
             "organization_id": o.organization if o.organization in titles else None,
             "date": o.date.model_dump(mode="json") if o.date else None} for o in record.offices]


def _documents(archive: Archive, viewer: Viewer, target: str, roles: Sequence[str]) -> dict[str, Any]:
    items, total = linked_documents(archive, viewer, target, roles, 0, LIST_LIMIT)
    return {"total": total, "items": [d.to_json() | {"role_label": labels.role(d.role)} for d in items]}


def _slug(record: Authority) -> str | None:
    repo = vocab.repository_by_code().get(record.code or "")
    return repo.slug if repo else None


def authority_page(archive: Archive, viewer: Viewer, record_id: str) -> dict[str, Any]:
    record = archive.get(record_id, viewer)
    if not isinstance(record, Authority):
        raise NotFound(f"no authority record {record_id!r}")
    by = _documents(archive, viewer, record.id, AUTHOR_ROLES) if record.kind in AUTHORING_KINDS else None
    about = _documents(archive, viewer, record.id, ABOUT_ROLES)
    if record.code:
        held = _documents(archive, viewer, repository_key(record.code), ("held-by",))
        about = {"total": about["total"] + held["total"], "items": about["items"] + held["items"]}
    facet = {"person": "person", "place": "place"}.get(record.kind)
    return {
        "record": record.model_dump(mode="json"),
        "kind_label": record.kind.capitalize(),
        "name_groups": name_groups(record),
        "offices": _offices(archive, viewer, record),
        "identifiers": [{"scheme": k, "value": v,
                         "href": IDENTIFIER_URLS[k].format(v) if k in IDENTIFIER_URLS else None}
                        for k, v in sorted(record.identifiers.items())],
        "tree": f"/repositories/{_slug(record)}" if _slug(record) else None,
        "by": by, "about": about,
        "search": f"/search?{urlencode({facet: record.preferred})}" if facet else None,
        "timeline": _timeline_items((by["items"] if by else []) + about["items"]),
    }


def _timeline_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        seen.setdefault(item["id"], item)
    return [i for i in seen.values() if i["earliest"] or i["latest"]]


def collection_page(archive: Archive, viewer: Viewer, record_id: str, offset: int, limit: int) -> dict[str, Any]:
    record = archive.get(record_id, viewer)
    if not isinstance(record, Collection):
        raise NotFound(f"no collection {record_id!r}")
    shown, total = linked_documents(archive, viewer, record.id, ("collection",), offset, limit)
    thumbs = {d.id: thumbnail(archive, viewer, d) for d in archive.get_many([d.id for d in shown], viewer)
              if isinstance(d, Document)}
    return {"record": record.model_dump(mode="json"),
            "documents": {"total": total, "offset": offset, "limit": limit,
                          "items": [{**d.to_json(), "thumbnail": thumbs.get(d.id)} for d in shown]},
            "search": f"/search?{urlencode({'collection': record.title})}",
            "timeline_url": f"/timeline?collection={record.id}",
            "timeline": [d.to_json() for d in shown if d.earliest or d.latest]}
