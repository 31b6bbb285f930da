"""Witness links on SQLite and PostgreSQL: proposed once, decided by editors only as revisions with an audit
entry, never reopened by a later ingest, shown only when the reader may read both records; and found on
ingest between the sample's FRUS documents and the FRUS volume they come from (public domain; the excerpt in
/work/shared/data/frus)."""

from __future__ import annotations

import pytest
from lxml import etree

from opis.ingest.frus.volume import parse_volume
from opis.jobs.witnesses import find_witnesses
from opis.model import Access, Document, Rendition
from opis.sample import load_sample
from opis.store import witnesses
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.errors import Forbidden, Invalid

EDITOR = Viewer("ed", frozenset({"editor"}))
TRANSLATOR = Viewer("tr", frozenset({"translator"}))


def _docs(archive: Archive, hidden: bool = False) -> tuple[Document, Document]:
    a = Document(id="doc-w-a", title="Telegram", genre="telegram",
                 renditions=[Rendition(id="r-a", kind="original", language="en", text="one two three four five six")])
    b = Document(id="doc-w-b", title="Telegram", genre="telegram",
                 access=Access(level="restricted") if hidden else Access(),
                 renditions=[Rendition(id="r-b", kind="original", language="en", text="one two three four five six")])
    archive.put_many([a, b], "test")
    return a, b


def test_proposed_once_then_decided_with_history_and_audit(archive: Archive) -> None:
    a, b = _docs(archive)
    first = witnesses.propose(archive, b.id, a.id, 0.9, {"found_by": "text"})
    assert first is not None and (first.left_id, first.right_id) == (a.id, b.id)
    assert witnesses.propose(archive, a.id, b.id, 0.5, {}) is None
    with pytest.raises(Forbidden):
        witnesses.decide(archive, a.id, b.id, "confirmed", TRANSLATOR)
    with pytest.raises(Invalid):
        witnesses.decide(archive, a.id, b.id, "maybe", EDITOR)
    done = witnesses.decide(archive, b.id, a.id, "rejected", EDITOR, "127.0.0.1")
    assert done.status == "rejected" and done.revision == 2 and done.actor == "ed"
    assert witnesses.propose(archive, a.id, b.id, 0.9, {}) is None  # an editor's no stays no
    assert witnesses.links_of(archive, a.id, SYSTEM) == []  # rejected links are not shown
    witnesses.decide(archive, a.id, b.id, "confirmed", EDITOR)
    assert [h["status"] for h in witnesses.history(archive, a.id, b.id, EDITOR)] == ["confirmed", "rejected",
                                                                                    "proposed"]
    entries, _ = archive.audit.entries(action="witness")
    assert [e.actor for e in entries] == ["ed", "ed"]


def test_a_link_to_a_hidden_record_is_not_shown(archive: Archive) -> None:
    a, b = _docs(archive, hidden=True)
    witnesses.propose(archive, a.id, b.id, 1.0, {"found_by": "text"})
    assert witnesses.links_of(archive, a.id, ANONYMOUS) == []
    assert [k.other(a.id) for k in witnesses.links_of(archive, a.id, EDITOR)] == [b.id]


def test_ingest_finds_the_sample_frus_documents_in_their_volume(archive: Archive) -> None:
    from tests.ingest.ingest_support import FRUS_VOLUMES, missing

    path = FRUS_VOLUMES / "frus1949v07p2-excerpt.xml"
    if not path.exists():
        missing(f"FRUS excerpt {path} not found")
    sample = [r for r in load_sample() if isinstance(r, Document) and r.edition is not None]
    archive.put_many(sample, "test")
    volume = parse_volume(etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot())
    frus = [d.record for d in volume.documents]
    archive.put_many(frus, "test")
    found = find_witnesses(archive, frus)
    pairs = {frozenset((k.left_id, k.right_id)) for k in found}
    by_source = {d.source.split("#")[1]: d.id for d in frus}
    expected = {frozenset((s.id, by_source[s.edition.document and f"d{s.edition.document}"]))
                for s in sample if s.edition}
    assert pairs == expected and all(k.reasons["found_by"] == "text" and k.score > 0.9 for k in found)
