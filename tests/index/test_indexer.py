"""The outbox keeps the index in step: idempotent catch-up, crash safety, the background thread, rebuild."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opis.index import IndexerThread, SearchIndex, rebuild
from opis.index.engine import IndexBusy, current_generation
from opis.index.indexer import Indexer
from opis.model import Name
from opis.store.access import ANONYMOUS, SYSTEM
from opis.store.archive import Archive
from tests.conftest import REPO_ROOT
from tests.index import corpus as C
from tests.index.corpus import ids, run


def test_catch_up_is_idempotent_and_follows_edits(archive: Archive, loaded: SearchIndex) -> None:
    indexer = Indexer(archive, loaded)
    before = run(loaded, "", viewer=SYSTEM, limit=100)
    loaded.generation.set_applied(0)  # as if the seq file were lost: everything is applied again
    assert indexer.catch_up() > 0
    again = run(loaded, "", viewer=SYSTEM, limit=100)
    assert (again.total, ids(again)) == (before.total, ids(before))
    archive.put(C.MAO.model_copy(update={"title": "Telegram about the armistice"}), "t")
    assert indexer.pending() == 1 and indexer.catch_up() == 1 and indexer.pending() == 0
    assert ids(run(loaded, "armistice")) == [C.MAO.id] and run(loaded, "title:talks").total == 0


def test_an_authority_edit_reindexes_linked_documents(archive: Archive, loaded: SearchIndex) -> None:
    assert run(loaded, "Suryong").total == 0
    archive.put(C.KIM.model_copy(update={"names": [*C.KIM.names, Name(value="Suryong")]}), "t")
    Indexer(archive, loaded).catch_up()
    assert ids(run(loaded, "Suryong")) == [C.KIM_LETTER.id]


def test_a_variant_a_person_adds_finds_documents_that_only_name_the_authority(
        archive: Archive, loaded: SearchIndex) -> None:
    from opis.model import Authority, Findings, make_id
    from opis.model.findings import NameMention

    rhee = Authority(kind="person", id=make_id("person", "test", "rhee"), preferred="Rhee, Syngman")
    text = "President Rhee received the Ambassador."
    named = C.doc("rhee-named", "Memorandum of a conversation", text,
                  findings=Findings(names=[NameMention(text="Rhee", type="person", authority=rhee.id,
                                                       start=10, end=14)]))
    archive.put_many([rhee, named], "t")
    indexer = Indexer(archive, loaded)
    indexer.catch_up()
    assert run(loaded, "이승만").total == 0
    archive.put(rhee.model_copy(update={"names": [Name(value="이승만", lang="ko-Hang")]}), "t")
    indexer.catch_up()
    assert ids(run(loaded, "이승만")) == [named.id]


def _worker(url: str, index_dir: Path, n: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "src")])}
    return subprocess.Popen([sys.executable, "-m", "tests.index.crash_worker", url, str(index_dir), str(n)],
                            stdout=subprocess.PIPE, text=True, env=env, cwd=REPO_ROOT)


@pytest.mark.parametrize("kill_after", ["saved", "indexing"])
def test_killed_indexer_loses_nothing(archive: Archive, database_url: str, tmp_path: Path, kill_after: str) -> None:
    index_dir = tmp_path / "crash-index"
    proc = _worker(database_url, index_dir, 12)
    assert proc.stdout is not None
    wanted = 1 if kill_after == "saved" else 3  # "indexing" twice: one batch of three is in the index
    seen = 0
    for line in proc.stdout:
        seen += line.strip() == kill_after
        if seen >= wanted:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    index = SearchIndex.open(index_dir)
    try:
        Indexer(archive, index).catch_up()
        for i in (0, 5, 11):
            assert [h.title for h in run(index, f"kilowatt{i}").hits] == [f"Crash record {i}"]
        assert run(index, "survives", limit=50).total == 12
    finally:
        index.release_writer()


def test_thread_makes_new_records_searchable_within_a_second(archive: Archive, index: SearchIndex) -> None:
    thread = IndexerThread(archive, index, interval=0.05)
    thread.start()
    try:
        archive.put(C.MAO, "t")
        deadline = time.monotonic() + 1.0
        while run(index, "毛泽东").total == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ids(run(index, "毛泽东")) == [C.MAO.id]
    finally:
        thread.stop()
    assert thread.errors == 0 and not thread.is_alive()


def test_rebuild_equals_catch_up_and_is_picked_up(archive: Archive, loaded: SearchIndex, tmp_path: Path) -> None:
    old = loaded.generation.name
    seen: list[tuple[int, int]] = []
    assert rebuild(archive, loaded.index_dir, lambda i, t: seen.append((i, t))) == 11
    assert seen[-1] == (11, 11)
    gen = current_generation(loaded.index_dir)
    assert gen is not None and gen.name != old
    assert loaded.refresh() and loaded.generation.name == gen.name
    assert ids(run(loaded, "毛泽东")) == [C.MAO.id]
    fresh = SearchIndex.open(tmp_path / "fresh")
    C.load(archive, fresh, [])
    for q in ("", "coal", "Shtykov", "letter"):
        a, b = run(loaded, q, viewer=SYSTEM, limit=100, facets=True), run(fresh, q, viewer=SYSTEM, limit=100,
                                                                          facets=True)
        assert (a.total, ids(a), a.facets) == (b.total, ids(b), b.facets)
    fresh.release_writer()


def test_rebuild_with_worker_processes_gives_the_same_index(archive: Archive, loaded: SearchIndex) -> None:
    queries = ("", "coal", "Shtykov", "김일성", "letter", '"c0al briquettes"', "Soviet~")

    def answers() -> list[object]:
        return [run(loaded, q, viewer=viewer, limit=100, facets=True).to_json()
                for q in queries for viewer in (SYSTEM, ANONYMOUS)]

    assert rebuild(archive, loaded.index_dir, workers=0) == 11
    assert loaded.refresh()
    in_process = answers()
    seen: list[tuple[int, int]] = []
    assert rebuild(archive, loaded.index_dir, lambda i, t: seen.append((i, t)), batch=3, workers=2) == 11
    assert seen[-1] == (11, 11)
    assert loaded.refresh()
    assert answers() == in_process


def test_a_second_writer_is_refused_cleanly(loaded: SearchIndex) -> None:
    other = SearchIndex.open(loaded.index_dir)
    loaded.writer()
    with pytest.raises(IndexBusy):
        other.writer()
    assert run(other, "coal").total == run(loaded, "coal").total  # reading is never blocked
