"""The fixity check (jobs.fixity) on SQLite and PostgreSQL, with originals in a folder and in an S3
bucket (moto's server on loopback): real files ingested, then one byte flipped in one original and
another deleted; the run finds both, names their documents, counts an unlisted object without
failing on it, and is recorded in the store. It runs through the runner: a thread on SQLite, and a
job that an `opis worker` process takes on the PostgreSQL queue. The files are FRUS 1949 vol. VII
part 2 doc. 191 as a web page and a minimal TEI file (public domain; tests/data/ingest/PROVENANCE.md)."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from opis.cli import app
from opis.config import Settings
from opis.jobs.fixity import OutOfOrder, ascending, check, paired
from opis.jobs.ingest import IngestRequest, run_ingest
from opis.jobs.runner import InProcess, OnQueue, runner_for
from opis.model import Status
from opis.store.archive import Archive
from opis.store.fixity import ENDED, recent_runs, run_status, start_run
from opis.store.ingestlog import job_status
from opis.store.originals import Originals
from opis.store.originals.s3 import S3Originals
from tests.conftest import REPO_ROOT

HTML = REPO_ROOT / "tests" / "data" / "ingest" / "frus1949v07p2-d191.web.html"
TEI = REPO_ROOT / "tests" / "data" / "ingest" / "minimal-tei.xml"


def ingest(archive: Archive, *paths: Path) -> dict[str, str]:
    """Ingest ``paths``; {file name: (sha256)} and check each became a document."""
    job = run_ingest(archive, IngestRequest(paths=paths, actor="tester", names_only=True, status=Status.DRAFT))
    files = job_status(archive, job)["files"]
    assert [f["status"] for f in files] == ["ingested"] * len(paths), files
    return {f["path"].rsplit("/", 1)[-1]: f["sha256"] for f in files}


def damage(home: Originals, sha: str) -> None:
    """Flip one bit of the stored bytes, behind the archive's back."""
    if isinstance(home, S3Originals):
        data = home.client.get_object(Bucket=home.bucket, Key=home.key(sha))["Body"].read()
        home.client.put_object(Bucket=home.bucket, Key=home.key(sha), Body=data[:100] + bytes([data[100] ^ 1])
                               + data[101:])
    else:
        path = home.local_path(sha)
        data = bytearray(path.read_bytes())
        data[100] ^= 1
        path.write_bytes(bytes(data))


def remove(home: Originals, sha: str) -> None:
    if isinstance(home, S3Originals):
        home.client.delete_object(Bucket=home.bucket, Key=home.key(sha))
    else:
        home.local_path(sha).unlink()


def holders(archive: Archive, sha: str) -> list[str]:
    from opis.store.fixity import holders as find

    return [d["id"] for d in find(archive, [sha])[sha]]


def test_a_whole_archive_passes_and_damage_is_found_with_its_documents(stored: Archive) -> None:
    shas = ingest(stored, HTML, TEI)
    first = start_run(stored, "tester", stored.originals.describe())
    counts = check(stored, first)
    assert counts == {"checked": 2, "bytes": HTML.stat().st_size + TEI.stat().st_size, "missing": 0,
                      "mismatched": 0, "unreadable": 0, "unlisted": 0}
    assert run_status(stored, first)["status"] == "passed"

    damage(stored.originals, shas[HTML.name])
    remove(stored.originals, shas[TEI.name])
    orphan, _ = stored.originals.put_bytes(b"bytes stored by an upload that stopped before recording them")
    second = start_run(stored, "tester", stored.originals.describe())
    check(stored, second)
    run = run_status(stored, second)
    assert (run["status"], run["checked"], run["missing"], run["mismatched"], run["unlisted"]) == (
        "failed", 2, 1, 1, 1)
    problems = {p["sha256"]: p for p in run["problems"]}
    assert set(problems) == {shas[HTML.name], shas[TEI.name]} and orphan not in problems
    flipped = problems[shas[HTML.name]]
    assert flipped["problem"] == "mismatch" and flipped["found_size"] == HTML.stat().st_size
    assert flipped["found_sha256"] not in (None, shas[HTML.name])
    assert problems[shas[TEI.name]]["problem"] == "missing"
    for sha, problem in problems.items():
        docs = [d["id"] for d in problem["documents"]]
        assert docs and docs == holders(stored, sha)
        assert all(d["title"] for d in problem["documents"])
    assert run["place"] == stored.originals.describe()
    runs, total = recent_runs(stored)
    assert total == 2 and {r["id"] for r in runs} == {first, second}  # the fixed clock: both in one tick
    assert {r["id"]: r["problem_count"] for r in runs} == {first: 0, second: 2} and "problems" not in runs[0]


