from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opis.cli import app

runner = CliRunner()
SHEET = Path(__file__).parents[1] / "data" / "catalog" / "korea-1950.csv"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "utf-16"])
def test_import_detects_encoding_and_delimiter(tmp_path: Path, encoding: str) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(SHEET.read_text(encoding="utf-8").encode(encoding))
    result = runner.invoke(app, ["catalog", "import", str(sheet), "--data-dir", str(tmp_path / "d"),
                                 "--dry-run", "--json"])
    assert result.exit_code == 2  # row 4's date is bad on purpose
    report = json.loads(result.stdout)
    assert report["dry_run"] and report["counts"] == {"created": 3, "error": 1}
    assert report["columns"]["Заголовок"] == "title"


def test_import_then_export_round_trip(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    result = runner.invoke(app, ["catalog", "import", str(SHEET), "--data-dir", data])
    assert "3 created, 1 error" in result.stdout and "row 4: date" in result.stderr
    runner.invoke(app, ["catalog", "export", str(tmp_path / "a.csv"), "--data-dir", data])
    runner.invoke(app, ["catalog", "import", str(tmp_path / "a.csv"), "--data-dir", data])
    runner.invoke(app, ["catalog", "export", str(tmp_path / "b.csv"), "--data-dir", data])
    first = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert first == (tmp_path / "b.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in first  # neutralized on the way out


def test_broken_xlsx_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "s.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    result = runner.invoke(app, ["catalog", "import", str(bad), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1 and "not a readable XLSX" in result.stderr
