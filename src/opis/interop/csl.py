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
from opis.interop.names import CslName, csl_name, is_body_name, is_placeholder, natural, unique_people
from opis.model import Document

ROLES = {"author": "author", "sender": "author", "signatory": "author", "recipient": "recipient",
         "translator": "translator", "editor": "editor"}


def _found(doc: Document, ctx: CiteContext) -> dict[str, list[tuple[CslName, bool]]]:
    """Every name by CSL variable, each with whether it is a body; placeholders left out. A body that
    translated (a project, an archive's translation programme) publishes the translation: ``publisher``."""
    out: dict[str, list[tuple[CslName, bool]]] = {}

    def add(variable: str, written: str, authority_id: str | None) -> None:
        found = ctx.authorities.get(authority_id or "")
        if is_placeholder(written) or (found is not None and is_placeholder(found.preferred)):
            return
        body = is_body_name(written, found)
        if variable == "translator" and body:
            variable = "publisher"
        out.setdefault(variable, []).append((csl_name(written, found), body))

    for agent in doc.agents:
        variable = ROLES.get(agent.role)
        if variable:
            add(variable, agent.name, agent.authority)
    for rendition in doc.renditions:
        if rendition.kind == "translation":
            for credit in rendition.credits:
                if credit.role == "translator":
                    add("translator", credit.name, credit.authority)
    return out


def _names(doc: Document, ctx: CiteContext) -> dict[str, Any]:
    found = _found(doc, ctx)
    if "author" not in found and ctx.work is not None:
        found["author"] = _found(ctx.work, ctx).get("author", [])
    out: dict[str, Any] = {k: unique_people(v) for k, v in found.items() if k != "publisher" and v}
    # A translator is never also an author: a name in both stays an author only where the document says so.
    authors = out.get("author", [])
    if "translator" in out:
        out["translator"] = [n for n in out["translator"] if n not in authors] or None
    bodies = [natural(n) for n in unique_people(found.get("publisher", []))]
    if bodies:
        out["publisher"] = " and ".join(bodies)
    return {k: v for k, v in out.items() if v}


def _edition(doc: Document) -> dict[str, Any]:
    """A document printed in an edition is cited in it (Chicago 14.300ff.): the volume as container."""
    ed = doc.edition
    if ed is None:
        return {}
    item: dict[str, Any] = {"type": "chapter", "container-title": ed.title}
    volume = ed.volume.removeprefix("vol. ")
    optional = {"volume": volume, "collection-title": ed.series if ed.series and ed.series not in ed.title else "",
                "publisher": ed.publisher, "publisher-place": ed.place, "page": ed.page,
                "number": ed.document, "URL": ed.url}
    item.update({k: v for k, v in optional.items() if v})
    if ed.editors:
        item["editor"] = [{"literal": e} for e in ed.editors]
    return item


def language_of(doc: Document) -> str:
    originals = [r.language for r in doc.renditions if r.kind == "original"]
    return (doc.languages or originals or [""])[0]


def item_genre(doc: Document, ctx: CiteContext) -> str:
    """The document's genre, or the catalogued work's when the copy says only "other"."""
    return doc.genre if doc.genre != "other" or ctx.work is None else ctx.work.genre


def csl_item(doc: Document, ctx: CiteContext) -> dict[str, Any]:
    genre = item_genre(doc, ctx)
    item: dict[str, Any] = {"id": doc.id, "type": type_of(genre, "csl"), "title": doc.title}
    item.update(_names(doc, ctx))
    issued = csl_date(doc.date or (ctx.work.date if ctx.work is not None else None))
    if issued:
        item["issued"] = issued
    if genre != "other":  # "Other" says nothing a citation should print
        item["genre"] = vocab.labels("genres").get(genre, genre)
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
    edition = _edition(doc)
    if edition:
        # The edition's own page is the URL a reader cites; ours is kept as an extra. The volume is what was
        # issued (its year); the document's own date is its original date. Its head names the recipient.
        item["note"] = "; ".join(p for p in (item.get("note", ""), f"Also at {item['URL']}") if p)
        item.update(edition)
        item.pop("recipient", None)
        if "issued" in item:
            item["original-date"] = item.pop("issued")
        if doc.edition is not None and doc.edition.year.isdigit():
            item["issued"] = {"date-parts": [[int(doc.edition.year)]]}
    item["custom"] = _custom(doc)
    return item


def _custom(doc: Document) -> dict[str, Any]:
    custom: dict[str, Any] = {"opis_id": doc.id}
    if doc.edition is not None:
        custom["edition"] = doc.edition.model_dump(mode="json")
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
