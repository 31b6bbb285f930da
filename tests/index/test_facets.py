"""Facet counts: right values, counts under the other filters, a facet's own selection left out."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opis.index import SearchIndex
from opis.store.access import SYSTEM
from tests.index import corpus as C
from tests.index.corpus import ids, run
from tests.support import records as R


def _counts(res: Any, name: str) -> dict[str, int]:
    return {b["value"]: b["count"] for b in res.facets[name]}


def test_facet_values(loaded: SearchIndex) -> None:
    res = run(loaded, "", facets=True)
    assert _counts(res, "repository") == {"RGAE": 6, "AVP RF": 1, "RGASPI": 1}
    assert _counts(res, "fond") == {"RGAE f. 413": 6, "AVP RF f. 059": 1, "RGASPI f. 558": 1}
    assert _counts(res, "genre") == {"letter": 5, "cipher-telegram": 1, "report": 1, "telegram": 1}
    assert _counts(res, "language") == {"en": 4, "ru": 2, "ko": 1, "zh": 1}
    assert _counts(res, "collection") == {"Test collection": 1}
    # linked public authorities give their preferred name; a restricted one leaves the name as written
    assert _counts(res, "person") == {"Terentii Shtykov": 1, "Kim Il Sung": 1, "I.Z.": 1}
    assert _counts(res, "place") == {"Chongjin": 1}
    assert _counts(res, "classification") == {"secret": 1}
    assert [b["value"] for b in res.facets["decade"]] == ["1940s", "1950s", "undated"]  # type: ignore[index]
    assert _counts(res, "year") == {"1947": 1, "1949": 1, "1950": 3, "1951": 1, "1952": 1, "undated": 1}
    assert "Ivan Zagadkin" not in _counts(run(loaded, "", viewer=SYSTEM, facets=True), "person")


def test_counts_follow_the_other_filters_not_their_own(loaded: SearchIndex) -> None:
    res = run(loaded, "", facets=True, filters={"repository": ["RGAE"], "year": ["1950"]})
    assert res.total == 2 and set(ids(res)) == {C.KIM_LETTER.id, C.CHONGJIN_KO.id}
    assert _counts(res, "repository") == {"RGAE": 2, "RGASPI": 1}  # other repositories, year applied
    assert _counts(res, "year") == {"1947": 1, "1950": 2, "1951": 1, "1952": 1, "undated": 1}  # RGAE applied
    assert _counts(res, "genre") == {"letter": 1, "report": 1}  # both applied
    two = run(loaded, "", filters={"genre": ["report", "telegram"]})
    assert set(ids(two)) == {C.CHONGJIN_KO.id, C.MAO.id}


def test_counts_follow_words_and_dates(loaded: SearchIndex) -> None:
    res = run(loaded, "coal", facets=True, date_from="1951")
    assert res.total == 1 and _counts(res, "year") == {"1951": 1}
    assert R.PUBLIC.id in ids(run(loaded, "", filters={"person": ["Terentii Shtykov"]}))


# Values a reader may send: real ones, and strings the query-string syntax gives meaning to.
HOSTILE = ['a"b', "a\\b", "x:y", "AND", "(", "*", "[1 TO 2]", "-neg", "f_genre:letter", "\\", '"', "NOT x", ""]
VALUES = {"repository": ["RGAE", "AVP RF", "RGASPI"], "fond": ["RGAE f. 413", "AVP RF f. 059"],
          "genre": ["letter", "report", "telegram"], "year": ["1950", "1947", "undated"],
          "person": ["Kim Il Sung", "Terentii Shtykov"]}


def _reference(searcher: Any, base: list[Any], filters: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Counts the slow, obvious way: one aggregation per facet over term-query filters."""
    import tantivy

    from opis.index import facets
    from opis.index import fields as F
    from opis.index.clauses import all_of

    chosen = facets.selections(filters)
    out = {}
    for name in F.FACETS:
        others = [(tantivy.Occur.Must, facets.filter_query(n, v)) for n, v in chosen.items() if n != name]
        answer = searcher.aggregate(all_of([*base, *others]), {name: facets._spec(name)})
        out[name] = {str(b["key"]): int(b["doc_count"]) for b in answer[name]["buckets"]}
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(sorted(VALUES)), st.lists(st.one_of(
    st.sampled_from([v for vs in VALUES.values() for v in vs]), st.sampled_from(HOSTILE)), min_size=1, max_size=3),
    max_size=3), st.sampled_from(["", "letter", "coal"]))
def test_one_pass_counts_equal_one_aggregation_per_facet(loaded: SearchIndex, filters: dict[str, list[str]],
                                                         q: str) -> None:
    import tantivy

    from opis.index import facets
    from opis.index.compile import compile_query
    from opis.index.query import parse
    from opis.index.visibility import visibility_clauses
    from opis.store.access import ANONYMOUS

    base = [(tantivy.Occur.Must, compile_query(parse(q)).query), *visibility_clauses(ANONYMOUS, C.TODAY)]
    searcher = loaded.searcher()
    got = facets.counts(searcher, base, filters)
    assert {n: {b["value"]: b["count"] for b in bs} for n, bs in got.items()} == _reference(searcher, base, filters)


def test_an_empty_value_selects_nothing(loaded: SearchIndex) -> None:
    assert run(loaded, "", filters={"genre": [""]}).total == run(loaded, "").total
