"""Facet counts: right values, counts under the other filters, a facet's own selection left out."""

from __future__ import annotations

from typing import Any

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
