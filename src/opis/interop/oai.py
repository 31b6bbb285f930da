"""OAI-PMH 2.0: the six verbs over the Archive, answering with the protocol's XML (``oai_dc`` metadata, and
``opis_statements``, a document's statements: interop/oai_statements.py).

``respond(archive, config, arguments)`` takes the request's arguments as (name, value) pairs, in the
order received and with repeats kept (a repeated argument is an error), and returns the response
document as bytes. Protocol errors are responses too, never exceptions. The web layer only moves
arguments in and bytes out (``opis.web.reading.oai``).

What a harvester sees is what an anonymous reader sees: documents only (``kind`` document),
published and public or with an embargo that has passed. Documents an anonymous reader could once
see and no longer can (withdrawn, restricted, embargoed, back in draft or review) are reported as
deleted: a header with identifier, datestamp and sets, never metadata (``deletedRecord`` is
``persistent``: the revision history keeps them for good). The store finds both
(``opis.store.pagequeries.harvest_page``); nothing here reads tables. docs/oai.md has the details.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from lxml import etree

from opis import vocab
from opis.interop import oai_statements, oai_token
from opis.interop.oai_dc import DC, OAI_DC, OAI_DC_SCHEMA, XSI, DcContext, clean, oai_dc
from opis.interop.oai_token import ListState, TokenError
from opis.model import Collection, Document
from opis.store import pagequeries, statements
from opis.store.access import ANONYMOUS
from opis.store.archive import Archive
from opis.store.clock import stamp
from opis.store.pagequeries import Harvested

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
# prefix -> (schema, namespace); a schema starting with "/" is on this site (our own format's)
FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC), "opis_statements": (oai_statements.SCHEMA_PATH, oai_statements.NAMESPACE)}
LIST_VERBS = ("ListIdentifiers", "ListRecords")

# verb -> (required arguments, optional arguments, exclusive argument)
VERBS: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    "Identify": (frozenset(), frozenset(), None),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), None),
    "ListSets": (frozenset(), frozenset(), "resumptionToken"),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), None),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken"),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken"),
}

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_SET_PART = re.compile(r"[^A-Za-z0-9\-_.!~*'()]")
_PREFIX_SYNTAX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
_SET_SYNTAX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")


@dataclass(frozen=True)
class OaiConfig:
    """``base_url``: the site (``https://host``, no trailing slash): permalinks start there and the
    protocol's baseURL is ``base_url + path``. ``repository_identifier`` names the archive inside
    item identifiers (``oai:{repository_identifier}:{document id}``); empty means the host name."""

    base_url: str
    repository_name: str = "opis"
    admin_email: str = "archive@example.org"
    repository_identifier: str = ""
    path: str = "/oai"
    page_size: int = 100
    token_lifetime: timedelta = field(default=timedelta(hours=24))

    @property
    def endpoint(self) -> str:
        return self.base_url + self.path

    @property
    def namespace(self) -> str:
        return self.repository_identifier or urlsplit(self.base_url).hostname or "localhost"

    def identifier(self, doc_id: str) -> str:
        return f"oai:{self.namespace}:{doc_id}"

    def document_id(self, identifier: str) -> str | None:
        prefix = f"oai:{self.namespace}:"
        return identifier[len(prefix):] if identifier.startswith(prefix) else None


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# -- arguments ---------------------------------------------------------------------------------


def check_arguments(arguments: Sequence[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and the other arguments, or OaiError badVerb / badArgument."""
    verbs = [v for k, v in arguments if k == "verb"]
    if len(verbs) != 1:
        raise OaiError("badVerb", "the verb argument is missing" if not verbs else "the verb argument is repeated")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"{verb!r} is not an OAI-PMH verb; use one of {', '.join(VERBS)}")
    required, optional, exclusive = VERBS[verb]
    given: dict[str, str] = {}
    for key, value in arguments:
        if key == "verb":
            continue
        if key in given:
            raise OaiError("badArgument", f"the argument {key} is repeated")
        if key not in required | optional | ({exclusive} if exclusive else set()):
            raise OaiError("badArgument", f"{verb} takes no argument {key}")
        given[key] = value
    if exclusive and exclusive in given:
        if len(given) > 1:
            raise OaiError("badArgument", f"{exclusive} is an exclusive argument: no other may come with it")
        return verb, given
    missing = sorted(required - given.keys())
    if missing:
        raise OaiError("badArgument", f"{verb} requires the argument(s) {', '.join(missing)}")
    if "metadataPrefix" in given and not _PREFIX_SYNTAX.match(given["metadataPrefix"]):
        raise OaiError("badArgument", "a metadataPrefix is letters, digits and -_.!~*'() only")
    if "set" in given and not _SET_SYNTAX.match(given["set"]):
        raise OaiError("badArgument", "a setSpec is parts of letters, digits and -_.!~*'() joined by colons")
    return verb, given