def test_the_walk_beside_the_list_pairs_every_hash() -> None:
    listed = [("b", 2), ("d", 4), ("f", 6)]
    assert list(paired(listed, ["a", "b", "c", "f", "g"])) == [
        ("a", None, True), ("b", 2, True), ("c", None, True), ("d", 4, False), ("f", 6, True), ("g", None, True)]
    assert list(paired([], ["a"])) == [("a", None, True)] and list(paired(listed, [])) == [
        ("b", 2, False), ("d", 4, False), ("f", 6, False)]
    with pytest.raises(OutOfOrder):
        list(ascending(["a", "c", "b"]))


@given(st.sets(st.text("0123456789abcdef", min_size=1, max_size=3)),
       st.sets(st.text("0123456789abcdef", min_size=1, max_size=3)))
def test_the_walk_finds_every_hash_once_whatever_the_two_lists_hold(listed: set[str], held: set[str]) -> None:
    walked = list(paired([(h, len(h)) for h in sorted(listed)], ascending(sorted(held))))
    assert [sha for sha, _, _ in walked] == sorted(listed | held)
    assert all((size is not None) == (sha in listed) and present == (sha in held) for sha, size, present in walked)
    assert all(size is None or size == len(sha) for sha, size, _ in walked)


def _until_ended(archive: Archive, run: str, deadline_s: float = 120) -> dict[str, Any]:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        status = run_status(archive, run)
        if status["status"] in ENDED:
            return status
        time.sleep(0.1)
    raise AssertionError(f"fixity run {run} did not end: {run_status(archive, run)}")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_on_sqlite_the_runner_checks_in_a_thread(stored: Archive, home_settings: Settings) -> None:
    shas = ingest(stored, HTML)
    runner = runner_for(stored, home_settings)
    assert isinstance(runner, InProcess)
    damage(stored.originals, shas[HTML.name])
    status = _until_ended(stored, runner.check_fixity("tester"))
    assert (status["status"], status["mismatched"], status["actor"]) == ("failed", 1, "tester")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_an_opis_worker_runs_the_queued_check(stored: Archive, home_settings: Settings,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.jobs.test_queue import _listening, _worker

    shas = ingest(stored, HTML, TEI)
    remove(stored.originals, shas[TEI.name])
    queued = replace(home_settings, job_queue="postgres")
    runner = runner_for(stored, queued)
    assert isinstance(runner, OnQueue)
    run = runner.check_fixity("tester")
    assert run_status(stored, run)["status"] == "queued"  # recorded with its job, nobody runs it yet
    for name, value in (("OPIS_ORIGINALS", queued.originals), ("OPIS_S3_ENDPOINT_URL", queued.s3_endpoint_url)):
        if value:
            monkeypatch.setenv(name, value)
    with _worker(queued, "fixity-worker"):
        _listening(stored, 1)
        status = _until_ended(stored, run)
    assert (status["status"], status["missing"], status["checked"]) == ("failed", 1, 2)
    assert status["problems"][0]["sha256"] == shas[TEI.name]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_opis_fixity_exits_non_zero_on_damage_and_prints_json(stored: Archive, home_settings: Settings,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    shas = ingest(stored, HTML, TEI)
    env = {"OPIS_DATA_DIR": str(home_settings.data_dir), "OPIS_DATABASE_URL": home_settings.url,
           "OPIS_LOAD_SAMPLE": "false", "OPIS_ORIGINALS": home_settings.originals or "",
           "OPIS_S3_ENDPOINT_URL": home_settings.s3_endpoint_url or ""}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cli = CliRunner()
    whole = cli.invoke(app, ["fixity"])
    assert whole.exit_code == 0 and "passed" in whole.stdout and "2 of 2 originals checked" in whole.stdout
    remove(stored.originals, shas[HTML.name])
    broken = cli.invoke(app, ["fixity", "--json"])
    assert broken.exit_code == 3, broken.stdout
    report = json.loads(broken.stdout)
    assert (report["status"], report["missing"]) == ("failed", 1)
    assert report["problems"][0]["sha256"] == shas[HTML.name] and report["actor"].startswith("cli:")
