"""Queries end to end on a store (SQLite and PostgreSQL) and its index."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opis.index import SearchIndex
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.index import corpus as C
from tests.index.corpus import ids, run
from tests.support import records as R


def test_words_are_all_required_and_stemmed(loaded: SearchIndex) -> None:
    assert ids(run(loaded, "rifles advisers")) == [C.KIM_LETTER.id]
    assert ids(run(loaded, "rifle adviser")) == [C.KIM_LETTER.id]  # English stemming
    assert ids(run(loaded, "поставка угля")) == [C.SHTYKOV_RU.id]  # Russian stemming
    assert run(loaded, "rifles zebra").total == 0


def test_boolean_operators_phrases_and_fields(loaded: SearchIndex) -> None:
    assert set(ids(run(loaded, "rifles OR briquettes"))) == {C.KIM_LETTER.id, C.OCR.id}
    assert C.OCR.id not in ids(run(loaded, "coal NOT briquettes"))
    assert C.OCR.id not in ids(run(loaded, "coal -briquettes"))
    assert ids(run(loaded, '"c0al briquettes"')) == [C.OCR.id]
    assert run(loaded, '"briquettes c0al"').total == 0
    assert ids(run(loaded, "title:port")) == [C.CHONGJIN_KO.id]
    assert set(ids(run(loaded, "genre:telegram"))) == {C.MAO.id, C.SHTYKOV_RU.id}  # and cipher-telegram
    assert ids(run(loaded, 'genre:"cipher telegram"')) == [C.SHTYKOV_RU.id]
    assert ids(run(loaded, "repository:RGASPI")) == [C.MAO.id]
    assert C.SHTYKOV_RU.id in ids(run(loaded, 'fond:"AVP RF f. 059"'))
    assert ids(run(loaded, "language:zh")) == [C.MAO.id]
    assert C.KIM_LETTER.id in ids(run(loaded, "author:Kim"))
    assert set(ids(run(loaded, "NOT coal", limit=100))) >= {C.KIM_LETTER.id, C.MAO.id}


def test_prefix_and_fuzzy_find_ocr_errors(loaded: SearchIndex) -> None:
    assert C.OCR.id in ids(run(loaded, "briq*"))
    assert C.OCR.id in ids(run(loaded, "Soviet~"))  # "Sovict" in the OCR text
    assert C.OCR.id not in ids(run(loaded, "Soviet", exact=True, limit=100))


def test_cross_script_names_meet(loaded: SearchIndex) -> None:
    for q in ("Shtykov", "Shtikov", "Штыков"):
        assert C.SHTYKOV_RU.id in ids(run(loaded, q, limit=50)), q
    for q in ("Chongjin", "Ch'ŏngjin", "Cheongjin"):
        assert C.CHONGJIN_KO.id in ids(run(loaded, q)), q
    for q in ("Mao Zedong", "Mao Tse-tung", "毛泽东"):
        assert C.MAO.id in ids(run(loaded, q)), q
    assert C.SHTYKOV_RU.id not in ids(run(loaded, "Shtykov", exact=True, limit=50))


def test_authority_variants_find_linked_documents(loaded: SearchIndex) -> None:
    assert C.KIM_LETTER.id in ids(run(loaded, "김일성"))
    assert C.KIM_LETTER.id in ids(run(loaded, "Ким Ир Сен"))
    assert C.KIM_LETTER.id not in ids(run(loaded, "김일성", exact=True))
    # a restricted authority lends no names: its variant finds nothing
    assert run(loaded, "Tainstvennyi").total == 0
    assert run(loaded, "Tainstvennyi", viewer=SYSTEM).total == 0


def test_unparsable_queries_are_searched_as_words(loaded: SearchIndex) -> None:
    assert ids(run(loaded, '"coal briquettes')) == [C.OCR.id]
    assert ids(run(loaded, "(briquettes AND")) == [C.OCR.id]
    assert run(loaded, "((((").total == run(loaded, "").total


def test_dates_overlap_and_undated_sort_last(loaded: SearchIndex) -> None:
    # the letter of 1950-05 matches a range that only overlaps its month
    found = ids(run(loaded, "", date_from="1950-05-25", date_to="1950-06-30", limit=50))
    assert C.CHONGJIN_KO.id in found and C.MAO.id in found and C.KIM_LETTER.id not in found
    assert R.PUBLIC.id not in found
    by_date = run(loaded, "coal", sort="date", limit=50)
    assert ids(by_date)[-1] == C.OCR.id  # undated, kept, last
    assert C.OCR.id not in ids(run(loaded, "coal", date_from="1900", limit=50))
    days = [h.date["earliest"] for h in by_date.hits if h.date]
    assert days == sorted(days)


def test_paging_is_stable_and_complete(loaded: SearchIndex) -> None:
    for sort in ("relevance", "date"):
        whole = ids(run(loaded, "", viewer=SYSTEM, sort=sort, limit=100))
        pages = [i for off in range(0, len(whole), 3) for i in ids(run(loaded, "", viewer=SYSTEM, sort=sort,
                                                                        offset=off, limit=3))]
        assert pages == whole and len(set(whole)) == len(whole)
    tied = run(loaded, "letter", viewer=SYSTEM, limit=100).hits
    for a, b in zip(tied, tied[1:], strict=False):
        assert (a.score or 0) > (b.score or 0) or a.id < b.id


def test_snippets_escape_html_and_mark_hits(loaded: SearchIndex) -> None:
    hit = run(loaded, "bold coal").hits[0]
    assert hit.snippet is not None and hit.rendition == "ren-markup"
    assert "&lt;b&gt;<mark>bold</mark>&lt;/b&gt;" in hit.snippet and "&amp; <mark>coal</mark>" in hit.snippet
    assert "<mark>Pyongyang&#x27;s</mark>" in run(loaded, "Pyongyang").hits[0].snippet  # type: ignore[operator]
    assert "<mark>청진에서</mark>" in (run(loaded, "Chongjin").hits[0].snippet or "")


def test_results_carry_dates_and_scores(loaded: SearchIndex) -> None:
    hit = run(loaded, "rifles").hits[0]
    assert hit.date == {"edtf": "1950-05-20", "text": None, "earliest": "1950-05-20", "latest": "1950-05-20"}
    assert hit.score and hit.score > 0 and hit.title == "Letter to Stalin"


def test_remembered_queries_answer_like_fresh_ones(loaded: SearchIndex) -> None:
    from opis.index.search import clear_caches

    queries = ["Shtikov", "김일성", "coal", '"c0al briquettes"', "briq*", "Soviet~", "rifles OR briquettes"]
    for exact in (False, True):
        fresh = []
        for q in queries:
            clear_caches()
            fresh.append(run(loaded, q, exact=exact, facets=True).to_json())
        assert [run(loaded, q, exact=exact, facets=True).to_json() for q in queries] == fresh  # remembered
        assert [run(loaded, q, exact=exact, facets=True).to_json() for q in queries] == fresh  # memo filled


def test_a_tie_longer_than_the_first_read_pages_in_id_order(archive: Archive, index: SearchIndex) -> None:
    """150 documents with the same score: more than TIE_PROBE, so paging needs the second read."""
    from opis.index.search import TIE_PROBE

    same = [C.doc(f"twin-{i}", "Twin", "identical twin text") for i in range(150)]
    C.load(archive, index, same)  # type: ignore[arg-type]
    assert len(same) > TIE_PROBE + 10
    pages = [i for off in range(0, 150, 7) for i in ids(run(index, "twin", offset=off, limit=7))]
    assert pages == sorted(d.id for d in same)


def _random_edtf(rng: random.Random) -> str | None:
    y = rng.randint(1940, 1960)
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([None, f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}", f"{y}/{y + rng.randint(1, 30)}",
                       f"{y}-{m:02d}-{d:02d}/{y + rng.randint(1, 12)}-01-15", f"../{y}", f"{y}/..", f"{str(y)[:3]}X",
                       "19XX", "1850/1990", f"{y}-21"])


@pytest.fixture
def dated(archive: Archive, index: SearchIndex) -> tuple[SearchIndex, list[Any]]:
    """90 documents (all fit one page) with dates of every shape: days, months, seasons, decades, a century, long and
    open intervals, none."""
    rng = random.Random(11)
    docs = [C.doc(f"dated-{i}", "Dated", "datedword", when=_random_edtf(rng)) for i in range(90)]
    C.load(archive, index, docs)  # type: ignore[arg-type]
    return index, docs


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(date(1935, 1, 1), date(1995, 12, 31)), days=st.integers(0, 40 * 366))
def test_a_closed_date_range_finds_exactly_the_overlapping_documents(
        dated: tuple[SearchIndex, list[Any]], start: date, days: int) -> None:
    """The year-term form of the filter against the definition: the intervals share a day."""
    index, docs = dated
    end = start + timedelta(days=days)
    expected = {d.id for d in docs if d.date and (d.date.earliest or date.min) <= end
                and (d.date.latest or date.max) >= start}
    found = run(index, "datedword", date_from=start.isoformat(), date_to=end.isoformat(), limit=100)
    assert set(ids(found)) == expected and found.total == len(expected)
