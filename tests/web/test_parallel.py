"""The sentence grid of the document page: rows cut where any alignment starts a pair, each translation's
pair spanning its rows, search hits and their counterparts marked, uncertain OCR words marked for eye
and ear, every piece of text escaped."""

from __future__ import annotations

from opis.model import OcrPage, Rendition
from opis.model.alignment import Alignment
from opis.web.reading.parallel import grid, hit_marks, low_confidence_marks, query_terms
from opis.web.reading.textmarks import to_html, translated_footnote_marks

RU = "Сталин: Сколько? Штыков: Около 20 тысяч. Сталин: Хорошо."
EN = "Stalin: How many? Shtykov: About 20,000. Stalin: Good."
KO = "스탈린: 얼마나? 슈티코프: 약 2만. 스탈린: 좋다."


def _rendition(rid: str, kind: str, language: str, text: str) -> Rendition:
    return Rendition(id=rid, kind=kind, language=language, text=text)  # type: ignore[arg-type]


def _pairs(left: str, right: str, cuts: list[tuple[str, str]]) -> list[tuple[int, int, int, int]]:
    starts = [(left.index(a), right.index(b)) for a, b in cuts]
    ends = [*starts[1:], (len(left) + 1, len(right) + 1)]
    return [(ls, le - 1, rs, re - 1) for (ls, rs), (le, re) in zip(starts, ends, strict=True)]


def _alignment(right_id: str, pairs: list[tuple[int, int, int, int]]) -> Alignment:
    return Alignment(record_id="d", left_id="ru", right_id=right_id, left_sha256="", right_sha256="", pairs=pairs)


def test_rows_follow_the_finest_alignment_and_coarser_pairs_span_rows() -> None:
    ru, en, ko = _rendition("ru", "original", "ru", RU), _rendition("en", "translation", "en", EN), \
        _rendition("ko", "translation", "ko", KO)
    fine = _alignment("en", _pairs(RU, EN, [("Сталин: Ск", "Stalin: How"), ("Штыков", "Shtykov"),
                                            ("Сталин: Хор", "Stalin: Good")]))
    coarse = _alignment("ko", _pairs(RU, KO, [("Сталин: Ск", "스탈린: 얼"), ("Сталин: Хор", "스탈린: 좋")]))
    terms = query_terms("shtykov")
    marks = {r.id: hit_marks(r.text, terms) for r in (ru, en, ko)}
    table = grid(ru, [en, ko], {"en": fine, "ko": coarse}, marks, terms)
    rows = table["rows"]
    assert table["columns"] == ["ru", "en", "ko"] and len(rows) == 3
    assert [[(c["col"], c["rowspan"]) for c in row] for row in rows] == [[(0, 1), (1, 1), (2, 2)], [(0, 1), (1, 1)],
                                                                         [(0, 1), (1, 1), (2, 1)]]
    assert rows[1][0]["keys"] == ["c1p1", "c2p0"]  # the second Russian sentence belongs to both pairs
    hits = [(c["col"], c["pair"]) for row in rows for c in row if c.get("hit")]
    paired = [(c["col"], c["pair"]) for row in rows for c in row if c.get("paired")]
    assert hits == [(1, 1)]  # "Shtykov" in the English ...
    assert sorted(paired, key=str) == sorted([(0, None), (0, None), (2, 0)], key=str)  # ... lights the Russian, Korean


def test_uncertain_ocr_words_are_marked_and_announced() -> None:
    text = "Deliveries by Merctskov.\fPage two <b>here</b>."
    pages = [OcrPage(number=1, confidence=0.8, words=[("Deliveries", 0.9), ("by", 0.9), ("Merctskov.", 0.41)]),
             OcrPage(number=2, confidence=0.9, words=[("Page", 0.3), ("two", 0.99)])]
    r = Rendition(id="o", kind="ocr", language="en", text=text, ocr_pages=pages)
    marks = low_confidence_marks(r)
    assert [(text[a:b], pct) for a, b, _, pct in marks] == [("Merctskov.", "41"), ("Page", "30")]
    html = str(to_html([{"t": "by "}, {"t": "Merctskov.", "low": "41"}, {"t": " <b>", "hit": "b"}]))
    assert '<span class="lowconf" title="uncertain OCR reading (41% confidence)">Merctskov.' in html
    assert '<span class="visually-hidden"> (uncertain OCR reading, 41% confidence)</span>' in html
    assert "<mark> &lt;b&gt;</mark>" in html
    assert [m[:2] for m in hit_marks("Штыков и ШТЫКОВ", ["штыков"])] == [(0, 6), (9, 15)]


def test_a_translations_footnote_markers_link_to_the_originals_notes() -> None:
    text = "As agreed.¹ See the file.[2] Not a note [7]."
    assert [(text[a:b], n) for a, b, _, n in translated_footnote_marks(text, ["1", "2"])] == [("¹", "1"),
                                                                                            ("[2]", "2")]
