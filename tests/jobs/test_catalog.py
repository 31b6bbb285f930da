from __future__ import annotations

from pathlib import Path

import pytest

from opis.config import Settings
from opis.interop.catalog.sheet import csv_rows, write_csv
from opis.jobs.catalog import export_rows, import_rows, read_date_cell, read_reference
from opis.model import Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.support import records as R

DATA = Path(__file__).parents[1] / "data" / "catalog"


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    found = Archive.open(Settings(data_dir=tmp_path / "data"))
    found.put_many([R.SHTYKOV, R.RGAE, R.COLLECTION], "tester")
    return found


def sheet() -> list[list[str]]:
    return list(csv_rows((DATA / "korea-1950.csv").read_text(encoding="utf-8")))


def test_cells_read_through_the_date_reader_and_citation_parser() -> None:
    assert read_date_cell("25.06.1950").edtf == "1950-06-25"
    assert read_date_cell("1950?").edtf == "1950?"
    ref = read_reference("АВП РФ, ф. 0102, оп. 6, п. 21, д. 47")
    assert (ref.fond, ref.opis, ref.papka, ref.delo) == ("0102", "6", "21", "47")


def test_dry_run_reports_every_row_and_writes_nothing(archive: Archive) -> None:
    before = archive.counts(SYSTEM)
    report = import_rows(archive, sheet(), dry_run=True, actor="t")
    assert [r.status for r in report.rows] == ["created", "created", "error", "created"]
    bad = report.rows[2]
    assert (bad.row, bad.column) == (4, "date") and "около когда-то" in (bad.reason or "")
    assert report.rows[3].warnings and "formula" in report.rows[3].warnings[0]
    assert archive.counts(SYSTEM) == before


def test_real_run_links_names_across_scripts_and_reimport_changes_nothing(archive: Archive) -> None:
    report = import_rows(archive, sheet(), dry_run=False, actor="t")
    first = report.rows[0]
    doc = archive.get(first.id or "", SYSTEM)
    assert isinstance(doc, Document)
    assert doc.agents[0].authority == R.SHTYKOV.id and doc.agents[0].role == "sender"
    assert doc.genre == "cipher-telegram" and doc.date and doc.date.edtf == "1950-06-25"
    assert doc.archival_refs[0].repository == "AVP RF"
    again = import_rows(archive, sheet(), dry_run=False, actor="t")
    assert [r.status for r in again.rows if r.status != "error"] == ["unchanged"] * 3
    assert len(archive.revisions(doc.id, SYSTEM)) == 1


def test_reimport_with_key_updates_only_what_changed(archive: Archive) -> None:
    import_rows(archive, sheet(), dry_run=False, actor="t")
    rows = sheet()
    rows[1][7] = "Новая аннотация."
    report = import_rows(archive, [rows[0], rows[1]], dry_run=False, actor="t")
    assert report.rows[0].status == "updated"
    doc = archive.get(report.rows[0].id or "", SYSTEM)
    assert isinstance(doc, Document) and doc.summary == "Новая аннотация." and len(doc.agents) == 1
    assert len(archive.revisions(doc.id, SYSTEM)) == 2


def test_export_import_export_is_identical(archive: Archive, tmp_path: Path) -> None:
    import_rows(archive, sheet(), dry_run=False, actor="t")
    first = write_csv(list(export_rows(archive)))
    other = Archive.open(Settings(data_dir=tmp_path / "other"))
    other.put_many([R.SHTYKOV, R.RGAE, R.COLLECTION], "tester")
    report = import_rows(other, csv_rows(first), dry_run=False, actor="t")
    assert {r.status for r in report.rows} == {"created"}
    assert write_csv(list(export_rows(other))) == first


def test_files_outside_the_folder_and_huge_cells_are_row_errors(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "scan.txt").write_text("скан", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    rows = [["title", "files"], ["ok", "scan.txt"], ["escape", "../secret.txt"], ["huge" + "x" * 10_000_000, ""]]
    report = import_rows(archive, rows, dry_run=False, actor="t", files_dir=folder)
    assert [r.status for r in report.rows] == ["created", "error", "error"]
    assert report.rows[1].column == "files" and "outside" in (report.rows[1].reason or "")
    assert report.rows[2].column == "title" and "limit" in (report.rows[2].reason or "")
    doc = archive.get(report.rows[0].id or "", SYSTEM)
    assert isinstance(doc, Document) and doc.originals[0].filename == "scan.txt"
