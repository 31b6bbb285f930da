"""Metadata embedded in a document's page, for reference managers that read pages (Zotero and kin).

Zotero's "Embedded Metadata" translator reads Highwire ``citation_*`` tags (title, authors, date,
language, abstract, URL) and hands prefixed tags to its RDF reader: ``DC.*`` (Dublin Core, where
``DC.coverage`` is Zotero's "Loc. in Archive") and ``z.*`` (Zotero's own namespace, each tag
becoming the field of that name: ``z.itemType``, ``z.archive``, ``z.archiveLocation``). Together
they give a saved item its type, title, date, authors, archive and place in the archive. COinS
(an OpenURL in a span's title) carries the same for tools that read only that.
"""

from __future__ import annotations

from urllib.parse import urlencode

from opis.interop.context import CiteContext, type_of
from opis.interop.csl import ROLES, csl_item, item_genre
from opis.interop.dates import first_parts, slashed
from opis.interop.names import (
    CslName,
    csl_name,
    display,
    family_given,
    is_body_name,
    is_placeholder,
    natural,
    unique_people,
)
from opis.model import Authority, DocDate, Document

SCHEMAS = {"DC": "http://purl.org/dc/elements/1.1/", "z": "http://www.zotero.org/namespaces/export#"}


def _date(doc: Document, ctx: CiteContext) -> DocDate | None:
    return doc.date or (ctx.work.date if ctx.work is not None else None)


def _iso(doc: Document, ctx: CiteContext) -> str:
    parts = first_parts(_date(doc, ctx))
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]) if parts else ""


def _creators(doc: Document, ctx: CiteContext) -> tuple[list[str], list[str]]:
    """Authors as people (``Family, Given``) and as bodies: a body stays out of ``citation_author``,
    where Zotero would split "25th Army" into a person's family and given names. Placeholders are no
    one; the same person written twice (sender "Butterworth", signatory "W. W[alton] B[utterworth]")
    is named once, in the fuller form."""
    found: list[tuple[CslName, bool]] = []
    written: dict[str, tuple[str, Authority | None]] = {}
    agents = doc.agents
    if ctx.work is not None and not any(ROLES.get(a.role) == "author" for a in agents):
        agents = ctx.work.agents  # a copy of a catalogued work: the catalogue names its authors
    for agent in agents:
        authority = ctx.authorities.get(agent.authority or "")
        if ROLES.get(agent.role) != "author" or is_placeholder(agent.name):
            continue
        name = csl_name(agent.name, authority)
        found.append((name, is_body_name(agent.name, authority)))
        written.setdefault(natural(name), (agent.name, authority))
    bodies = {natural(n) for n, body in found if body}
    people: list[str] = []
    organizations: list[str] = []
    for name in unique_people(found):
        if natural(name) in bodies:
            organizations.append(natural(name))
        else:
            people.append(family_given(*written[natural(name)]))
    return people, organizations


def meta_tags(doc: Document, ctx: CiteContext) -> list[tuple[str, str]]:
    """(name, content) pairs for ``<meta>`` elements, empty contents left out."""
    item = csl_item(doc, ctx)
    people, bodies = _creators(doc, ctx)
    tags = [("citation_title", doc.title), *(("citation_author", a) for a in people),
            ("citation_date", slashed(_date(doc, ctx))), ("citation_language", item.get("language", "")),
            ("citation_abstract", doc.summary), ("citation_public_url", item["URL"]),
            ("citation_keywords", "; ".join(doc.subjects)),
            ("DC.title", doc.title), *(("DC.creator", a) for a in [*people, *bodies]), ("DC.date", _iso(doc, ctx)),
            ("DC.type", type_of(item_genre(doc, ctx), "zotero")), ("DC.language", item.get("language", "")),
            ("DC.identifier", item["URL"]), ("DC.coverage", item.get("archive_location", "")),
            ("z.itemType", type_of(item_genre(doc, ctx), "zotero")), ("z.archive", item.get("archive", "")),
            ("z.archiveLocation", item.get("archive_location", ""))]
    return [(name, " ".join(str(value).split())) for name, value in tags if value]


def coins(doc: Document, ctx: CiteContext) -> str:
    """The title attribute of a COinS span (``class="Z3988"``): an OpenURL ContextObject in Dublin Core."""
    item = csl_item(doc, ctx)
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rfr_id", "info:sid/opis"),
             ("rft.title", doc.title), *(("rft.creator", display(n)) for n in item.get("author", [])),
             ("rft.date", _iso(doc, ctx)), ("rft.type", type_of(item_genre(doc, ctx), "zotero")),
             ("rft.language", item.get("language", "")), ("rft.source", item.get("archive", "")),
             ("rft.coverage", item.get("archive_location", "")), ("rft.identifier", item["URL"])]
    return urlencode([(k, v) for k, v in pairs if v])
