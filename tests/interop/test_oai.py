"""OAI-PMH 2.0 over the Archive: every verb and error, paging, from/until, sets, deleted records, access.

Every response is validated against our own small schemas (tests/data/oai/) before anything else
is looked at. The scenario (``harvestable``) runs on SQLite and PostgreSQL through the ``archive``
fixture, with the clock moved by hand so that datestamps are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from opis.interop import oai_token
from opis.interop.oai import OaiConfig, respond
from opis.interop.oai_dc import DcContext, clean, dc_values, iso_dates
from opis.model import (
    Access,
    ArchivalReference,
    Collection,
    DocDate,
    Document,
    PlaceRef,
    Relation,
    Status,
    make_id,
)
from opis.store.archive import Archive
from tests.conftest import FixedClock
from tests.support import records as R

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "oai"
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}
BASE = "https://archive.example"
T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
END = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)  # the clock when the tests ask


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "OAI-PMH.xsd")))


def validated(body: bytes) -> etree._Element:
    """The response parsed, after strict validation against the envelope and oai_dc schemas."""
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema().validate(root):
        raise AssertionError(f"invalid OAI-PMH response: {schema().error_log}\n{body.decode()}")
    return root


def texts(root: etree._Element, path: str) -> list[str]:
    return [str(t) for t in root.xpath(path + "/text()", namespaces=NS)]


def error_code(root: etree._Element) -> str | None:
    found = root.xpath("o:error/@code", namespaces=NS)
    return str(found[0]) if found else None


# -- the scenario --------------------------------------------------------------------------------------

SECRET_COLLECTION = Collection(id=make_id("collection", "test", "secret"), title="Secret collection",
                               access=Access(level="restricted"))
OTHER_COLLECTION = Collection(id=make_id("collection", "test", "other"), title="Other collection")
RICH = R.doc("rich", title="Letter with everything", summary="Shtykov reports\n on the  talks.",
             date=DocDate(edtf="1950-05-21/1950-05-31", text="late May 1950"), languages=["ru", "en"],
             agents=[*R.doc("x").agents, R.doc("x").agents[0].model_copy(update={"role": "recipient",
                                                                                 "name": "Kim", "authority": None})],
             subjects=["Korean War", "Soviet aid"], places=[PlaceRef(name="Pyongyang")],
             collections=[R.COLLECTION.id, SECRET_COLLECTION.id],
             relations=[Relation(type="reply-to", target=R.PUBLIC.id),
                        Relation(type="reply-to", target=R.RESTRICTED.id),
                        Relation(type="reply-to", target=R.SHTYKOV.id)],  # not a document: no permalink
             archival_refs=[*R.PUBLIC.archival_refs,
                            ArchivalReference(raw="AVP RF. F. 059a. Op. 5. P. 11. D. 3. L. 7.", repository="AVP RF",
                                              fond="059a", opis="5", papka="11", delo="3", folios="7")])
PASSED = R.doc("passed", title="Embargo passed", access=Access(level="embargoed", until=date(2020, 1, 1)))
IN_REVIEW = R.doc("review", title="In review letter", status=Status.REVIEW)
IN_SECRET_ONLY = R.doc("secret-only", title="Only in the secret collection", collections=[SECRET_COLLECTION.id],
                       archival_refs=[])
WITHDRAWN = R.doc("withdrawn", title="Withdrawn letter")
ONCE_PUBLIC = R.doc("once-public", title="Once public letter", collections=[OTHER_COLLECTION.id])
NOW_SECRET = ONCE_PUBLIC.model_copy(update={"title": "Now secret title", "access": Access(level="restricted")})
NEVER = R.doc("never", title="Never public letter", status=Status.DRAFT)
EMBARGO_NEVER = R.doc("embargo-never", title="Embargo never lapsed",
                      access=Access(level="embargoed", until=date(2026, 12, 1)))
SERIES = [R.doc(f"series-{n}", title=f"Series letter {n}") for n in range(7)]

LIVE = [R.PUBLIC, RICH, PASSED, IN_SECRET_ONLY, *SERIES]
DELETED = [WITHDRAWN, ONCE_PUBLIC]
NEVER_SHOWN = [*R.HIDDEN, IN_REVIEW, NEVER, EMBARGO_NEVER]
LEAKED_TEXT = ["Restricted secret letter", "Embargoed letter", "Draft letter", "In review letter",
               "Never public letter", "Embargo never lapsed", "Now secret title", "Once public letter",
               "Withdrawn letter", "Secret collection", "D. 9999", SECRET_COLLECTION.id]
LEAKED_IDS = [d.id for d in NEVER_SHOWN]
SERIES_START = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Scenario:
    archive: Archive
    clock: FixedClock


def load(archive: Archive, clock: FixedClock) -> Scenario:
    """Saves at known times: everything at T0, the series an hour apart from SERIES_START, then changes."""
    clock.now = T0
    archive.put_all([R.SHTYKOV, R.RGAE, R.COLLECTION, R.PUBLIC, *R.HIDDEN, SECRET_COLLECTION, OTHER_COLLECTION,
                     RICH, PASSED, IN_REVIEW, IN_SECRET_ONLY,
                     WITHDRAWN, ONCE_PUBLIC, EMBARGO_NEVER], "test")
    archive.put(NEVER.model_copy(update={"access": Access()}), "test")  # a public draft ...
    for n, doc in enumerate(SERIES):
        clock.now = SERIES_START + timedelta(hours=n)
        archive.put(doc, "test")
    clock.now = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    archive.put(WITHDRAWN.model_copy(update={"status": Status.WITHDRAWN}), "test")
    clock.now = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    archive.put(NOW_SECRET, "test")
    archive.put(NEVER.model_copy(update={"status": Status.PUBLISHED, "access": Access(level="restricted")}), "test")
    clock.now = datetime(2026, 11, 5, 10, 0, tzinfo=UTC)  # before the embargo of 2026-12-01 ended
    archive.put(EMBARGO_NEVER.model_copy(update={"access": Access(level="restricted")}), "test")
    clock.now = END
    return Scenario(archive, clock)


@pytest.fixture
def harvestable(archive: Archive, clock: FixedClock) -> Scenario:
    return load(archive, clock)


def config(page_size: int = 100) -> OaiConfig:
    return OaiConfig(base_url=BASE, repository_name="Test Cold War Archive", admin_email="oai@archive.example",
                     page_size=page_size)


def ask(archive: Archive, *pairs: tuple[str, str], page_size: int = 100) -> etree._Element:
    return validated(respond(archive, config(page_size), list(pairs)))


def oai_id(doc: Document) -> str:
    return f"oai:archive.example:{doc.id}"


def harvest_all(archive: Archive, verb: str, page_size: int, *pairs: tuple[str, str]) -> list[etree._Element]:
    """Every response of a list request, following resumption tokens to the end."""
    pages = [ask(archive, ("verb", verb), ("metadataPrefix", "oai_dc"), *pairs, page_size=page_size)]
    while True:
        token = texts(pages[-1], f"o:{verb}/o:resumptionToken")
        if not token:
            return pages
        pages.append(ask(archive, ("verb", verb), ("resumptionToken", token[0]), page_size=page_size))


def headers(pages: Sequence[etree._Element]) -> list[tuple[str, bool]]:
    found = []
    for page in pages:
        for header in page.xpath("//o:header", namespaces=NS):
            found.append((str(header.findtext("o:identifier", namespaces=NS)), header.get("status") == "deleted"))
    return found


# -- Identify, ListMetadataFormats, ListSets ----------------------------------------------------------


def test_identify(harvestable: Scenario) -> None:
    root = ask(harvestable.archive, ("verb", "Identify"))
    assert error_code(root) is None
    assert texts(root, "o:Identify/o:repositoryName") == ["Test Cold War Archive"]
    assert texts(root, "o:Identify/o:baseURL") == [f"{BASE}/oai"]
    assert texts(root, "o:Identify/o:protocolVersion") == ["2.0"]
    assert texts(root, "o:Identify/o:adminEmail") == ["oai@archive.example"]
    assert texts(root, "o:Identify/o:earliestDatestamp") == ["2026-11-01T12:00:00Z"]
    assert texts(root, "o:Identify/o:deletedRecord") == ["persistent"]
    assert texts(root, "o:Identify/o:granularity") == ["YYYY-MM-DDThh:mm:ssZ"]
    assert texts(root, "o:responseDate") == ["2027-01-10T09:00:00Z"]
    assert texts(root, "o:request") == [f"{BASE}/oai"] and root.find("o:request", NS).get("verb") == "Identify"


def test_identify_on_an_empty_archive_is_valid(archive: Archive) -> None:
    root = ask(archive, ("verb", "Identify"))
    assert texts(root, "o:Identify/o:earliestDatestamp") == ["2026-11-01T12:00:00Z"]  # the clock's now


def test_list_metadata_formats(harvestable: Scenario) -> None:
    a = harvestable.archive
    root = ask(a, ("verb", "ListMetadataFormats"))
    assert texts(root, "o:ListMetadataFormats/o:metadataFormat/o:metadataPrefix") == ["oai_dc", "opis_statements"]
    assert texts(root, "o:ListMetadataFormats/o:metadataFormat/o:schema") == [
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", f"{BASE}/oai/opis_statements.xsd"]
    assert texts(root, "o:ListMetadataFormats/o:metadataFormat/o:metadataNamespace") == [
        NS["oai_dc"], "urn:opis:statements:1"]
    for item in (R.PUBLIC, WITHDRAWN):  # a deleted item still has its formats
        assert error_code(ask(a, ("verb", "ListMetadataFormats"), ("identifier", oai_id(item)))) is None
    for item in (R.RESTRICTED, NEVER, IN_REVIEW):
        root = ask(a, ("verb", "ListMetadataFormats"), ("identifier", oai_id(item)))
        assert error_code(root) == "idDoesNotExist"
    assert error_code(ask(a, ("verb", "ListMetadataFormats"), ("identifier", "oai:elsewhere:" + R.PUBLIC.id))) \
        == "idDoesNotExist"


def test_list_sets(harvestable: Scenario) -> None:
    root = ask(harvestable.archive, ("verb", "ListSets"))
    specs = texts(root, "o:ListSets/o:set/o:setSpec")
    assert specs == ["repository", "repository:avp-rf", "repository:rgae", "collection",
                     f"collection:{OTHER_COLLECTION.id}", f"collection:{R.COLLECTION.id}"]
    names = texts(root, "o:ListSets/o:set/o:setName")
    assert "Test collection" in names and "Russian State Archive of the Economy" in names
    assert error_code(ask(harvestable.archive, ("verb", "ListSets"), ("resumptionToken", "x"))) \
        == "badResumptionToken"


def test_no_sets_on_an_empty_archive(archive: Archive) -> None:
    assert error_code(ask(archive, ("verb", "ListSets"))) == "noSetHierarchy"


# -- GetRecord and the Dublin Core -------------------------------------------------------------------


def test_get_record_maps_dublin_core(harvestable: Scenario) -> None:
    root = ask(harvestable.archive, ("verb", "GetRecord"), ("identifier", oai_id(RICH)), ("metadataPrefix", "oai_dc"))
    record = root.find("o:GetRecord/o:record", NS)
    assert texts(record, "o:header/o:identifier") == [oai_id(RICH)]
    assert texts(record, "o:header/o:datestamp") == ["2026-11-01T12:00:00Z"]
    assert texts(record, "o:header/o:setSpec") == ["repository:rgae", "repository:avp-rf",
                                                   f"collection:{R.COLLECTION.id}"]
    dc = record.find("o:metadata/oai_dc:dc", NS)
    got = [(etree.QName(e).localname, e.text) for e in dc]
    assert got == [
        ("title", "Letter with everything"), ("creator", "Terentii Shtykov"),
        ("date", "1950-05-21/1950-05-31"), ("type", "Text"), ("type", "Letter"),
        ("language", "ru"), ("language", "en"), ("description", "Shtykov reports on the talks."),
        ("identifier", f"{BASE}/documents/{RICH.id}"),
        ("source", "RGAE. F. 413. Op. 13. D. 5466. L. 23."), ("source", "AVP RF. F. 059a. Op. 5. P. 11. D. 3. L. 7."),
        ("relation", f"{BASE}/documents/{R.PUBLIC.id}"), ("relation", f"{BASE}/collections/{R.COLLECTION.id}"),
        ("subject", "Korean War"), ("subject", "Soviet aid"), ("coverage", "Pyongyang"),
        ("publisher", "Test Cold War Archive"),
    ]


def test_get_record_of_a_withdrawn_document_is_a_deleted_header(harvestable: Scenario) -> None:
    a = harvestable.archive
    for doc in DELETED:
        body = respond(a, config(), [("verb", "GetRecord"), ("identifier", oai_id(doc)), ("metadataPrefix", "oai_dc")])
        root = validated(body)
        header = root.find("o:GetRecord/o:record/o:header", NS)
        assert header.get("status") == "deleted"
        assert root.find("o:GetRecord/o:record/o:metadata", NS) is None
        assert doc.title.encode() not in body and b"Now secret title" not in body
    header = ask(a, ("verb", "GetRecord"), ("identifier", oai_id(WITHDRAWN)), ("metadataPrefix", "oai_dc")) \
        .find("o:GetRecord/o:record/o:header", NS)
    assert texts(header, "o:datestamp") == ["2026-11-03T09:00:00Z"]


@pytest.mark.parametrize("record_id", [*(d.id for d in NEVER_SHOWN), R.SHTYKOV.id, R.COLLECTION.id])
def test_get_record_of_what_a_reader_may_not_see_does_not_exist(harvestable: Scenario, record_id: str) -> None:
    root = ask(harvestable.archive, ("verb", "GetRecord"), ("identifier", f"oai:archive.example:{record_id}"),
               ("metadataPrefix", "oai_dc"))
    assert error_code(root) == "idDoesNotExist"


def test_get_record_in_an_unknown_format(harvestable: Scenario) -> None:
    root = ask(harvestable.archive, ("verb", "GetRecord"), ("identifier", oai_id(R.PUBLIC)), ("metadataPrefix", "mods"))
    assert error_code(root) == "cannotDisseminateFormat"
    assert root.find("o:request", NS).get("metadataPrefix") == "mods"  # not a badArgument: attributes kept


def test_iso_dates_keep_edtf_and_add_iso() -> None:
    assert iso_dates(DocDate(edtf="1947-05")) == ["1947-05"]
    assert iso_dates(DocDate(edtf="1950-06-25")) == ["1950-06-25"]
    assert iso_dates(DocDate(edtf="1947~")) == ["1947~", "1947-01-01/1947-12-31"]
    assert iso_dates(DocDate(edtf="195X")) == ["195X", "1950-01-01/1959-12-31"]
    assert iso_dates(DocDate(edtf="1950-05-21/1950-05-31")) == ["1950-05-21/1950-05-31"]
    assert iso_dates(DocDate(edtf="1950-05-21/..")) == ["1950-05-21/.."]


def test_dc_values_are_clean_text() -> None:
    doc = R.doc("ctl", title="Bell\x07 and\ttab", summary="  ", subjects=["\x00"])
    pairs = dc_values(doc, DcContext(base_url="https://h", publisher="P"))
    assert ("title", "Bell and tab") in pairs
    assert not any(k in ("description", "subject", "relation") for k, _ in pairs)
    assert clean("a\x0bb\u0000c") == "a bc"


# -- the list verbs: paging, tokens, windows, sets -------------------------------------------------


def test_list_records_in_one_page(harvestable: Scenario) -> None:
    root = ask(harvestable.archive, ("verb", "ListRecords"), ("metadataPrefix", "oai_dc"))
    assert root.find("o:ListRecords/o:resumptionToken", NS) is None  # complete: no token at all
    found = headers([root])
    assert sorted(found) == sorted([(oai_id(d), False) for d in LIVE] + [(oai_id(d), True) for d in DELETED])
    datestamps = texts(root, "o:ListRecords/o:record/o:header/o:datestamp")
    assert datestamps == sorted(datestamps)  # oldest change first


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_resumption_over_several_pages(harvestable: Scenario, verb: str) -> None:
    pages = harvest_all(harvestable.archive, verb, 3)
    total = len(LIVE) + len(DELETED)
    assert len(pages) == (total + 2) // 3
    found = headers(pages)
    assert len(found) == total and len(set(found)) == total
    for n, page in enumerate(pages[1:], start=1):
        token = page.find(f"o:{verb}/o:resumptionToken", NS)
        assert token.get("cursor") == str(3 * n) and token.get("completeListSize") == str(total)
    first = pages[0].find(f"o:{verb}/o:resumptionToken", NS)
    assert first.get("cursor") == "0" and first.get("expirationDate") == "2027-01-11T09:00:00Z" and first.text
    last = pages[-1].find(f"o:{verb}/o:resumptionToken", NS)
    assert not last.text and last.get("expirationDate") is None  # the last page: an empty token
    if verb == "ListIdentifiers":
        assert not pages[0].xpath("//o:metadata", namespaces=NS)


def test_a_document_changed_during_a_harvest_is_not_lost(harvestable: Scenario) -> None:
    a, clock = harvestable.archive, harvestable.clock
    first = ask(a, ("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), page_size=4)
    token = texts(first, "o:ListIdentifiers/o:resumptionToken")[0]
    clock.now = END + timedelta(minutes=5)
    a.put(SERIES[6].model_copy(update={"title": "Series letter 6, corrected"}), "test")  # not yet delivered
    a.put(R.PUBLIC.model_copy(update={"summary": "edited"}), "test")  # delivered already: comes again
    pages = [first]
    while token:
        pages.append(ask(a, ("verb", "ListIdentifiers"), ("resumptionToken", token), page_size=4))
        token = (texts(pages[-1], "o:ListIdentifiers/o:resumptionToken") or [""])[0]
    ids = [i for i, _ in headers(pages)]
    assert set(ids) == {oai_id(d) for d in [*LIVE, *DELETED]}
    assert ids.count(oai_id(SERIES[6])) == 1 and ids.count(oai_id(R.PUBLIC)) == 2


def test_resumption_token_errors(harvestable: Scenario) -> None:
    a, clock = harvestable.archive, harvestable.clock
    first = ask(a, ("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), page_size=3)
    token = texts(first, "o:ListRecords/o:resumptionToken")[0]
    body, _, digest = token.partition(".")
    empty_json = "e30." + oai_token._digest("e30")  # "{}": well formed, no fields
    for bad in ("", "garbage", token[:-1], body[:-2] + "AA." + digest, "é." + digest, empty_json):
        root = ask(a, ("verb", "ListRecords"), ("resumptionToken", bad), page_size=3)
        assert error_code(root) == "badResumptionToken", bad
    assert error_code(ask(a, ("verb", "ListIdentifiers"), ("resumptionToken", token), page_size=3)) \
        == "badResumptionToken"
    root = ask(a, ("verb", "ListRecords"), ("resumptionToken", token), ("metadataPrefix", "oai_dc"), page_size=3)
    assert error_code(root) == "badArgument" and not root.find("o:request", NS).attrib
    clock.now = END + timedelta(hours=24)
    root = ask(a, ("verb", "ListRecords"), ("resumptionToken", token), page_size=3)
    assert error_code(root) == "badResumptionToken" and "expired" in texts(root, "o:error")[0]


def test_token_round_trip() -> None:
    state = oai_token.ListState("ListRecords", "oai_dc", "2026-11-01", None, "collection:x",
                                "2026-11-01T12:00:00.000000Z", "doc-1", 100, "2026-11-02T00:00:00Z")
    token = oai_token.encode(state)
    assert oai_token.decode(token, T0) == state
    assert all(c.isalnum() or c in "-_." for c in token)
    with pytest.raises(oai_token.TokenError):
        oai_token.decode(token, datetime(2026, 11, 2, tzinfo=UTC))


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("2026-11-02", "2026-11-02", [f"series-{n}" for n in range(7)]),
    ("2026-11-02T12:00:00Z", "2026-11-02T13:00:00Z", ["series-2", "series-3"]),
    ("2026-11-02T12:00:01Z", None, ["series-3", "series-4", "series-5", "series-6", "withdrawn", "once-public"]),
    (None, "2026-11-01", ["public", "rich", "passed", "secret-only"]),
    ("2026-11-03", None, ["withdrawn", "once-public"]),
])
def test_from_and_until(harvestable: Scenario, since: str | None, until: str | None, expected: list[str]) -> None:
    args = [("from", since)] if since else []
    args += [("until", until)] if until else []
    root = ask(harvestable.archive, ("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), *args)
    want = {oai_id(R.doc(key)) for key in expected}
    assert {i for i, _ in headers([root])} == want


def test_from_until_survive_paging(harvestable: Scenario) -> None:
    pages = harvest_all(harvestable.archive, "ListIdentifiers", 2, ("from", "2026-11-02T11:00:00Z"),
                        ("until", "2026-11-02T15:00:00Z"))
    assert [i for i, _ in headers(pages)] == [oai_id(SERIES[n]) for n in range(1, 6)]
    assert pages[0].find("o:ListIdentifiers/o:resumptionToken", NS).get("completeListSize") == "5"


@pytest.mark.parametrize(("since", "until"), [
    ("2026-11-02", "2026-11-03T00:00:00Z"), ("2026-11-03", "2026-11-02"), ("2026-13-01", None),
    ("2026-11-02T10:00:00", None), (None, "yesterday"), ("2026-11-02T10:00:00.5Z", None), ("", None),
])
def test_bad_dates_are_bad_arguments(harvestable: Scenario, since: str | None, until: str | None) -> None:
    args = [("from", since)] if since is not None else []
    args += [("until", until)] if until is not None else []
    root = ask(harvestable.archive, ("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), *args)
    assert error_code(root) == "badArgument" and not root.find("o:request", NS).attrib


def test_no_records_match(harvestable: Scenario) -> None:
    for args in ([("until", "2020-01-01")], [("from", "2030-01-01")], [("set", "collection:nope")],
                 [("set", "repository:garf")], [("set", "elsewhere")], [("set", f"collection:{SECRET_COLLECTION.id}")]):
        root = ask(harvestable.archive, ("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), *args)
        assert error_code(root) == "noRecordsMatch", args


def test_empty_archive_lists_nothing(archive: Archive) -> None:
    assert error_code(ask(archive, ("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"))) == "noRecordsMatch"


@pytest.mark.parametrize(("spec", "expected"), [
    (f"collection:{R.COLLECTION.id}", {*(d.id for d in [R.PUBLIC, RICH, PASSED, *SERIES]), WITHDRAWN.id}),
    (f"collection:{OTHER_COLLECTION.id}", {ONCE_PUBLIC.id}),
    ("collection", {d.id for d in [*LIVE, *DELETED]} - {IN_SECRET_ONLY.id}),
    ("repository:avp-rf", {RICH.id}),
    ("repository", {d.id for d in [*LIVE, *DELETED]} - {IN_SECRET_ONLY.id}),
])
def test_sets(harvestable: Scenario, spec: str, expected: set[str]) -> None:
    pages = harvest_all(harvestable.archive, "ListIdentifiers", 4, ("set", spec))
    found = headers(pages)
    assert {i for i, _ in found} == {f"oai:archive.example:{d}" for d in expected}
    assert len(found) == len(expected)


# -- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pairs", "code"), [
    ([], "badVerb"),
    ([("verb", "Frobnicate")], "badVerb"),
    ([("verb", "Identify"), ("verb", "Identify")], "badVerb"),
    ([("verb", "identify")], "badVerb"),
    ([("verb", "Identify"), ("set", "x")], "badArgument"),
    ([("verb", "ListRecords")], "badArgument"),
    ([("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("metadataPrefix", "oai_dc")], "badArgument"),
    ([("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("identifier", "x")], "badArgument"),
    ([("verb", "GetRecord"), ("metadataPrefix", "oai_dc")], "badArgument"),
    ([("verb", "GetRecord"), ("identifier", "x")], "badArgument"),
    ([("verb", "ListSets"), ("set", "collection")], "badArgument"),
    ([("verb", "ListMetadataFormats"), ("metadataPrefix", "oai_dc")], "badArgument"),
    ([("verb", "ListRecords"), ("metadataPrefix", "marc21")], "cannotDisseminateFormat"),
    ([("verb", "ListIdentifiers"), ("metadataPrefix", "")], "badArgument"),
    ([("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("set", "a b")], "badArgument"),
    ([("verb", "GetRecord"), ("identifier", "oai:archive.example:doc-0"), ("metadataPrefix", "oai_dc")],
     "idDoesNotExist"),
    ([("verb", "GetRecord"), ("identifier", "not a uri"), ("metadataPrefix", "oai_dc")], "idDoesNotExist"),
    ([("verb", "ListIdentifiers"), ("resumptionToken", "nonsense")], "badResumptionToken"),
])
def test_errors(harvestable: Scenario, pairs: list[tuple[str, str]], code: str) -> None:
    root = ask(harvestable.archive, *pairs)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert not request.attrib  # the protocol: only the base URL for these two
    else:
        assert request.get("verb") == dict(pairs)["verb"]


# -- access ------------------------------------------------------------------------------------------


def every_response(archive: Archive) -> list[bytes]:
    """A response of every verb in every form, including each page of a small-page harvest."""
    cfg = config(page_size=3)
    bodies = [respond(archive, cfg, [("verb", v)]) for v in ("Identify", "ListMetadataFormats", "ListSets")]
    for verb in ("ListIdentifiers", "ListRecords"):
        for extra in ([], [("set", "collection")], [("set", f"collection:{R.COLLECTION.id}")], [("set", "repository")],
                      [("from", "2026-11-01")]):
            pairs: list[tuple[str, str]] = [("verb", verb), ("metadataPrefix", "oai_dc"), *extra]
            while True:
                body = respond(archive, cfg, pairs)
                bodies.append(body)
                token = texts(validated(body), f"o:{verb}/o:resumptionToken")
                if not token or not token[0]:
                    break
                pairs = [("verb", verb), ("resumptionToken", token[0])]
    for doc in [*LIVE, *DELETED, *NEVER_SHOWN]:
        bodies.append(respond(archive, cfg, [("verb", "GetRecord"), ("identifier", oai_id(doc)),
                                             ("metadataPrefix", "oai_dc")]))
        bodies.append(respond(archive, cfg, [("verb", "ListMetadataFormats"), ("identifier", oai_id(doc))]))
    return bodies


def test_nothing_hidden_ever_appears(harvestable: Scenario) -> None:
    for body in every_response(harvestable.archive):
        root = validated(body)
        text = body.decode()
        assert not [leak for leak in LEAKED_TEXT if leak in text], text
        if error_code(root) == "idDoesNotExist":
            continue  # the error echoes the identifier the harvester asked for, nothing more
        assert not [leak for leak in LEAKED_IDS if leak in text], text


def test_counts_only_count_what_may_be_harvested(harvestable: Scenario) -> None:
    first = ask(harvestable.archive, ("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), page_size=2)
    size = first.find("o:ListRecords/o:resumptionToken", NS).get("completeListSize")
    assert size == str(len(LIVE) + len(DELETED))


def test_deleted_records_come_from_the_history(harvestable: Scenario) -> None:
    found = dict(headers(harvest_all(harvestable.archive, "ListRecords", 5)))
    assert all(found[oai_id(d)] for d in DELETED)
    assert not any(found[oai_id(d)] for d in LIVE)
    assert not any(oai_id(d) in found for d in NEVER_SHOWN)


def test_a_record_published_again_is_live_again(harvestable: Scenario) -> None:
    a = harvestable.archive
    a.put(WITHDRAWN, "test")
    root = ask(a, ("verb", "GetRecord"), ("identifier", oai_id(WITHDRAWN)), ("metadataPrefix", "oai_dc"))
    assert root.find("o:GetRecord/o:record/o:header", NS).get("status") is None
    assert texts(root, "o:GetRecord/o:record/o:metadata/oai_dc:dc/dc:title") == ["Withdrawn letter"]


def test_a_lifted_embargo_reaches_an_incremental_harvest(harvestable: Scenario) -> None:
    """An embargo ends without a new revision; the record's datestamp is the day it became readable."""
    a, clock = harvestable.archive, harvestable.clock
    lifts = R.doc("lifts", title="Embargo lifts later", access=Access(level="embargoed", until=date(2027, 2, 1)))
    a.put(lifts, "test")  # saved at END (2027-01-10), hidden until 2027-02-01
    last_visit = "2027-01-20"
    clock.now = datetime(2027, 2, 2, 8, 0, tzinfo=UTC)
    root = ask(a, ("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("from", last_visit))
    assert oai_id(lifts) in {i for i, _ in headers([root])}
    got = ask(a, ("verb", "GetRecord"), ("identifier", oai_id(lifts)), ("metadataPrefix", "oai_dc"))
    assert texts(got, "o:GetRecord/o:record/o:header/o:datestamp") == ["2027-02-01T00:00:00Z"]


# -- opis_statements: a document's statements ----------------------------------------------------------------


def test_statements_are_harvested_in_their_own_format(archive: Archive) -> None:
    """Seed 000's requests and answers (tests/extract/test_statements.py quotes it), stored with a document; one
    rejected by an editor is never harvested; oai_dc of the same record stays what it was and valid."""
    from opis.extract.names.entities import AuthorityIndex
    from opis.extract.pipeline import extract_all
    from opis.model import Authority, Rendition
    from opis.model.findings import Findings
    from opis.sample import load_sample
    from opis.store import statements
    from opis.store.access import SYSTEM, Viewer
    from tests.extract.test_statements import KIM_1950

    index = AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))
    found = extract_all(KIM_1950, "en", index, only=("statements",))
    kim = R.doc("statements", renditions=[Rendition(id="ren-st", kind="original", language="en", text=KIM_1950)],
                findings=Findings.model_validate({"statements": found["statements"]}))
    archive.put_many([R.SHTYKOV, R.COLLECTION, kim], "test")
    stored = statements.of_document(archive, kim.id, SYSTEM)
    statements.review(archive, stored[0].id, "reject", Viewer("ed", frozenset({"editor"})))
    formats = ask(archive, ("verb", "ListMetadataFormats"))
    assert texts(formats, "o:ListMetadataFormats/o:metadataFormat/o:metadataPrefix") == ["oai_dc", "opis_statements"]
    assert f"{BASE}/oai/opis_statements.xsd" in texts(formats, "o:ListMetadataFormats/o:metadataFormat/o:schema")
    st = {"st": "urn:opis:statements:1"}
    prefix = ("metadataPrefix", "opis_statements")
    for root in (ask(archive, ("verb", "GetRecord"), ("identifier", oai_id(kim)), prefix),
                 ask(archive, ("verb", "ListRecords"), prefix)):
        items = root.xpath("//o:record[o:header/o:identifier = $id]/o:metadata/st:statements/st:statement",
                           namespaces={**NS, **st}, id=oai_id(kim))
        assert [i.get("id") for i in items] == [s.id for s in stored[1:]]  # the rejected one is left out
        assert {i.get("kind") for i in items} == {"request", "decision"}
        fuel = next(i for i in items if "fuel" in (i.findtext("st:object", namespaces=st) or ""))
        passage = fuel.find("st:passage", st)
        assert passage is not None and passage.get("href", "").startswith(f"{BASE}/documents/{kim.id}?passage=ren-st:")
        answer = next(i for i in items if i.get("respondsTo") == fuel.get("id"))
        assert answer.findtext("st:latency", namespaces=st) == "less than a day"
        assert answer.find("st:agent", st) is not None and answer.find("st:agent", st).get("authority")
    dc = ask(archive, ("verb", "GetRecord"), ("identifier", oai_id(kim)), ("metadataPrefix", "oai_dc"))
    assert dc.find("o:GetRecord/o:record/o:metadata/oai_dc:dc", NS) is not None
    assert not dc.xpath("//st:statement", namespaces=st)