@dataclass(frozen=True)
class Window:
    """The ``updated_at`` bounds a from/until pair selects: ``since`` inclusive, ``before`` exclusive."""

    since: str | None
    before: str | None


def parse_utc(text: str) -> tuple[datetime, timedelta]:
    """A from/until value and the span it stands for (a day or a second); badArgument if malformed."""
    try:
        if _DAY.match(text):
            return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC), timedelta(days=1)
        if _SECOND.match(text):
            return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), timedelta(seconds=1)
    except ValueError:
        pass
    raise OaiError("badArgument", f"{text!r} is not a UTC date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ)")


def window(since: str | None, until: str | None) -> Window:
    start = parse_utc(since) if since is not None else None
    end = parse_utc(until) if until is not None else None
    if start and end:
        if start[1] != end[1]:
            raise OaiError("badArgument", "from and until must have the same granularity")
        if start[0] > end[0]:
            raise OaiError("badArgument", "from is later than until")
    return Window(stamp(start[0]) if start else None, stamp(end[0] + end[1]) if end else None)


def datestamp(updated_at: str) -> str:
    """The store's timestamp (microseconds) at the repository's granularity, seconds."""
    return updated_at[:19] + "Z"


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- sets ------------------------------------------------------------------------------------------


def collections(archive: Archive) -> dict[str, str]:
    """Every collection an anonymous reader sees: id -> title."""
    found: dict[str, str] = {}
    offset = 0
    while True:
        page = archive.browse(ANONYMOUS, kinds=("collection",), offset=offset, limit=500, order="title")
        found.update({c.id: c.title for c in page.items if isinstance(c, Collection)})
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return found


def repository_slug(code: str) -> str:
    return _SET_PART.sub("-", vocab.slug_of(code))


def sets(archive: Archive) -> list[tuple[str, str]]:
    """(setSpec, setName) of every set: the two parents, each visible collection, each holding repository."""
    names = {r.code: r.names.get("en", r.code) for r in vocab.repositories()}
    found: list[tuple[str, str]] = []
    held = pagequeries.harvest_repositories(archive)
    if held:
        found.append(("repository", "Documents by holding repository"))
        found += [(f"repository:{repository_slug(code)}", names.get(code, code)) for code in held]
    visible = collections(archive)
    if visible:
        found.append(("collection", "Documents by collection"))
        found += [(f"collection:{cid}", title) for cid, title in sorted(visible.items(), key=lambda kv: kv[1])]
    return found


@dataclass(frozen=True)
class SetFilter:
    collections: list[str] | None = None
    repositories: list[str] | None = None
    empty: bool = False  # the set does not exist: nothing matches


def set_filter(archive: Archive, spec: str | None) -> SetFilter:
    if spec is None:
        return SetFilter()
    head, _, rest = spec.partition(":")
    if head == "collection":
        visible = collections(archive)
        if not rest:
            return SetFilter(collections=sorted(visible))
        return SetFilter(collections=[rest]) if rest in visible else SetFilter(empty=True)
    if head == "repository":
        held = pagequeries.harvest_repositories(archive)
        if not rest:
            return SetFilter(repositories=held)
        codes = [c for c in {*held, *(r.code for r in vocab.repositories())} if repository_slug(c) == rest]
        return SetFilter(repositories=codes) if codes else SetFilter(empty=True)
    return SetFilter(empty=True)


def set_specs(doc: Document, visible_collections: dict[str, str]) -> list[str]:
    specs = [f"repository:{repository_slug(r.repository)}" for r in doc.archival_refs if r.repository]
    specs += [f"collection:{c}" for c in doc.collections if c in visible_collections]
    return list(dict.fromkeys(specs))


# -- the response document -----------------------------------------------------------------------


