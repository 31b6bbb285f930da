"""A document as one CSL-JSON item: the structured form every other citation format is made from.

The archival reference stays structured: ``archive`` (the repository by name), ``archive-place``
and ``archive_location`` (fond, opis, delo, folios); translators are names in the ``translator``
role, not words in a note. What CSL has no variable for (the EDTF value, the wording of the date,
the classification marking) goes under ``custom``, which CSL-JSON reserves for such extras.
"""

from __future__ import annotations

from typing import Any

from opis import vocab
from opis.interop.archival import archive_of
from opis.interop.context import CiteContext, type_of
from opis.interop.dates import csl_date
from opis.interop.names import CslName, csl_name
from opis.model import Document

ROLES = {"author": "author", "sender": "author", "signatory": "author", "recipient": "recipient",
         "translator": "translator", "editor": "editor"}


def _names(doc: Document, ctx: CiteContext) -> dict[str, list[CslName]]:
    out: dict[str, list[CslName]] = {}
    for agent in doc.agents:
        variable = ROLES.get(agent.role)
        if variable:
            found = ctx.authorities.get(agent.authority or "")
            out.setdefault(variable, []).append(csl_name(agent.name, found))
    for rendition in doc.renditions:
        if rendition.kind == "translation":
            for credit in rendition.credits:
                if credit.role == "translator":
                    out.setdefault("translator", []).append(
                        csl_name(credit.name, ctx.authorities.get(credit.authority or "")))
    return {k: _unique(v) for k, v in out.items()}


def _unique(names: list[CslName]) -> list[CslName]:
    seen: list[CslName] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen


def language_of(doc: Document) -> str:
    originals = [r.language for r in doc.renditions if r.kind == "original"]
    return (doc.languages or originals or [""])[0]


def csl_item(doc: Document, ctx: CiteContext) -> dict[str, Any]:
    item: dict[str, Any] = {"id": doc.id, "type": type_of(doc.genre, "csl"), "title": doc.title}
    item.update(_names(doc, ctx))
    issued = csl_date(doc.date)
    if issued:
        item["issued"] = issued
    if doc.genre != "other":  # "Other" says nothing a citation should print
        item["genre"] = vocab.labels("genres").get(doc.genre, doc.genre)
    if doc.archival_refs:
        archive = archive_of(doc.archival_refs[0])
        item.update({"archive": archive.name, "archive_location": archive.location})
        if archive.place:
            item["archive-place"] = archive.place
    others = [r.raw for r in doc.archival_refs[1:]]
    if others:
        item["note"] = "Other copies: " + "; ".join(others)
    language = language_of(doc)
    if language:
        item["language"] = language
    if doc.summary:
        item["abstract"] = doc.summary
    if doc.subjects:
        item["keyword"] = ", ".join(doc.subjects)
    item["URL"] = ctx.url_of(doc)
    item["custom"] = _custom(doc)
    return item


def _custom(doc: Document) -> dict[str, Any]:
    custom: dict[str, Any] = {"opis_id": doc.id}
    if doc.date:
        custom["edtf"] = doc.date.edtf
        if doc.date.text:
            custom["date_as_written"] = doc.date.text
    if doc.classification:
        custom["classification"] = doc.classification.marking
    if len(doc.archival_refs) > 1:
        custom["witnesses"] = [{"archive": a.name, "archive-place": a.place, "archive_location": a.location}
                               for a in map(archive_of, doc.archival_refs)]
    return custom
