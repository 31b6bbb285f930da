"""The outbox never skips a change: a transaction that took seq N and commits after N+1 was
applied is still applied (store/feed.py), and a stale index counts nothing a viewer may not see.

The interleavings run on a real PostgreSQL (the suite's private cluster; CI=true fails rather
than skips): SQLite has one writer at a time, so it cannot interleave two saving transactions.
"""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opis.index import SearchIndex, SearchRequest, rebuild, search
from opis.index.counts import facet_counts
from opis.index.indexer import Indexer
from opis.index.storecheck import visible_ids
from opis.model import Status
from opis.store.access import ANONYMOUS, SYSTEM
from opis.store.archive import Archive, Saved
from opis.store.feed import Position, changes_since, start_position
from tests.index import corpus as C
from tests.index.corpus import ids, run

postgres_only = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

SLOW = C.doc("slow", "Report on coal deliveries", "Freight of coal from Sakhalin.", genre="report")
FAST = C.doc("fast", "Note on tractors", "Tractors for the cooperative farms.", genre="note")
OTHER = C.doc("other", "Memo on grain", "Grain quotas for the autumn.", genre="memorandum")


def _anonymous(index: SearchIndex, archive: Archive, q: str = "") -> tuple[int, dict[str, int]]:
    """Total and genre counts an anonymous reader gets, with the store check the web layer uses."""
    found = search(index, SearchRequest(q=q, facets=True, limit=50), ANONYMOUS, C.TODAY,
                   visible_ids(archive, ANONYMOUS))
    genres = {b["value"]: b["count"] for b in (found.facets or {}).get("genre", [])}
    return found.total, genres


@postgres_only
def test_a_transaction_committing_after_a_later_seq_is_applied(archive: Archive, index: SearchIndex) -> None:
    archive.put_all([SLOW, OTHER], "t")
    indexer = Indexer(archive, index)
    indexer.catch_up()
    with archive.saving("slow editor") as save:
        save(SLOW.model_copy(update={"title": "Report on kilowatt quotas"}))  # takes seq N, not committed
        archive.put(FAST, "fast api save")  # takes N+1 and commits first
        assert indexer.catch_up() == 1  # N+1 applied; N is not visible yet
        assert ids(run(index, "tractors")) == [FAST.id] and run(index, "kilowatt").total == 0
    assert indexer.pending() == 1
    assert indexer.catch_up() == 1
    assert ids(run(index, "kilowatt")) == [SLOW.id] and run(index, "title:deliveries").total == 0

    # The same slow path moves the document to draft while a fast save commits past it.
    with archive.saving("slow editor") as save:
        save(SLOW.model_copy(update={"title": "Report on kilowatt quotas", "status": Status.DRAFT}))
        archive.put(OTHER.model_copy(update={"title": "Memo on grain quotas"}), "fast api save")
        indexer.catch_up()
    # Committed, not yet applied: the index still holds it as published. Nothing shows or counts it.
    assert ids(run(index, "kilowatt")) == [SLOW.id]  # the raw index is stale ...
    total, genres = _anonymous(index, archive)
    assert total == 2 and "report" not in genres and genres == {"note": 1, "memorandum": 1}
    assert _anonymous(index, archive, "kilowatt") == (0, {})
    indexer.catch_up()
    assert run(index, "kilowatt").total == 0 and run(index, "kilowatt", viewer=SYSTEM).total == 1
    assert _anonymous(index, archive)[0] == 2


def test_a_stale_index_counts_nothing_the_viewer_may_not_see(archive: Archive, index: SearchIndex) -> None:
    archive.put_all([SLOW, FAST], "t")
    Indexer(archive, index).catch_up()
    archive.put(SLOW.model_copy(update={"status": Status.DRAFT}), "t")  # not applied yet
    assert run(index, "").total == 2  # without the store check the stale index counts it
    total, genres = _anonymous(index, archive)
    assert (total, genres) == (1, {"note": 1})
    charts = facet_counts(index, ANONYMOUS, C.TODAY, ["genre"], verify=visible_ids(archive, ANONYMOUS))
    assert [b["value"] for b in charts["genre"]] == ["note"]
    assert facet_counts(index, SYSTEM, C.TODAY, ["genre"], verify=visible_ids(archive, SYSTEM))["genre"]
    # Published again before the index saw either change: shown and counted again.
    archive.put(SLOW.model_copy(update={"status": Status.PUBLISHED, "title": "Back"}), "t")
    assert _anonymous(index, archive)[0] == 2


@postgres_only
def test_a_rebuild_leaves_a_transaction_open_during_it_to_the_catch_up(archive: Archive, tmp_path: Path) -> None:
    archive.put(OTHER, "t")
    with archive.saving("slow") as save:
        save(SLOW)
        archive.put(FAST, "fast")
        rebuild(archive, tmp_path / "rebuilt")
    index = SearchIndex.open(tmp_path / "rebuilt")
    try:
        assert run(index, "coal").total == 0
        Indexer(archive, index).catch_up()
        assert ids(run(index, "coal")) == [SLOW.id] and run(index, "").total == 3
    finally:
        index.release_writer()


# -- many interleavings ------------------------------------------------------------------------

# A schedule: which transaction acts next (save one more record, or end), or the reader reads.
Step = tuple[str, int]
steps = st.lists(st.one_of(st.tuples(st.just("act"), st.integers(0, 3)), st.tuples(st.just("read"), st.just(0))),
                 min_size=1, max_size=30)


class _Txn:
    def __init__(self, archive: Archive, saves: int, commit: bool) -> None:
        self.cm: AbstractContextManager[Any] = archive.saving("prop")
        self.save = self.cm.__enter__()
        self.left, self.commit, self.open = saves, commit, True
        self.made: list[str] = []

    def act(self) -> bool:
        """Save one more record, or end; True once ended."""
        if self.left:
            saved: Saved = self.save(C.doc(uuid.uuid4().hex, "Interleaved", "Interleaved outbox row."))
            self.made.append(saved.id)
            self.left -= 1
            return False
        if self.commit:
            self.cm.__exit__(None, None, None)
        else:
            error = RuntimeError("rolled back on purpose")
            self.cm.__exit__(RuntimeError, error, None)
        self.open = False
        return True


@postgres_only
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans=st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=2, max_size=4), schedule=steps,
       limit=st.integers(1, 3))
def test_every_committed_row_is_read_once_in_any_interleaving(archive: Archive, plans: list[tuple[int, bool]],
                                                             schedule: list[Step], limit: int) -> None:
    position = start_position(archive)  # earlier examples' rows are behind it
    txns = [_Txn(archive, saves, commit) for saves, commit in plans]
    read: list[str] = []
    committed: set[str] = set()

    def read_all() -> Position:
        nonlocal position
        while True:
            changes = changes_since(archive, position, limit)
            assert {r for _, r in changes.rows} <= committed  # nothing before its commit
            read.extend(r for _, r in changes.rows)
            position = changes.after
            if not changes.rows:
                return position

    try:
        for kind, which in schedule + [("act", i) for i, t in enumerate(txns) for _ in range(5)]:
            if kind == "read":
                read_all()
                continue
            txn = txns[which % len(txns)]
            if txn.open and txn.act() and txn.commit:
                committed.update(txn.made)
    finally:
        for txn in txns:
            while txn.open:
                txn.act()
    read_all()
    assert sorted(read) == sorted(committed)  # every committed row, each once; no rolled-back one
