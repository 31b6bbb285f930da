from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opis.cli import app
from opis.config import Settings
from opis.store.archive import Archive
from tests.support import records as R

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    Archive.open(Settings(data_dir=path)).put_many(R.ALL, "tester")
    return path


def opis(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_json_and_public_view(data_dir: Path) -> None:
    code, out, _ = opis("show", R.RESTRICTED.id, "--data-dir", str(data_dir), "--json")
    assert code == 0 and json.loads(out)["title"] == R.RESTRICTED.title
    code, _, err = opis("show", R.RESTRICTED.id, "--data-dir", str(data_dir), "--public")
    assert code == 1 and "no record" in err and len(err.strip().splitlines()) == 1


def test_list_revisions_restore(data_dir: Path) -> None:
    archive = Archive.open(Settings(data_dir=data_dir))
    archive.put(R.PUBLIC.model_copy(update={"title": "Changed"}), "editor", "retitle")
    code, out, _ = opis("revisions", R.PUBLIC.id, "--data-dir", str(data_dir), "--json")
    assert [r["number"] for r in json.loads(out)] == [1, 2]
    code, out, _ = opis("restore", R.PUBLIC.id, "1", "--data-dir", str(data_dir))
    assert code == 0 and "restored as revision 3" in out
    code, out, _ = opis("list", "--data-dir", str(data_dir), "--json", "--public")
    assert [i["title"] for i in json.loads(out)["items"]] == [R.PUBLIC.title]


def test_authority_lookup(data_dir: Path) -> None:
    code, out, _ = opis("authority", "lookup", "terenty-shtykov", "--data-dir", str(data_dir), "--json")
    assert code == 0 and json.loads(out)[0]["record_id"] == R.SHTYKOV.id
    code, out, _ = opis("authority", "lookup", "Nobody", "--data-dir", str(data_dir))
    assert code == 1 and "no authority record" in out


@pytest.mark.parametrize("part", ["Shtykov", "штыков", "Štykov"])
def test_authority_lookup_by_a_surname_in_any_script(data_dir: Path, part: str) -> None:
    code, out, _ = opis("authority", "lookup", part, "--data-dir", str(data_dir), "--json")
    assert code == 0
    assert [(m["record_id"], m["how"]) for m in json.loads(out)] == [(R.SHTYKOV.id, "word")]


def test_export_import_round_trip(data_dir: Path, tmp_path: Path) -> None:
    dump = tmp_path / "backup.json"
    assert opis("export", str(dump), "--data-dir", str(data_dir))[0] == 0
    target = tmp_path / "restored"
    code, out, _ = opis("import", str(dump), "--data-dir", str(target))
    assert code == 0 and f"imported {len(R.ALL)} records" in out
    again = tmp_path / "again.json"
    assert opis("export", str(again), "--data-dir", str(target))[0] == 0
    assert again.read_bytes() == dump.read_bytes()
    code, _, err = opis("import", str(dump), "--data-dir", str(target))
    assert code == 1 and "not empty" in err


def test_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = opis("import", str(tmp_path / "missing.json"), "--data-dir", str(tmp_path / "d"))
    assert code == 1 and "no such file" in err
    monkeypatch.setenv("OPIS_QUERY_TIMEOUT_MS", "soon")
    code, _, err = opis("list", "--data-dir", str(tmp_path / "d"))
    assert code == 1 and "OPIS_QUERY_TIMEOUT_MS='soon'" in err and len(err.strip().splitlines()) == 1


def test_export_dash_is_standard_output_and_import_dash_standard_input(
        data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`opis export -` pipes (the real command, so standard output is a real pipe); no file named `-`."""
    monkeypatch.chdir(tmp_path)
    dump = tmp_path / "backup.json"
    assert opis("export", str(dump), "--data-dir", str(data_dir))[0] == 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    piped = subprocess.run([sys.executable, "-m", "opis", "export", "-", "--data-dir", str(data_dir)],
                           capture_output=True, env=env, cwd=tmp_path, timeout=120, check=True)
    assert piped.stdout == dump.read_bytes()
    assert "exported" in piped.stderr.decode() and not (tmp_path / "-").exists()
    result = runner.invoke(app, ["import", "-", "--data-dir", str(tmp_path / "restored")],
                           input=piped.stdout.decode())
    assert result.exit_code == 0 and f"imported {len(R.ALL)} records" in result.stdout
    code, _, err = opis("export", "-", "--with-originals", "--data-dir", str(data_dir))
    assert code == 1 and "give a file name" in err
