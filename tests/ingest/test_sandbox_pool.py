"""The batch sandbox: long-lived children, each misbehaviour killed and replaced, answers unchanged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_ingest_limits import _running

from opis.ingest.errors import IngestError, UnsafeContent
from opis.ingest.parse import parse_file
from opis.ingest.sandbox import SandboxPool


def _file(tmp_path: Path, name: str = "job.html", text: str = "Letter of 25 June 1950.") -> Path:
    """An HTML page: a format the pool sends to its children (small plain text is parsed in process)."""
    path = tmp_path / name
    path.write_text(f"<html><head><title>t</title></head><body><p>{text}</p></body></html>", encoding="utf-8")
    return path


def _pids(pool: SandboxPool) -> set[int]:
    return {c.proc.pid for c in pool._all}


def test_children_are_reused_and_answers_match_in_process(tmp_path: Path) -> None:
    with SandboxPool(1) as pool:
        first = pool.parse(_file(tmp_path, "a.html"))
        pids = _pids(pool)
        second = pool.parse(_file(tmp_path, "b.html", "Штыков — Сталину."))
        assert _pids(pool) == pids and len(pids) == 1
    assert first.text == parse_file(tmp_path / "a.html").text and "Штыков" in second.text


def test_small_plain_text_is_parsed_without_a_child_and_larger_text_with_one(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("Letter of 25 June 1950.\n\nШтыков — Сталину.", encoding="utf-8")
    large = tmp_path / "large.txt"
    large.write_text("Letter of 25 June 1950.\n" * 4000, encoding="utf-8")  # 96 KB: past the in-process size
    with SandboxPool(1) as pool:
        parsed = pool.parse(small)
        assert not _pids(pool)
        assert parsed == parse_file(small)
        assert pool.parse(large).text == parse_file(large).text and len(_pids(pool)) == 1


def test_errors_keep_their_class_and_the_child(tmp_path: Path) -> None:
    evil = tmp_path / "x.xml"
    evil.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>', encoding="utf-8")
    with SandboxPool(1) as pool:
        with pytest.raises(UnsafeContent):
            pool.parse(evil)
        pids = _pids(pool)
        pool.parse(_file(tmp_path))
        assert _pids(pool) == pids  # a refused file is an answer, not a death


@pytest.mark.parametrize(("runner", "words"), [("sandbox_targets:segfault", "crashed (SIGSEGV)"),
                                               ("sandbox_targets:hog_memory", "memory")])
def test_a_dead_child_is_replaced(tmp_path: Path, runner: str, words: str) -> None:
    with SandboxPool(1, memory_mb=1024) as pool:
        pool.parse(_file(tmp_path))
        before = _pids(pool)
        with pytest.raises(IngestError) as err:
            pool.parse(_file(tmp_path), runner=runner)
        assert words in err.value.reason and "\n" not in err.value.reason
        assert pool.parse(_file(tmp_path)).text
        assert not before & _pids(pool)


def test_a_hung_child_is_killed_with_its_helpers(tmp_path: Path) -> None:
    path = _file(tmp_path)
    with SandboxPool(1) as pool, pytest.raises(IngestError, match="longer than 2s"):
        pool.parse(_file(tmp_path), timeout_s=120)  # the child is up before the clock starts (a loaded machine)
        pool.parse(path, timeout_s=2, runner="sandbox_targets:sleep_with_helper")
    assert not _running(int(path.read_text()))


def test_children_are_recycled(tmp_path: Path) -> None:
    with SandboxPool(1, recycle_after=2) as pool:
        pool.parse(_file(tmp_path))
        first = _pids(pool)
        pool.parse(_file(tmp_path))
        pool.parse(_file(tmp_path))
        assert first and not first & _pids(pool)


def test_a_parser_dies_with_a_batch_killed_with_sigkill(tmp_path: Path) -> None:
    path = _file(tmp_path)
    script = ("import sys\nfrom opis.ingest.sandbox import SandboxPool\n"
              "with SandboxPool(1) as pool:\n"
              "    pool.parse(sys.argv[1], timeout_s=600, runner='sandbox_targets:note_pid_and_hang')\n")
    batch = subprocess.Popen([sys.executable, "-c", script, str(path)], env={**os.environ,
                             "PYTHONPATH": os.pathsep.join(sys.path)})
    deadline = time.monotonic() + 120
    while not path.read_text().isdigit():
        assert time.monotonic() < deadline and batch.poll() is None, "the parser never started"
        time.sleep(0.1)
    parser = int(path.read_text())
    assert _running(parser, tries=1)
    batch.send_signal(signal.SIGKILL)  # no clean-up runs in the batch: the kernel must end the parser
    batch.wait()
    try:
        assert not _running(parser)
    finally:
        if _running(parser, tries=1):
            os.kill(parser, signal.SIGKILL)  # leave no stray process when the test fails
