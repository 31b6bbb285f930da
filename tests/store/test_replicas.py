"""The store on a PostgreSQL primary with a streaming hot standby (tests/support/replicas.py):
the standby serves reads and refuses writes; after the primary is lost and the standby promoted,
an archive opened with a multi-host connection string (target_session_attrs=read-write) goes on
writing to it, with every commit the primary acknowledged still there.

Marked ``cluster`` (each test starts two servers; deselect with ``-m "not cluster"``). Every test
has a hard deadline (pytest-timeout): a hang is a failure, never a stuck run. Without PostgreSQL
binaries they skip, except with CI=true, where they fail; with the binaries, a harness that cannot
start or promote is a failure everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.originals import OriginalsDir
from opis.store.public import public_count
from opis.store.replica import is_lsn, stale_reads, write_position
from tests.conftest import IN_CI, FixedClock
from tests.support import records as R
from tests.support.postgres import PostgresUnavailable
from tests.support.replicas import Pair, free_port, new_database, started_pair, unavailable

# Starting the pair takes ~5 s here and a test ~5 s more; the machine is shared, so allow plenty.
pytestmark = [pytest.mark.cluster, pytest.mark.timeout(180)]


@pytest.fixture
def pair() -> Iterator[Pair]:
    yield from started_pair(IN_CI)



def _archive(url: str, tmp_path: Path, clock: FixedClock) -> Archive:
    return Archive(make_engine(url), OriginalsDir(tmp_path / "originals"), clock)


def test_the_standby_serves_reads_and_refuses_writes(pair: Pair, tmp_path: Path, clock: FixedClock) -> None:
    name = new_database(pair)
    primary = _archive(pair.primary.url(name), tmp_path, clock)
    migrate(primary.engine)
    primary.put(R.PUBLIC, "t")
    pair.wait_replayed()  # the read below goes to the standby: wait for its replay, not a while
    standby = _archive(pair.standby.url(name), tmp_path, clock)
    try:
        assert standby.get(R.PUBLIC.id, SYSTEM) is not None
        assert standby.get(R.PUBLIC.id, SYSTEM) == primary.get(R.PUBLIC.id, SYSTEM)
        with pytest.raises(DBAPIError, match="read-only transaction"):
            standby.put(R.PUBLIC.model_copy(update={"title": "Changed on the standby"}), "t")
        assert primary.revisions(R.PUBLIC.id, SYSTEM)[-1].number == 1  # nothing written anywhere
    finally:
        primary.engine.dispose()
        standby.engine.dispose()


def test_a_promoted_standby_takes_over_with_nothing_acknowledged_lost(pair: Pair, tmp_path: Path,
                                                                      clock: FixedClock) -> None:
    name = new_database(pair)
    archive = _archive(pair.multi_host_url(name), tmp_path, clock)
    try:
        migrate(archive.engine)
        saved = [R.doc(f"failover-{i}") for i in range(5)]
        for record in saved:
            archive.put(record, "t")  # acknowledged: the standby has it on disk (synchronous commit)
        with archive.engine.connect() as conn:
            assert conn.execute(text("SELECT inet_server_port()")).scalar_one() == pair.primary.port
        pair.stop_primary()
        pair.promote()
        # The pooled connections to the lost primary fail their ping and are replaced by ones to
        # the promoted standby: the same Archive object goes on, no restart, no new settings.
        after = R.doc("failover-after")
        archive.put(after, "t")
        for record in [*saved, after]:
            assert archive.get(record.id, SYSTEM) == record
        with archive.engine.connect() as conn:
            assert conn.execute(text("SELECT inet_server_port()")).scalar_one() == pair.standby.port
    finally:
        archive.engine.dispose()


def test_without_binaries_ci_fails_and_elsewhere_skips() -> None:
    missing = PostgresUnavailable("no PostgreSQL server binaries")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        unavailable(missing, in_ci=True)
    with pytest.raises(pytest.skip.Exception, match="not available"):
        unavailable(missing, in_ci=False)


def test_stale_reads_go_to_the_standby_unless_it_lacks_the_readers_own_write(pair: Pair, tmp_path: Path,
                                                                             clock: FixedClock) -> None:
    """Archive.reading(): the standby inside stale_reads, once it has replayed the reader's position;
    the primary otherwise. The standby's replay is paused so that "served by the standby" shows as
    an older answer than the primary's."""
    name = new_database(pair)
    archive = Archive(make_engine(pair.primary.url(name)), OriginalsDir(tmp_path / "originals"), clock,
                      reader=make_engine(pair.standby.url(name)))
    assert archive.reader is not None
    try:
        migrate(archive.engine)
        archive.put(R.PUBLIC, "t")
        pair.wait_replayed()
        pair.pause_replay()
        changed = R.PUBLIC.model_copy(update={"title": "Changed after the standby paused"})
        archive.put(changed, "t")
        archive.put(R.doc("public-later"), "t")
        mine = write_position(archive.engine)
        assert mine is not None
        with stale_reads():  # nothing of one's own to see: the standby answers, a little stale
            assert archive.get(R.PUBLIC.id, SYSTEM).title == R.PUBLIC.title
            assert public_count(archive, ["document"]) == 1  # OAI's listing too
            with archive.reading() as conn:
                assert conn.execute(text("SELECT inet_server_port()")).scalar_one() == pair.standby.port
        with stale_reads(mine):  # one's own save is not replayed there: the primary answers
            assert archive.get(R.PUBLIC.id, SYSTEM).title == changed.title
            assert public_count(archive, ["document"]) == 2
            saved = archive.put(changed.model_copy(update={"title": "Saved inside a read"}), "t")  # writes: primary
        assert saved.revision == 3
        assert archive.get(R.PUBLIC.id, SYSTEM).title == "Saved inside a read"  # outside stale_reads: primary
        pair.resume_replay()
        pair.wait_replayed()
        pair.pause_replay()
        archive.put(changed.model_copy(update={"title": "Not replayed yet"}), "t")
        with stale_reads(mine):  # the standby has replayed past ``mine`` now: it answers
            assert archive.get(R.PUBLIC.id, SYSTEM).title == "Saved inside a read"
        with pytest.raises(DBAPIError, match="read-only transaction"), archive.reader.begin() as conn:
            conn.execute(text("UPDATE records SET title = 'x'"))
        pair.resume_replay()
    finally:
        archive.engine.dispose()
        archive.reader.dispose()


def test_a_standby_that_cannot_be_reached_leaves_reads_on_the_primary(pair: Pair, tmp_path: Path,
                                                                      clock: FixedClock) -> None:
    name = new_database(pair)
    gone = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/{name}?connect_timeout=2"
    archive = Archive(make_engine(pair.primary.url(name)), OriginalsDir(tmp_path / "originals"), clock,
                      reader=make_engine(gone))
    try:
        migrate(archive.engine)
        archive.put(R.PUBLIC, "t")
        with stale_reads():
            assert archive.get(R.PUBLIC.id, SYSTEM) == R.PUBLIC
    finally:
        archive.engine.dispose()


def test_lsn_values_are_checked_before_use() -> None:
    assert is_lsn("0/3000148") and is_lsn("1A/FF")
    assert not is_lsn("") and not is_lsn("0/") and not is_lsn("x/1") and not is_lsn("0/1; DROP") \
        and not is_lsn("123456789/1")
