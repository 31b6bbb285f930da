"""`opis export` and `opis import`: the whole archive as one JSON file (also the backup).

``-`` names standard output (export) or standard input (import), so an export can be piped
(``opis export - | gzip``); messages then go to standard error, never into the data.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from opis.cli.common import DataDir, archive_for, err, fail, guarded, out, progress_bar

STDIO = Path("-")


def export_cmd(file: Annotated[Path, typer.Argument(help="Where to write; - for standard output.")],
               data_dir: DataDir = None,
               with_originals: Annotated[bool, typer.Option(help="Copy stored originals to FILE.originals/.")] = False,
               ) -> None:
    """Write the whole archive (records, revisions, authorities, originals list) as JSON."""
    from opis.store.access import SYSTEM
    from opis.store.exchange import export_archive

    if file == STDIO and with_originals:
        fail("--with-originals copies files next to FILE; give a file name, not -")
    archive = archive_for(data_dir)
    total = guarded(lambda: sum(archive.counts(SYSTEM).values()))
    if file == STDIO:
        with progress_bar() as bar:
            task = bar.add_task("export", total=total)
            n = guarded(lambda: export_archive(archive, sys.stdout, None, lambda i: bar.update(task, completed=i)))
        sys.stdout.flush()
        err.print(f"exported {n} records to standard output")
        return
    target_dir = file.with_name(file.name + ".originals") if with_originals else None
    tmp = file.with_name(file.name + ".partial")
    with progress_bar() as bar, tmp.open("w", encoding="utf-8") as fh:
        task = bar.add_task("export", total=total)
        n = guarded(lambda: export_archive(archive, fh, target_dir, lambda i: bar.update(task, completed=i)))
    tmp.replace(file)  # a killed export never leaves a half file under the real name
    out.print(f"exported {n} records to {file}")


def import_cmd(file: Annotated[Path, typer.Argument(help="An export file; - for standard input.")],
               data_dir: DataDir = None) -> None:
    """Read an export into an empty store (all or nothing)."""
    from opis.store.exchange import import_archive

    if file != STDIO and not file.is_file():
        fail(f"{file}: no such file")
    archive = archive_for(data_dir)
    source_dir = file.with_name(file.name + ".originals")
    originals = source_dir if file != STDIO and source_dir.is_dir() else None
    source = nullcontext(sys.stdin) if file == STDIO else file.open(encoding="utf-8")
    with progress_bar() as bar, source as fh:
        task = bar.add_task("import", total=None)
        n = guarded(lambda: import_archive(archive, fh, originals, lambda i: bar.update(task, completed=i)))
    out.print(f"imported {n} records from {'standard input' if file == STDIO else file}")


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)
    app.command("import")(import_cmd)
