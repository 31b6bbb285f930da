"""OCR words read with low confidence are found by a search for the word they probably are (within an edit
distance), and only those: a confident reading, or an exact-spelling search, is matched as written."""

from __future__ import annotations

from opis.index import SearchIndex
from opis.model import Document, OcrPage, Rendition
from opis.store.archive import Archive
from tests.index.corpus import ids, run

TEXT = "Deliveries of briquettes were promised by Merctskov in May."


def _ocr_doc(key: str, confidence: float) -> Document:
    words = [(w.strip("."), confidence if w.startswith("Merct") else 0.95) for w in TEXT.split()]
    return Document(id=f"doc-unc-{key}", title=f"Shipping note {key}", genre="report",
                    renditions=[Rendition(id=f"r-unc-{key}", kind="ocr", language="en", text=TEXT,
                                          ocr_pages=[OcrPage(number=1, confidence=0.9, words=words)])])


def test_uncertain_ocr_words_match_within_an_edit_distance(archive: Archive, index: SearchIndex) -> None:
    from opis.index.indexer import Indexer

    unsure, sure = _ocr_doc("unsure", 0.42), _ocr_doc("sure", 0.97)
    archive.put_many([unsure, sure], "test")
    Indexer(archive, index).catch_up()
    assert ids(run(index, "Meretskov")) == [unsure.id]
    assert ids(run(index, "Meretskov briquettes")) == [unsure.id]
    assert run(index, "Meretskov", exact=True).total == 0
    assert set(ids(run(index, "Merctskov"))) == {unsure.id, sure.id}  # as written, both
    assert run(index, "Mere").total == 0  # too short to be sought among uncertain readings
