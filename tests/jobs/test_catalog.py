from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opis.config import Settings
from opis.interop.catalog.sheet import csv_rows, write_csv
from opis.jobs import catalog
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
    (folder / "big.tif").write_bytes(b"II*\x00" + bytes(2000))
    rows = [["title", "files"], ["ok", "scan.txt"], ["escape", "../secret.txt"], ["huge" + "x" * 10_000_000, ""],
            ["oversize", "big.tif"]]
    report = import_rows(archive, rows, dry_run=False, actor="t", files_dir=folder, max_bytes=1024)
    assert [r.status for r in report.rows] == ["created", "error", "error", "error"]
    assert report.rows[1].column == "files" and "outside" in (report.rows[1].reason or "")
    assert report.rows[2].column == "title" and "limit" in (report.rows[2].reason or "")
    assert report.rows[3].column == "files" and "2,004 bytes; the limit is 1,024" in (report.rows[3].reason or "")
    assert archive.counts(SYSTEM)["document"] == 1
    doc = archive.get(report.rows[0].id or "", SYSTEM)
    assert isinstance(doc, Document) and doc.originals[0].filename == "scan.txt"


def test_iso639_2_language_codes_in_a_sheet_become_bcp47_tags(archive: Archive) -> None:
    sheet = "key,title,languages\nk1,Записка посольства,\"rus, chi zho-Hant ko-Hang\"\n"
    report = import_rows(archive, csv_rows(sheet), dry_run=False, actor="t")
    doc = archive.get(report.rows[0].id or "", SYSTEM)
    assert isinstance(doc, Document) and doc.languages == ["ru", "zh", "zh-Hant", "ko-Hang"]


def test_an_import_killed_while_writing_a_chunk_keeps_every_row_it_reported_saved(
        archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    # The generated rows of a chunk go in one transaction; the process dies (SystemExit, as a kill
    # would stop it) inside the second chunk's transaction, after the first chunk's commit was reported.
    monkeypatch.setattr(catalog, "CHUNK", 3)
    rows = [["key", "title", "date", "reference"]] + [
        [f"k-{i}", f"Письмо {i}", "25.06.1950", f"РГАЭ, ф. 413, оп. 13, д. {i}"] for i in range(7)]
    reported: list[int] = []
    real_batch = Archive._save_batch

    def dies_in_second_chunk(self: Archive, conn: Any, items: Any, *args: Any) -> Any:
        saved = real_batch(self, conn, items, *args)  # written, not yet committed
        if reported:
            raise SystemExit("killed")
        return saved

    with monkeypatch.context() as m:
        m.setattr(Archive, "_save_batch", dies_in_second_chunk)
        with pytest.raises(SystemExit):
            import_rows(archive, rows, dry_run=False, actor="t", progress=reported.append)
    assert reported == [3]  # the first chunk's three rows, saved and reported
    ids = [catalog.record_id({"key": f"k-{i}"}) for i in range(7)]
    # the first chunk is there whole; the killed chunk left nothing
    assert sorted(r.id for r in archive.get_many(ids, SYSTEM)) == sorted(ids[:3])
    again = import_rows(archive, rows, dry_run=False, actor="t")
    assert [r.status for r in again.rows] == ["unchanged"] * 3 + ["created"] * 4
    assert all(len(archive.revisions(i, SYSTEM)) == 1 for i in ids)
