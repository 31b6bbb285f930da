"""A batch of hostile files mixed with good ones always finishes: every file gets exactly one
outcome, no good file is lost, nothing from outside the folder is read, a resumed run does not
redo a time-out, and a killed job shows as interrupted. Every input is generated here."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from opis import plugins
from opis.config import Settings
from opis.extract.base import EXTRACTORS
from opis.jobs.ingest import IngestRequest, run_ingest
from opis.model import Document
from opis.plugins import load_plugins
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.ingestlog import NOT_RETRIED, job_status, start_job
from opis.web.app import create_app
from tests.support.people import api_token, bearer
from tests.test_plugins import make_distribution

SECRET = "opis-outside-secret-7f3a"
BOOM = "EXPLODE-IN-EXTRACTION"


EXPLODING_PLUGIN = f"""
from opis.extract.base import EXTRACTORS, Extractor


def _explode(ctx):
    if {BOOM!r} in ctx.text:
        raise RecursionError("maximum recursion depth exceeded")  # as a runaway extractor would
    return []


EXTRACTORS.register("test_explodes")(Extractor("test_explodes", _explode))
"""


@pytest.fixture
def exploding_extractor(tmp_path: Path) -> Iterator[None]:
    """A real entry-point plug-in whose extractor breaks on one text. Extraction runs in its own process,
    which loads plug-ins from the ``sys.path`` it is given, exactly as a plug-in installed with pip."""
    load_plugins()  # this process's plug-ins are loaded before the test's site exists: it stays out of them
    site = make_distribution(tmp_path / "site", "opis_exploding_plugin", EXPLODING_PLUGIN, "exploding")
    sys.path.insert(0, str(site))
    yield
    sys.path.remove(str(site))
    # An app made in the test loads plug-ins again and so picks this one up in this process too: take it out,
    # or later tests' in-process extraction would carry its key.
    EXTRACTORS._items.pop("test_explodes", None)
    plugins._loaded.pop("opis_exploding_plugin", None)
    sys.modules.pop("opis_exploding_plugin", None)


def _documents(archive: Archive) -> list[Document]:
    return [d for d in archive.browse(SYSTEM, ("document",), 0, 500).items if isinstance(d, Document)]


def _texts(archive: Archive) -> str:
    return "\n".join(r.text for d in _documents(archive) for r in d.renditions)


def _hostile_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder of hostile entries and good files; the name each outcome is reported under → what to expect."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    expect: dict[str, str] = {}

    def good(name: str, text: str) -> None:
        (folder / name).write_text(text, encoding="utf-8")
        expect[name] = "ingested"

    good("a-good.txt", "Shtykov to Stalin, 25 June 1950. First good letter.\n")
    good("bmw.txt", "BMW and Daimler-Benz talked about exports on 3 May 1950.\n")
    good("formats.txt", "A note on formats.\nA PDF begins with %PDF-1.4 near the top.\n")
    good("z-good.txt", "Second good letter, 26 June 1950, after every hostile file.\n")
    with open(os.fsencode(folder) + b"/bad_\xff.txt", "wb") as fh:
        fh.write(b"A letter whose file name is not UTF-8.\n")
    expect["bad_\\xff.txt"] = "ingested"
    (folder / "boom.txt").write_text(f"{BOOM} in this letter.\n")
    expect["boom.txt"] = "ingested:extraction failed (RecursionError"
    os.mkfifo(folder / "fifo")
    expect["fifo"] = "failed:not a regular file"
    (folder / "zero").symlink_to("/dev/zero")
    expect["zero"] = "failed:outside the folder"
    (folder / "passwd").symlink_to("/etc/passwd")
    expect["passwd"] = "failed:outside the folder"
    (folder / "secret-link.txt").symlink_to(outside / "secret.txt")
    expect["secret-link.txt"] = "failed:outside the folder"
    (folder / "dir-link").symlink_to(folder / "sub")
    expect["dir-link"] = "failed:links to folders are not followed"
    with (folder / "sparse.txt").open("wb") as fh:
        fh.truncate(20 * 1024**3)
    expect["sparse.txt"] = "failed:20.0 GB is over the"
    buf = io.BytesIO()
    Image.new("L", (300, 200), 255).save(buf, format="PNG")
    (folder / "broken.png").write_bytes(buf.getvalue()[:60] + b"\x00" * 200)
    expect["broken.png"] = "failed:corrupt or unreadable image"
    return folder, expect


def _check(status: dict[str, Any], expect: dict[str, str]) -> None:
    got = {Path(f["path"]).name: f for f in status["files"]}
    assert sorted(got) == sorted(expect)  # one outcome each, none silently skipped
    for name, want in expect.items():
        kind, _, reason = want.partition(":")
        assert got[name]["status"] == kind, (name, got[name])
        assert reason in got[name]["message"] and "\n" not in got[name]["message"], (name, got[name])


def test_hostile_batch_finishes_and_loses_no_good_file(archive: Archive, tmp_path: Path,
                                                       exploding_extractor: None) -> None:
    folder, expect = _hostile_folder(tmp_path)
    started = time.monotonic()
    status = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,))))
    assert time.monotonic() - started < 120
    assert status["status"] == "finished"
    _check(status, expect)
    texts = _texts(archive)
    assert SECRET not in texts and "root:x:0:0" not in texts  # nothing from outside the folder
    assert "after every hostile file" in texts and "not UTF-8" in texts
    odd = next(d for d in _documents(archive) if "not UTF-8" in d.renditions[0].text)
    assert odd.originals[0].filename == "bad_\\xff.txt"
    again = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,))))
    # a resume finishes too: the five good files and boom.txt (stored without findings) are duplicates
    assert again["status"] == "finished" and again["counts"]["duplicate"] == 6


def test_hostile_batch_with_parallel_workers(archive: Archive, tmp_path: Path, exploding_extractor: None) -> None:
    folder, expect = _hostile_folder(tmp_path)
    status = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,), jobs=3)))
    _check(status, expect)


def test_time_out_is_recorded_and_not_retried_unless_asked(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    # HTML: a format parsed in the sandbox, under its time limit (small plain text is parsed in process).
    (folder / "slow.html").write_text("<html><body><p>A letter that, with a tiny time limit, cannot be parsed "
                                      "in time.</p></body></html>\n")
    (folder / "later.html").write_text("<html><body><p>A letter after it.</p></body></html>\n")
    first = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder / "slow.html",), timeout_s=0.001)))
    assert first["files"][0]["status"] == "failed" and first["files"][0]["message"].endswith(NOT_RETRIED)
    resumed = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,))))
    by_name = {Path(f["path"]).name: f for f in resumed["files"]}
    assert by_name["slow.html"]["status"] == "failed" and by_name["slow.html"]["message"].startswith(
        "slow.html: in an earlier run, parsing took longer than 0.001s")
    assert by_name["later.html"]["status"] == "ingested"
    forced = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,), retry_timeouts=True)))
    assert {Path(f["path"]).name: f["status"] for f in forced["files"]} == {
        "slow.html": "ingested", "later.html": "duplicate"}


def test_a_job_whose_process_was_killed_shows_as_interrupted(archive: Archive, settings: Settings) -> None:
    code = ("import os, signal, sys\n"
            "from opis.store.db import make_engine\n"
            "from opis.store.archive import Archive\n"
            "from opis.store.originals import OriginalsDir\n"
            "from opis.store.ingestlog import start_job\n"
            "archive = Archive(make_engine(sys.argv[1]), OriginalsDir(__import__('pathlib').Path(sys.argv[2])))\n"
            "print(start_job(archive, 'killed', 3, {}), flush=True)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", code, settings.url, str(settings.originals_dir)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    killed = proc.stdout.strip()
    assert job_status(archive, killed)["status"] == "interrupted"
    alive = start_job(archive, "alive", 1, {})  # this process runs it: still running
    assert job_status(archive, alive)["status"] == "running"
    assert "_owner" not in job_status(archive, alive)["options"]


def test_upload_keeps_the_good_file_beside_one_that_breaks_extraction(
        archive: Archive, settings: Settings, exploding_extractor: None) -> None:
    with TestClient(create_app(replace(settings, upload_max_mb=1), archive), raise_server_exceptions=False) as client:
        who = bearer(api_token(archive, "editor"))
        files = [("files", ("boom.txt", f"{BOOM} here.\n".encode(), "text/plain")),
                 ("files", ("good.txt", b"A good letter of 25 June 1950.\n", "text/plain"))]
        resp = client.post("/api/ingest", files=files, headers=who)
        assert resp.status_code == 202, resp.text
        url = resp.json()["status_url"]
        deadline = time.monotonic() + 60
        while (status := client.get(url, headers=who).json())["status"] == "running":
            assert time.monotonic() < deadline, "the upload job did not finish"
            time.sleep(0.1)
    assert status["status"] == "finished"
    assert {f["path"]: f["status"] for f in status["files"]} == {"boom.txt": "ingested", "good.txt": "ingested"}
    boom = next(f for f in status["files"] if f["path"] == "boom.txt")
    assert "extraction failed (RecursionError" in boom["message"] and "kept without findings" in boom["message"]
    assert "good letter" in _texts(archive)


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their mode")
def test_a_folder_that_cannot_be_listed_is_an_outcome(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.txt").write_text("A readable letter.\n")
    (folder / "locked").chmod(0)
    try:
        status = job_status(archive, run_ingest(archive, IngestRequest(paths=(folder,))))
    finally:
        (folder / "locked").chmod(0o755)
    got = {Path(f["path"]).name: f for f in status["files"]}
    assert got["ok.txt"]["status"] == "ingested"
    assert got["locked"]["status"] == "failed" and "folder cannot be read" in got["locked"]["message"]