class Responder:
    def __init__(self, archive: Archive, config: OaiConfig) -> None:
        self.archive = archive
        self.config = config
        self.now = archive.clock().astimezone(UTC)

    def envelope(self, attributes: dict[str, str]) -> etree._Element:
        root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
        etree.SubElement(root, f"{{{OAI}}}responseDate").text = utc_text(self.now)
        request = etree.SubElement(root, f"{{{OAI}}}request")
        for key, value in attributes.items():
            request.set(key, clean(value))
        request.text = self.config.endpoint
        return root

    def respond(self, arguments: Sequence[tuple[str, str]]) -> bytes:
        try:
            verb, given = check_arguments(arguments)
        except OaiError as exc:
            return self.error_document({}, exc)  # badVerb, badArgument: the request element has no attributes
        attributes = {"verb": verb, **given}
        handlers: dict[str, Callable[[dict[str, str]], etree._Element]] = {
            "Identify": self.identify, "ListMetadataFormats": self.list_metadata_formats,
            "ListSets": self.list_sets, "GetRecord": self.get_record,
            "ListIdentifiers": lambda g: self.list_items("ListIdentifiers", g),
            "ListRecords": lambda g: self.list_items("ListRecords", g),
        }
        try:
            body = handlers[verb](given)
        except OaiError as exc:
            keep = {} if exc.code in ("badVerb", "badArgument") else attributes
            return self.error_document(keep, exc)
        root = self.envelope(attributes)
        root.append(body)
        return serialize(root)

    def error_document(self, attributes: dict[str, str], exc: OaiError) -> bytes:
        root = self.envelope(attributes)
        error = etree.SubElement(root, f"{{{OAI}}}error", code=exc.code)
        error.text = clean(exc.message)
        return serialize(root)

    def _sub(self, parent: etree._Element, name: str, text: str) -> etree._Element:
        element = etree.SubElement(parent, f"{{{OAI}}}{name}")
        element.text = text
        return element

    # -- verbs -------------------------------------------------------------------------------

    def identify(self, given: dict[str, str]) -> etree._Element:
        body = etree.Element(f"{{{OAI}}}Identify")
        earliest = pagequeries.earliest_harvestable(self.archive)
        for name, text in (("repositoryName", self.config.repository_name), ("baseURL", self.config.endpoint),
                           ("protocolVersion", "2.0"), ("adminEmail", self.config.admin_email),
                           ("earliestDatestamp", datestamp(earliest) if earliest else utc_text(self.now)),
                           ("deletedRecord", "persistent"), ("granularity", GRANULARITY)):
            self._sub(body, name, text)
        return body

    def _check_format(self, prefix: str) -> None:
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat",
                           f"the metadata format {prefix!r} is not offered; use one of {', '.join(FORMATS)}")

    def _find(self, identifier: str) -> Harvested:
        doc_id = self.config.document_id(identifier)
        found = pagequeries.harvest_one(self.archive, doc_id) if doc_id else None
        if found is None:
            raise OaiError("idDoesNotExist", f"no item {identifier!r} in this repository")
        return found

    def list_metadata_formats(self, given: dict[str, str]) -> etree._Element:
        if "identifier" in given:
            self._find(given["identifier"])
        body = etree.Element(f"{{{OAI}}}ListMetadataFormats")
        for prefix, (schema, namespace) in FORMATS.items():
            item = etree.SubElement(body, f"{{{OAI}}}metadataFormat")
            self._sub(item, "metadataPrefix", prefix)
            self._sub(item, "schema", self.config.base_url + schema if schema.startswith("/") else schema)
            self._sub(item, "metadataNamespace", namespace)
        return body

    def list_sets(self, given: dict[str, str]) -> etree._Element:
        if "resumptionToken" in given:
            raise OaiError("badResumptionToken", "the set list comes in one response; this token was not issued")
        found = sets(self.archive)
        if not found:
            raise OaiError("noSetHierarchy", "no sets: the archive has no public collections or holdings yet")
        body = etree.Element(f"{{{OAI}}}ListSets")
        for spec, name in found:
            item = etree.SubElement(body, f"{{{OAI}}}set")
            self._sub(item, "setSpec", spec)
            self._sub(item, "setName", clean(name) or spec)
        return body

    def get_record(self, given: dict[str, str]) -> etree._Element:
        self._check_format(given["metadataPrefix"])
        found = self._find(given["identifier"])
        body = etree.Element(f"{{{OAI}}}GetRecord")
        visible = collections(self.archive)
        body.append(self.record(found, visible, self._dc_context([found]),
                                self._statements(given["metadataPrefix"], [found])))
        return body

    def list_items(self, verb: str, given: dict[str, str]) -> etree._Element:
        if "resumptionToken" in given:
            try:
                state = oai_token.decode(given["resumptionToken"], self.now)
            except TokenError as exc:
                raise OaiError("badResumptionToken", str(exc)) from None
            if state.verb != verb:
                raise OaiError("badResumptionToken", f"this token continues {state.verb}, not {verb}")
        else:
            state = ListState(verb, given["metadataPrefix"], given.get("from"), given.get("until"),
                              given.get("set"), "", "", 0, "")
            self._check_format(state.metadata_prefix)
        bounds = window(state.since, state.until)
        chosen = set_filter(self.archive, state.set_spec)
        items: list[Harvested] = []
        remaining = 0
        if not chosen.empty:
            after = (state.after_stamp, state.after_id) if state.after_id else None
            items, remaining = pagequeries.harvest_page(self.archive, bounds.since, bounds.before, chosen.collections,
                                                        chosen.repositories, after, self.config.page_size)
        if not items:
            raise OaiError("noRecordsMatch", "no items match these arguments")
        body = etree.Element(f"{{{OAI}}}{verb}")
        visible = collections(self.archive)
        context = self._dc_context(items) if verb == "ListRecords" else None
        found = self._statements(state.metadata_prefix, items) if context else None
        for item in items:
            if context is None:
                body.append(self.header(item, visible))
            else:
                body.append(self.record(item, visible, context, found))
        more = remaining > len(items)
        if more or state.cursor:
            token = etree.SubElement(body, f"{{{OAI}}}resumptionToken",
                                     completeListSize=str(state.cursor + remaining), cursor=str(state.cursor))
            if more:
                expires = utc_text(self.now + self.config.token_lifetime)
                token.set("expirationDate", expires)
                token.text = oai_token.encode(ListState(
                    verb, state.metadata_prefix, state.since, state.until, state.set_spec,
                    items[-1].updated_at, items[-1].id, state.cursor + len(items), expires))
        return body

    # -- items ---------------------------------------------------------------------------------

    def _dc_context(self, items: Sequence[Harvested]) -> DcContext:
        live = [h.record for h in items if not h.deleted]
        agents = [a.authority for d in live for a in d.agents if a.authority]
        linked = [r.target for d in live for r in d.relations] + [c for d in live for c in d.collections]
        return DcContext(base_url=self.config.base_url, publisher=self.config.repository_name,
                         authorities=pagequeries.authorities(self.archive, ANONYMOUS, sorted(set(agents))),
                         visible={i: kind for i, (kind, _) in self.archive.titles(sorted(set(linked)),
                                                                                  ANONYMOUS).items()})

    def _statements(self, prefix: str, items: Sequence[Harvested]) -> dict[str, list[statements.Stored]] | None:
        """The items' statements, by document, when the format is ``opis_statements`` (one query a page)."""
        if prefix != "opis_statements":
            return None
        out: dict[str, list[statements.Stored]] = {h.id: [] for h in items if not h.deleted}
        for s in statements.of_records(self.archive, list(out), ANONYMOUS):
            out[s.record_id].append(s)
        return out

    def header(self, item: Harvested, visible_collections: dict[str, str]) -> etree._Element:
        header = etree.Element(f"{{{OAI}}}header")
        if item.deleted:
            header.set("status", "deleted")
        self._sub(header, "identifier", self.config.identifier(item.id))
        self._sub(header, "datestamp", datestamp(item.updated_at))
        for spec in set_specs(item.record, visible_collections):
            self._sub(header, "setSpec", spec)
        return header

    def record(self, item: Harvested, visible_collections: dict[str, str], context: DcContext,
               found: dict[str, list[statements.Stored]] | None = None) -> etree._Element:
        """The record in oai_dc, or in opis_statements when ``found`` (the page's statements) is given."""
        record = etree.Element(f"{{{OAI}}}record")
        record.append(self.header(item, visible_collections))
        if not item.deleted:  # a deleted item is a header only: its last public content is not shown again
            metadata = etree.SubElement(record, f"{{{OAI}}}metadata")
            if found is None:
                metadata.append(oai_dc(item.record, context))
            else:
                metadata.append(oai_statements.statements_xml(item.id, found.get(item.id, []),
                                                              self.config.base_url))
        return record


def serialize(root: etree._Element) -> bytes:
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result


def respond(archive: Archive, config: OaiConfig, arguments: Sequence[tuple[str, str]]) -> bytes:
    """The OAI-PMH response document for one request's arguments."""
    return Responder(archive, config).respond(arguments)


__all__ = ["DC", "FORMATS", "OAI", "OaiConfig", "OaiError", "check_arguments", "respond", "sets", "window"]
