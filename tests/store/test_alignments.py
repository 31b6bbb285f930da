"""Stored alignments on SQLite and PostgreSQL: kept for the texts they were made for, read back exactly,
never made twice for the same texts, a new revision when a text changes, hidden with their document."""

from __future__ import annotations

from typing import Any

import pytest

from opis.model import AccessLevel, Document, Rendition
from opis.store import alignments
from opis.store.access import ANONYMOUS, SYSTEM
from opis.store.archive import Archive
from opis.store.schema import alignment_revisions

RU = "Сталин: Сколько американских войск в Южной Корее?\nШТЫКОВ (уточняет): Примерно 15-20 тысяч человек."
EN = "Stalin: How many American troops are there in South Korea?\nShtykov (correcting him): Roughly 15,000 to 20,000."


def _doc() -> Document:
    return Document(id="doc-align-1", title="Record of conversation", genre="record-of-conversation",
                    renditions=[Rendition(id="r-ru", kind="original", language="ru", text=RU),
                                Rendition(id="r-en", kind="translation", language="en", text=EN)])


def test_round_trip_and_keyed_by_the_texts(archive: Archive) -> None:
    doc = _doc()
    archive.put(doc, "test")
    made = alignments.made_for(doc.id, "r-ru", RU, "r-en", EN, [(0, 50, 0, 59), (51, len(RU), 60, len(EN))], "test")
    kept = alignments.keep(archive, made)
    assert (kept.revision, kept.origin, kept.actor) == (1, "auto", alignments.AUTO_ACTOR)
    (read,) = alignments.stored(archive, doc.id, ANONYMOUS)
    assert read.pairs == made.pairs and read.fits(RU, EN) and read.method == "test"
    assert read.updated_at == kept.updated_at
    # the same texts again: nothing new, whatever the aligner says now
    again = alignments.keep(archive, made.model_copy(update={"pairs": [(0, len(RU), 0, len(EN))]}))
    assert again.revision == 1 and again.pairs == made.pairs
    with archive.engine.connect() as conn:
        assert conn.execute(alignment_revisions.select()).all().__len__() == 1
    # a changed translation: a new revision, the old one kept
    longer = EN + " Good."
    newer = alignments.keep(archive, alignments.made_for(doc.id, "r-ru", RU, "r-en", longer,
                                                         [(0, len(RU), 0, len(longer))], "test"))
    assert newer.revision == 2 and not newer.fits(RU, EN) and newer.fits(RU, longer)
    history = alignments.history(archive, doc.id, "r-ru", "r-en", SYSTEM)
    assert [h["revision"] for h in history] == [2, 1] and history[1]["pairs"] == [list(p) for p in made.pairs]


def test_hidden_with_their_document(archive: Archive) -> None:
    doc = _doc().model_copy(update={"access": _doc().access.model_copy(update={"level": AccessLevel.RESTRICTED})})
    archive.put(doc, "test")
    alignments.keep(archive, alignments.made_for(doc.id, "r-ru", RU, "r-en", EN, [(0, len(RU), 0, len(EN))], "t"))
    assert alignments.stored(archive, doc.id, ANONYMOUS) == []
    assert len(alignments.stored(archive, doc.id, SYSTEM)) == 1


def test_two_readers_making_the_same_pairs_keep_the_first(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two page views at once both make the pairs: the later one's insert meets the row the other stored, and
    it answers with that row instead of failing the page."""
    doc = _doc()
    archive.put(doc, "test")
    made = alignments.made_for(doc.id, "r-ru", RU, "r-en", EN, [(0, len(RU), 0, len(EN))], "t")
    first = alignments.keep(archive, made)
    real = alignments._current
    calls: list[int] = []

    def not_yet_there(conn: Any, *key: str) -> Any:  # the first look sees nothing, as the racing request did
        calls.append(1)
        return None if len(calls) == 1 else real(conn, *key)

    monkeypatch.setattr(alignments, "_current", not_yet_there)
    again = alignments.keep(archive, made)
    assert len(calls) == 2 and (again.revision, again.pairs) == (first.revision, first.pairs)
