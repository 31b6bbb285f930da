"""TEI in general, and FRUS volumes as documents, persons and organizations."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from opis.ingest import ParsedFile, parse_file
from opis.ingest.frus.names import name_variants
from opis.ingest.frus.volume import frus_edtf, parse_volume
from opis.model import Authority, Collection, Document, make_id, record_from_dict

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
V1949, V1955 = "frus1949v07p2", "frus1955-57v23p2"


@pytest.fixture(scope="module")
def vol1949() -> ParsedFile:
    return parse_file(_volume(V1949))


@pytest.fixture(scope="module")
def vol1955() -> ParsedFile:
    return parse_file(_volume(V1955))


def _volume(vol: str) -> Path:
    from ingest_support import FRUS_VOLUMES, missing

    path = FRUS_VOLUMES / f"{vol}-excerpt.xml"
    if not path.exists():
        missing(f"FRUS excerpt {path} not found")
    return path


def _docs(parsed: ParsedFile) -> dict[str, Document]:
    return {r.source.split("#")[1]: r for r in parsed.records if isinstance(r, Document)}


def _meta(parsed: ParsedFile, doc: Document) -> dict[str, Any]:
    return parsed.record_metadata[doc.id]


def test_generic_tei() -> None:
    parsed = parse_file(DATA / "minimal-tei.xml")
    assert parsed.handler == "tei" and parsed.media_type == "application/tei+xml"
    assert parsed.title == "Записка о положении на заводе"
    assert parsed.authors == ["Иванов И. И."]
    assert parsed.date_text == "12 мая 1947 г."
    assert parsed.language == "ru"
    assert "Завод восстановлен на половину мощности." in parsed.text  # the note is left out
    assert "Цех | План\nЛитейный | 120" in parsed.text
    assert "Примечание" not in parsed.text and "\n3\n" not in parsed.text  # notes and forme work
    assert parsed.records == []


def test_1949_documents_titles_and_ids(vol1949: ParsedFile) -> None:
    docs = _docs(vol1949)
    assert list(docs) == ["d188", "d189", "d190", "d191", "d192", "d193", "d194"]
    assert docs["d188"].title == "The Secretary of State to the Acting Political Adviser in Japan (Sebald)"
    assert docs["d191"].title == ("Memorandum by the Director of the Office of Far Eastern Affairs (Butterworth) "
                                  "to the Acting Secretary of State")
    assert docs["d189"].id == make_id("document", "frus", V1949, "d189")
    assert docs["d189"].source == f"{V1949}#d189"
    assert vol1949.metadata["frus"]["volume_id"] == V1949
    assert vol1949.title and vol1949.title.startswith("Foreign Relations of the United States, 1949")
    assert vol1949.authors == ["John G. Reid", "John P. Glennon"]


def test_1949_dates_places_genres(vol1949: ParsedFile) -> None:
    docs = _docs(vol1949)
    d188 = docs["d188"]
    assert d188.date is not None and d188.date.edtf == "1949-12-30"  # a when with a time is a day
    assert d188.date.text == "December 30, 1949—8 p. m."
    assert _meta(vol1949, d188)["when"] == "1949-12-30T20:00:00-05:00"
    assert [p.name for p in d188.places] == ["Washington"]
    genres = {k: d.genre for k, d in docs.items()}
    assert genres == {"d188": "telegram", "d189": "editorial-note", "d190": "record-of-conversation",
                      "d191": "memorandum", "d192": "editorial-note", "d193": "letter", "d194": "letter"}
    assert docs["d189"].date is None  # an editorial note has no dateline
    assert _meta(vol1949, docs["d189"])["doc-dateTime-min"] == "1949-01-03T00:00:00-05:00"


def test_1949_source_notes_and_classification(vol1949: ParsedFile) -> None:
    docs = _docs(vol1949)
    ref = docs["d191"].archival_refs[0]
    assert ref.raw == "740.00119 Control (Korea)/1–1049" and ref.repository == "NARA"
    assert ref.extra == {"record_group": "59", "series": "Central Files", "file": "740.00119 Control (Korea)/1–1049"}
    assert docs["d188"].archival_refs[0].extra["file"] == "761.94114/12–2249"
    assert _meta(vol1949, docs["d188"])["source_note"] == "761.94114/12–2249: Telegram"
    levels = {k: d.classification.level if d.classification else None for k, d in docs.items()}
    assert levels == {"d188": "confidential", "d189": None, "d190": "confidential", "d191": "top-secret",
                      "d192": None, "d193": "top-secret", "d194": "top-secret"}
    assert docs["d188"].classification is not None and docs["d188"].classification.marking == "restricted"


def test_1949_senders_recipients(vol1949: ParsedFile) -> None:
    docs = _docs(vol1949)

    def parties(key: str) -> list[tuple[str, str]]:
        return [(a.role, a.name) for a in docs[key].agents if a.role != "mentioned"]

    assert parties("d188") == [("sender", "Secretary of State"), ("recipient", "Sebald"), ("signatory", "Acheson")]
    assert parties("d191")[:2] == [("sender", "Butterworth"), ("recipient", "Acting Secretary of State")]
    assert parties("d190") == [("author", "Director of the Office of Far Eastern Affairs (Butterworth)")]


def test_1949_footnotes_and_text(vol1949: ParsedFile) -> None:
    d188 = _docs(vol1949)["d188"]
    notes = _meta(vol1949, d188)["footnotes"]
    assert [(n["n"], n["type"]) for n in notes] == [("", "source"), ("1", "footnote"), ("2", "footnote")]
    assert notes[2]["text"] == "Alexander Semenovich Panyushkin." and notes[2]["id"] == "d188fn2"
    text = d188.renditions[0].text
    assert d188.renditions[0].kind == "original" and d188.renditions[0].language == "en"
    assert text.startswith("restricted\n\nWashington, December 30, 1949—8 p. m.")
    # the notes are called where the volume calls them, and printed after the text, as an e-book prints them
    assert "Reurtel 583 Dec 22.[1] Fol note being sent Soviet Amb[2] Washington." in text
    assert text.endswith("Acheson\n\nSource note\n761.94114/12–2249: Telegram\n\n1\nNot printed. Telegram 698 was "
                         "repeated as 956, December 31, 1 p. m., to Moscow.\n\n2\nAlexander Semenovich Panyushkin.")


def test_1949_document_191_keeps_its_source_note_and_footnotes(vol1949: ParsedFile) -> None:
    """Issue 14: the page of d191 showed none of its notes. Each is a footnote finding whose offsets hold
    exactly its text, and whose reference is the marker where the volume calls it (numbering restarts: two 2s)."""
    d191 = _docs(vol1949)["d191"]
    text = d191.renditions[0].text
    notes = d191.findings.footnotes
    assert [n.number for n in notes] == ["source", "1", "2", "3", "2", "4", "5", "6", "7", "8", "9"]
    assert notes[0].text == "740.00119 Control (Korea)/1–1049" and notes[0].refs == []
    for note in notes:
        assert note.offset is not None and note.end is not None
        assert text[note.offset:note.end] == note.text
        for ref in note.refs:
            assert text[ref:ref + len(note.number) + 2] == f"[{note.number}]"
    assert [len(n.refs) for n in notes[1:]] == [1] * 10
    assert notes[2].refs[0] < notes[4].refs[0]  # the second "2" is the later marker
    assert notes[3].text.startswith("The portion of telegram Warx 81599") and "(740.00119 Control" in notes[3].text
    assert text.index("W. W[alton] B[utterworth]") < text.index("Source note")


def test_1949_abbreviations_become_organizations(vol1949: ParsedFile) -> None:
    orgs = {a.names[0].value: a for a in vol1949.records if isinstance(a, Authority) and a.kind == "organization"}
    assert orgs["NSC"].preferred == "National Security Council"
    assert orgs["NA"].preferred == "Division of Northeast Asian Affairs, Department of State"
    assert "CINCFE" not in orgs  # a post, not a body
    terms = vol1949.metadata["frus"]["terms"]
    assert len(terms) == 19 and terms["CINCFE"] == "Commander in Chief, Far East"
    assert orgs["ROK"].id == make_id("organization", "frus", V1949, "t_ROK1")


def test_1955_documents(vol1955: ParsedFile) -> None:
    docs = _docs(vol1955)
    assert list(docs) == ["d1", "d2", "d3", "d4"]
    assert docs["d2"].title == ("Memorandum of a Conversation Between the Secretary of State and the Korean "
                                "Ambassador (Yang), Department of State, Washington, January 7, 1955")
    assert docs["d3"].title == "Telegram From the Embassy in Korea to the Department of State"
    assert [d.genre for d in docs.values()] == ["editorial-note", "record-of-conversation", "telegram", "memorandum"]
    assert docs["d3"].date is not None and docs["d3"].date.edtf == "1955-01-08"
    assert _meta(vol1955, docs["d3"])["when"] == "1955-01-08T14:00:00+08:30"
    assert [p.name for p in docs["d3"].places] == ["Seoul"]
    assert docs["d4"].summary == "Proposed Revision of NSC 170/1"
    assert _meta(vol1955, docs["d2"])["chapters"][0] == "Korea"


def test_1955_source_notes(vol1955: ParsedFile) -> None:
    docs = _docs(vol1955)
    ref = docs["d2"].archival_refs[0]
    assert ref.raw == "Department of State, Central Files, 611.95B/1–755"
    assert ref.repository == "NARA"
    assert ref.extra == {"record_group": "59", "file": "611.95B/1–755", "series": "Central Files"}
    meta = _meta(vol1955, docs["d2"])
    assert meta["source_note"].startswith("Source: Department of State, Central Files, 611.95B/1–755. Confidential.")
    markings = [(d.classification.marking, d.classification.level) for d in docs.values() if d.classification]
    assert markings == [("Confidential", "confidential"), ("Secret", "secret"), ("Top Secret", "top-secret")]
    assert "Source:" not in docs["d2"].title


def test_1955_persons(vol1955: ParsedFile) -> None:
    persons = {a.preferred: a for a in vol1955.records if isinstance(a, Authority) and a.kind == "person"}
    assert len(persons) == 48  # 49 list entries, one of them a "see" reference
    rhee = persons["Rhee, Syngman"]
    assert "Syngman Rhee" in rhee.all_names()
    assert rhee.description == "President of the Republic of Korea"
    assert rhee.id == make_id("person", "frus", V1955, "p_RS1")
    assert persons["Ham, Tae-yong"].all_names()[1:] == ["Tae-yong Ham", "Ham Tae-yong"]
    you = persons["You, Chan Yang, Dr."]
    assert {"Yang, Dr.", "You Chan Yang"} <= set(you.all_names())


def test_1955_agents_link_to_persons(vol1955: ParsedFile) -> None:
    docs = _docs(vol1955)
    you = make_id("person", "frus", V1955, "p_YCYD1")
    d2 = {(a.role, a.name): a.authority for a in docs["d2"].agents}
    assert d2[("sender", "Secretary of State")] is None
    assert d2[("recipient", "Yang")] == you  # "#p_YD1" is a see-reference to p_YCYD1
    assert d2[("mentioned", "Rhee")] == make_id("person", "frus", V1955, "p_RS1")
    d4 = {(a.role, a.name): a.authority for a in docs["d4"].agents}
    assert d4[("sender", "Robertson")] == make_id("person", "frus", V1955, "p_RWS1")
    # persons named only in the editors' footnotes are not "mentioned" by the document
    assert ("mentioned", "William G. Jones") not in d2


def test_records_validate_and_collection(vol1949: ParsedFile, vol1955: ParsedFile) -> None:
    for parsed in (vol1949, vol1955):
        collections = [r for r in parsed.records if isinstance(r, Collection)]
        assert len(collections) == 1
        for record in parsed.records:
            assert record_from_dict(record.model_dump(mode="json")) == record
            if isinstance(record, Document):
                assert record.collections == [collections[0].id]


def test_ids_are_deterministic(vol1955: ParsedFile) -> None:
    again = parse_file(_volume(V1955))
    assert [r.id for r in again.records] == [r.id for r in vol1955.records]


def test_xinclude_of_dates_taxonomy_is_not_fetched(tmp_path: Path, vol1949: ParsedFile) -> None:
    assert "FRUS Dates Taxonomy" not in vol1949.text
    # Alone in a folder, where the include's target does not exist, the volume parses the same.
    alone = tmp_path / "volumes" / "v.xml"
    alone.parent.mkdir()
    shutil.copy(_volume(V1949), alone)
    assert [r.id for r in parse_file(alone).records] == [r.id for r in vol1949.records]


@pytest.mark.parametrize("attrs, edtf", [
    ({"when": "1955-01-08T14:00:00+08:30"}, "1955-01-08"),
    ({"when": "1949-01"}, "1949-01"),
    ({"not_before": "1950-05-21T00:00:00-05:00", "not_after": "1950-05-31T23:59:59-05:00"}, "1950-05-21/1950-05-31"),
    ({"not_before": "1950-05-21"}, "1950-05-21/.."),
    ({"not_after": "1950-05-31"}, "../1950-05-31"),
    ({"not_before": "1950-05-21", "not_after": "1950-05-21T23:00:00"}, "1950-05-21"),
    ({"when": "undated"}, None),
    ({}, None),
])
def test_frus_edtf(attrs: dict[str, str], edtf: str | None) -> None:
    assert frus_edtf(**attrs) == edtf


def test_date_range_document() -> None:
    tei = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus-test">
      <teiHeader><fileDesc><titleStmt><title type="complete">Test volume</title></titleStmt></fileDesc></teiHeader>
      <text><body><div type="document" xml:id="d1" n="1" subtype="historical-document">
        <head>1. Letter From the Ambassador in Korea (Muccio) to the Secretary of State</head>
        <opener><dateline><placeName>Seoul</placeName>, <date notBefore="1950-05-21" notAfter="1950-05-31">late
        May 1950</date></dateline></opener><p>Dear Mr. Secretary: text.</p></div></body></text></TEI>"""
    volume = parse_volume(etree.fromstring(tei))
    doc = volume.documents[0]
    assert doc.record.date is not None and doc.record.date.edtf == "1950-05-21/1950-05-31"
    assert doc.metadata["notBefore"] == "1950-05-21" and doc.metadata["notAfter"] == "1950-05-31"
    assert doc.record.genre == "letter"
    # no from/to markup: the head's "X to the Y" pattern gives sender and recipient
    assert [(a.role, a.name) for a in doc.record.agents] == [
        ("sender", "Ambassador in Korea (Muccio)"), ("recipient", "Secretary of State")]


@pytest.mark.parametrize("name, variants", [
    ("Hull, General John E.", ["John E. Hull", "General John E. Hull"]),
    ("Hoover, Herbert, Jr.", ["Herbert Hoover, Jr."]),
    ("MacArthur, Douglas, II", ["Douglas MacArthur II"]),
    ("Kim, Yong-u", ["Yong-u Kim", "Kim Yong-u"]),
    ("Yi Ki-pong", []),
])
def test_name_variants(name: str, variants: list[str]) -> None:
    assert name_variants(name) == variants
