"""Access in the index: every query path as the store's rule would answer it, counts included.

The strongest check is differential: an anonymous search over an index that holds the hidden
records must answer exactly like one over an index built without them (hits, totals and every
facet count), except for scores, which depend on index-wide term statistics.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from opis.index import SearchIndex, more_like_this
from opis.index import docs as D
from opis.index.indexer import linked_bundle
from opis.model import Access, AccessLevel, Document, Status
from opis.store.access import ANONYMOUS, SYSTEM, Viewer, role_ids
from opis.store.archive import Archive
from tests.index import corpus as C
from tests.index.corpus import ids, run
from tests.support import records as R

EDITOR = Viewer("ed", frozenset({"editor"}))
CONTRIBUTOR = Viewer("co", frozenset({"contributor"}))
HIDDEN_ONLY = C.doc("zanzibar", "Zanzibar restricted cable", "zanzibar coal", access={"level": "restricted"},
                    genre="dispatch", archival_refs=[C.ref("GARF", "5446")])

QUERIES: list[dict[str, Any]] = [
    {}, {"q": "letter"}, {"q": "Restricted secret letter"}, {"q": "Embargoed"}, {"q": "Draft"},
    {"q": "Текст"}, {"q": "Shtykov"}, {"q": "zanzibar"}, {"q": "coal"}, {"q": "dispatch OR letter"},
    {"q": "genre:dispatch"}, {"q": "repository:GARF"},
    {"q": "", "filters": {"repository": ["RGAE"]}}, {"q": "", "filters": {"fond": ["RGAE f. 413"]}},
    {"q": "", "filters": {"genre": ["dispatch"]}}, {"q": "letter", "date_from": "1947", "date_to": "1947"},
    {"q": "", "sort": "date"}, {"q": "NOT coal"},
]


@pytest.fixture
def both(archive: Archive, tmp_path: Path) -> Iterator[tuple[SearchIndex, SearchIndex]]:
    full = SearchIndex.open(tmp_path / "full")
    C.load(archive, full, [*C.ALL, HIDDEN_ONLY])
    public_docs = [r for r in [*C.ALL, HIDDEN_ONLY] if isinstance(r, Document)
                   and r.id not in C.HIDDEN_IDS and r.id != HIDDEN_ONLY.id]
    bare = SearchIndex.open(tmp_path / "bare")
    writer = bare.writer()
    for d in public_docs:
        writer.add_document(D.build(d, linked_bundle(archive, [d])))
    bare.commit(0)
    yield full, bare
    full.release_writer()
    bare.release_writer()


def _answer(index: SearchIndex, viewer: Viewer, **kw: Any) -> tuple[int, list[str], Any]:
    res = run(index, viewer=viewer, facets=True, limit=100, **kw)
    return res.total, sorted(ids(res)), res.facets


@pytest.mark.parametrize("kw", QUERIES, ids=lambda kw: str(kw))
def test_anonymous_answers_as_if_hidden_records_did_not_exist(both: tuple[SearchIndex, SearchIndex],
                                                              kw: dict[str, Any]) -> None:
    full, bare = both
    assert _answer(full, ANONYMOUS, **kw) == _answer(bare, ANONYMOUS, **kw)


def test_hidden_words_count_nothing(both: tuple[SearchIndex, SearchIndex]) -> None:
    full, _ = both
    res = run(full, "zanzibar", facets=True)
    assert res.total == 0 and res.hits == [] and all(v == [] for v in (res.facets or {}).values())
    assert run(full, "zanzibar", viewer=EDITOR).total == 1
    assert run(full, "zanzibar", viewer=CONTRIBUTOR).total == 0  # may read drafts, not restricted
    facets = run(full, "", facets=True).facets or {}
    assert "GARF" not in [b["value"] for b in facets["repository"]]


def test_roles_see_what_the_store_lets_them(both: tuple[SearchIndex, SearchIndex], archive: Archive) -> None:
    full, _ = both
    for viewer in (ANONYMOUS, CONTRIBUTOR, EDITOR, SYSTEM):
        indexed = set(ids(run(full, "", viewer=viewer, limit=100)))
        stored = {r.id for r in archive.browse(viewer, ("document",), 0, 100).items}
        assert indexed == stored, viewer


def test_embargo_lifts_on_its_date(both: tuple[SearchIndex, SearchIndex]) -> None:
    full, _ = both
    assert R.EMBARGOED.id not in ids(run(full, "Embargoed"))
    assert R.EMBARGOED.id in ids(run(full, "Embargoed", today=date(2031, 1, 1)))


def test_more_like_this_hides_and_is_hidden(both: tuple[SearchIndex, SearchIndex]) -> None:
    full, _ = both
    for hidden in (*R.HIDDEN, HIDDEN_ONLY):
        assert more_like_this(full, hidden.id, ANONYMOUS, C.TODAY) is None
        assert more_like_this(full, hidden.id, SYSTEM, C.TODAY) is not None
    assert more_like_this(full, "doc-0000000000000000", ANONYMOUS, C.TODAY) is None
    like = more_like_this(full, R.PUBLIC.id, ANONYMOUS, C.TODAY, limit=50)
    assert like is not None and not {h.id for h in like.hits} & (C.HIDDEN_IDS | {HIDDEN_ONLY.id})
    assert R.PUBLIC.id not in {h.id for h in like.hits}
    staff = more_like_this(full, R.PUBLIC.id, SYSTEM, C.TODAY, limit=50)
    assert staff is not None and {h.id for h in staff.hits} & C.HIDDEN_IDS


def test_store_check_drops_a_hit_whose_access_just_changed(archive: Archive, loaded: SearchIndex) -> None:
    from opis.index import SearchRequest, search
    from opis.index.storecheck import visible_ids

    archive.put(C.MAO.model_copy(update={"access": Access(level=AccessLevel.RESTRICTED)}), "test")  # not indexed yet
    req = SearchRequest(q="毛泽东")
    assert ids(search(loaded, req, ANONYMOUS, C.TODAY)) == [C.MAO.id]
    assert ids(search(loaded, req, ANONYMOUS, C.TODAY, visible_ids(archive, ANONYMOUS))) == []


def _grid() -> list[Document]:
    """One document for every status x access level, embargoes ending before, on and after TODAY."""
    untils: dict[AccessLevel, list[date | None]] = {level: [None] for level in AccessLevel}
    untils[AccessLevel.EMBARGOED] = [date(2020, 1, 1), C.TODAY, date(2030, 1, 1)]
    return [C.doc(f"grid-{status}-{level}-{until}", f"Grid {status} {level}", "gridword",
                  status=status, access=Access(level=level, until=until))
            for status in Status for level in AccessLevel for until in untils[level]]


@pytest.mark.parametrize("role", [None, *sorted(role_ids())])
def test_every_status_and_level_answers_as_the_store(archive: Archive, index: SearchIndex, role: str | None) -> None:
    """The index's complement rule (exclude what may not be read) equals the store's rule."""
    grid = _grid()
    C.load(archive, index, grid)  # type: ignore[arg-type]
    viewer = ANONYMOUS if role is None else Viewer("v", frozenset({role}))
    stored = {r.id for r in archive.browse(viewer, ("document",), 0, 100).items}
    found = run(index, "gridword", viewer=viewer, limit=100, facets=True)
    assert set(ids(found)) == stored and found.total == len(stored)
    assert sum(b["count"] for b in (found.facets or {})["genre"]) == len(stored)
    assert set(ids(run(index, "", viewer=viewer, limit=100, sort="date"))) == stored
