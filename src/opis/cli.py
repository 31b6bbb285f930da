"""The ``opis`` command: thin, it calls the layers below and prints their answers.

The CLI acts as the archive's operator (it holds the data folder), so it reads as an admin;
``--public`` shows what an anonymous reader would see. Errors: one line, non-zero exit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from opis.config import ConfigError, Settings, load_settings
from opis.model import Authority, Document
from opis.store.access import ANONYMOUS, SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.errors import StoreError

app = typer.Typer(help="opis: an archive and research workbench for primary-source documents.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
authority_app = typer.Typer(help="Authority records: persons, organizations, places, repositories.",
                            no_args_is_help=True)
app.add_typer(authority_app, name="authority")

out = Console()
err = Console(stderr=True)

DataDir = Annotated[Path | None,
                    typer.Option("--data-dir", help="Data folder (default ./opis-data; env OPIS_DATA_DIR).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Public = Annotated[bool, typer.Option("--public", help="Show only what an anonymous reader may see.")]

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def guarded(fn: Callable[[], T]) -> T:
    """Run ``fn``, turning the errors a user can cause into one clear line."""
    try:
        return fn()
    except (ConfigError, StoreError, ValueError, OSError) as exc:
        fail(str(exc) or type(exc).__name__)


def settings_for(data_dir: Path | None, **overrides: Any) -> Settings:
    return guarded(lambda: load_settings(data_dir=data_dir, **overrides))


def archive_for(data_dir: Path | None) -> Archive:
    from opis.bootstrap import open_archive

    return guarded(lambda: open_archive(settings_for(data_dir)))


def viewer(public: bool) -> Viewer:
    return ANONYMOUS if public else SYSTEM


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n")


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, transient=True)


@app.command()
def init(data_dir: DataDir = None,
         sample: Annotated[bool, typer.Option("--sample", help="Load the sample collection.")] = False) -> None:
    """Create the data folder and the store (idempotent); optionally load the sample collection."""
    from opis.bootstrap import load_sample

    settings = settings_for(data_dir)
    archive = archive_for(data_dir)
    if sample:
        with progress_bar() as bar:
            task = bar.add_task("sample collection", total=None)
            changed = guarded(lambda: load_sample(archive, lambda n, t: bar.update(task, completed=n, total=t)))
        out.print(f"sample collection: {changed} records saved")
    out.print(f"store ready in {settings.data_dir.resolve()}")


@app.command()
def serve(data_dir: DataDir = None,
          host: Annotated[str | None, typer.Option(help="Address to listen on (env OPIS_HOST).")] = None,
          port: Annotated[int | None, typer.Option(help="Port (env OPIS_PORT).")] = None,
          no_sample: Annotated[bool, typer.Option("--no-sample", help="Do not load the sample when empty.")] = False,
          ) -> None:
    """Serve the reading room and the JSON API (loads the sample collection on first start)."""
    import uvicorn

    from opis.bootstrap import ensure_ready
    from opis.web.app import create_app
    from opis.web.limits import serve_options

    settings = settings_for(data_dir, host=host, port=port, load_sample=False if no_sample else None)
    archive = guarded(lambda: ensure_ready(settings))
    err.print(f"opis: reading room on http://{settings.host}:{settings.port}/ (data in {settings.data_dir})")
    if not archive.accounts.has_users():
        err.print("opis: no accounts yet; to edit, make one: opis user add NAME --role admin")
    uvicorn.run(create_app(settings, archive), host=settings.host, port=settings.port, log_level="warning",
                **serve_options(settings))


@app.command()
def show(record_id: str, data_dir: DataDir = None, as_json: AsJson = False, public: Public = False) -> None:
    """Show one record."""
    archive = archive_for(data_dir)
    record = guarded(lambda: archive.get(record_id, viewer(public)))
    if as_json:
        print_json(record.model_dump(mode="json"))
        return
    table = Table(show_header=False, title=f"{record.kind} {record.id}")
    for key, value in record.model_dump(mode="json", exclude_defaults=True).items():
        if key in ("id", "renditions"):
            continue
        table.add_row(key, json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value)
    if isinstance(record, Document):
        for r in record.renditions:
            table.add_row(f"{r.kind} ({r.language})", r.text[:300] + ("…" if len(r.text) > 300 else ""))
    out.print(table)


@app.command("list")
def list_records(data_dir: DataDir = None, kind: Annotated[str, typer.Option(help="Record kind.")] = "document",
                 limit: int = 50, offset: int = 0, as_json: AsJson = False, public: Public = False) -> None:
    """List records of one kind (documents by date)."""
    archive = archive_for(data_dir)
    page = guarded(lambda: archive.browse(viewer(public), (kind,), offset, limit,
                                          "date" if kind == "document" else "title"))
    rows = [{"id": r.id, "title": r.preferred if isinstance(r, Authority) else r.title,
             "date": r.date.edtf if isinstance(r, Document) and r.date else None} for r in page.items]
    if as_json:
        print_json({"total": page.total, "offset": offset, "items": rows})
        return
    table = Table("id", "date", "title", title=f"{page.total} {kind} records")
    for row in rows:
        table.add_row(row["id"], row["date"] or "", row["title"])
    out.print(table)


@app.command()
def revisions(record_id: str, data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """List every revision of a record."""
    archive = archive_for(data_dir)
    revs = guarded(lambda: archive.revisions(record_id, SYSTEM))
    if as_json:
        print_json([r.__dict__ for r in revs])
        return
    table = Table("revision", "at", "by", "message", title=record_id)
    for r in revs:
        table.add_row(str(r.number), r.at, r.actor, r.message)
    out.print(table)


@app.command()
def restore(record_id: str, revision: int, data_dir: DataDir = None,
            actor: Annotated[str, typer.Option(help="Who restores (recorded in the history).")] = "cli") -> None:
    """Make an earlier revision current again (as a new revision; nothing is lost)."""
    archive = archive_for(data_dir)
    saved = guarded(lambda: archive.restore(record_id, revision, actor))
    out.print(f"{record_id}: revision {revision} restored as revision {saved.revision}"
              if saved.changed else f"{record_id}: revision {revision} is already current")


@app.command("export")
def export_cmd(file: Path, data_dir: DataDir = None,
               with_originals: Annotated[bool, typer.Option(help="Copy stored originals to FILE.originals/.")] = False,
               ) -> None:
    """Write the whole archive (records, revisions, authorities, originals list) as JSON."""
    from opis.store.exchange import export_archive

    archive = archive_for(data_dir)
    target_dir = file.with_name(file.name + ".originals") if with_originals else None
    tmp = file.with_name(file.name + ".partial")
    with progress_bar() as bar, tmp.open("w", encoding="utf-8") as fh:
        task = bar.add_task("export", total=sum(archive.counts(SYSTEM).values()))
        n = guarded(lambda: export_archive(archive, fh, target_dir, lambda i: bar.update(task, completed=i)))
    tmp.replace(file)  # a killed export never leaves a half file under the real name
    out.print(f"exported {n} records to {file}")


@app.command("import")
def import_cmd(file: Path, data_dir: DataDir = None) -> None:
    """Read an export into an empty store (all or nothing)."""
    from opis.store.exchange import import_archive

    if not file.is_file():
        fail(f"{file}: no such file")
    archive = archive_for(data_dir)
    source_dir = file.with_name(file.name + ".originals")
    with progress_bar() as bar, file.open(encoding="utf-8") as fh:
        task = bar.add_task("import", total=None)
        n = guarded(lambda: import_archive(archive, fh, source_dir if source_dir.is_dir() else None,
                                           lambda i: bar.update(task, completed=i)))
    out.print(f"imported {n} records from {file}")


@authority_app.command("lookup")
def authority_lookup(name: str, data_dir: DataDir = None, as_json: AsJson = False, public: Public = False) -> None:
    """Every authority record whose preferred or variant names match NAME (exact or normalized)."""
    archive = archive_for(data_dir)
    matches = guarded(lambda: archive.lookup(name, viewer(public)))
    if as_json:
        print_json([m.__dict__ for m in matches])
        return
    if not matches:
        out.print(f"no authority record matches {name!r}")
        raise typer.Exit(1)
    table = Table("id", "kind", "preferred", "matched form", "lang", "scheme", "exact")
    for m in matches:
        table.add_row(m.record_id, m.kind, m.preferred, m.matched, m.lang or "", m.scheme or "",
                      "yes" if m.exact else "normalized")
    out.print(table)


def main() -> None:
    app()


# Commands of other layers register on the same app (imported last: they use the helpers above).
from opis import cli_ingest, search_cli  # noqa: E402

cli_ingest.register(app)
search_cli.register(app)

from opis import cli_accounts  # noqa: E402

cli_accounts.register(app)
