"""`opis catalog import` and `opis catalog export`: a whole catalogue in from a sheet, or out to one.

The import reads CSV (delimiter and encoding guessed, Windows-1251 and UTF-16 included) or XLSX;
``--dry-run`` reads and checks every row and writes nothing. Bad rows are listed with their row
number, column and reason; the good rows go in (or would, in a dry run).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from opis.cli.common import AsJson, DataDir, archive_for, err, fail, guarded, out, print_json, progress_bar

catalog_app = typer.Typer(help="Catalogue interchange: spreadsheets in and out.", no_args_is_help=True)


def import_cmd(file: Annotated[Path, typer.Argument(help="A CSV or XLSX sheet, one row per document.")],
               data_dir: DataDir = None,
               dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row; write nothing.")] = False,
               mapping: Annotated[Path | None, typer.Option(help="YAML: 'header as written: field'.")] = None,
               files: Annotated[Path | None, typer.Option(help="Folder the 'files' column names files in.")] = None,
               as_json: AsJson = False) -> None:
    """Import a catalogue sheet (one row is one document; re-import with 'key' updates, never duplicates),
    an EAD finding aid (item components become documents) or an EAC-CPF authority record."""
    from opis.interop.catalog.sheet import read_mapping
    from opis.jobs.catalog import import_rows, is_xml, sheet_rows

    if not file.is_file():
        fail(f"{file}: no such file")
    archive = archive_for(data_dir)
    if is_xml(file):
        from opis.jobs.finding_aids import import_xml

        xml = guarded(lambda: import_xml(archive, file, dry_run=dry_run, actor="cli"))
        if as_json:
            print_json(xml.as_json())
        else:
            out.print(("dry run, nothing written: " if dry_run else "") + f"{xml.kind}: {len(xml.created)} created, "
                      f"{len(xml.updated)} updated, {len(xml.unchanged)} unchanged")
        return
    given = guarded(lambda: read_mapping(mapping)) if mapping else None
    with progress_bar() as bar:
        task = bar.add_task("rows", total=None)
        report = guarded(lambda: import_rows(archive, sheet_rows(file), dry_run=dry_run, actor="cli",
                                             mapping=given, files_dir=files,
                                             progress=lambda i: bar.update(task, completed=i)))
    if as_json:
        print_json(report.as_json())
    else:
        for r in report.rows:
            if r.status == "error":
                err.print(f"row {r.row}: {r.column}: {r.reason}")
            for w in r.warnings:
                err.print(f"row {r.row}: {w}")
        counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts().items())) or "no rows"
        out.print(("dry run, nothing written: " if dry_run else "") + counts)
    if any(r.status == "error" for r in report.rows):
        raise typer.Exit(2)


def export_cmd(file: Annotated[Path, typer.Argument(help="Where to write; - for standard output.")] = Path("-"),
               data_dir: DataDir = None,
               fmt: Annotated[str, typer.Option("--format", help="csv, dc, ead or eac-cpf")] = "csv",
               collection: Annotated[str | None, typer.Option(help="Only this collection's documents.")] = None,
               ) -> None:
    """Export the catalogue with the columns the import reads."""
    from opis.interop.catalog.sheet import write_csv
    from opis.jobs.catalog import export_rows
    from opis.jobs.finding_aids import export_xml

    if fmt not in ("csv", "dc", "ead", "eac-cpf"):
        fail(f"--format {fmt}: use csv, dc, ead or eac-cpf")
    archive = archive_for(data_dir)
    data = guarded(lambda: write_csv(list(export_rows(archive, collection))).encode("utf-8") if fmt == "csv"
                   else export_xml(archive, fmt, collection))
    if str(file) == "-":
        sys.stdout.buffer.write(data)
        return
    tmp = file.with_name(file.name + ".partial")
    tmp.write_bytes(data)
    tmp.replace(file)
    out.print(f"exported to {file}")


def register(app: typer.Typer) -> None:
    catalog_app.command("import")(import_cmd)
    catalog_app.command("export")(export_cmd)
    app.add_typer(catalog_app, name="catalog")
