"""`opis show`, `list`, `revisions`, `restore` and `authority lookup`: reading records and their history.

The CLI acts as the archive's operator (it holds the data folder), so it reads as an admin;
``--public`` shows what an anonymous reader would see.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from opis.cli.common import AsJson, DataDir, Public, archive_for, guarded, out, print_json, viewer

authority_app = typer.Typer(help="Authority records: persons, organizations, places, repositories.",
                            no_args_is_help=True)


def show(record_id: str, data_dir: DataDir = None, as_json: AsJson = False, public: Public = False) -> None:
    """Show one record."""
    from rich.table import Table

    from opis.model import Document

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


def list_records(data_dir: DataDir = None, kind: Annotated[str, typer.Option(help="Record kind.")] = "document",
                 limit: int = 50, offset: int = 0, as_json: AsJson = False, public: Public = False) -> None:
    """List records of one kind (documents by date)."""
    from rich.table import Table

    from opis.model import Authority, Document

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


def revisions(record_id: str, data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """List every revision of a record."""
    from rich.table import Table

    from opis.store.access import SYSTEM

    archive = archive_for(data_dir)
    revs = guarded(lambda: archive.revisions(record_id, SYSTEM))
    if as_json:
        print_json([r.__dict__ for r in revs])
        return
    table = Table("revision", "at", "by", "message", title=record_id)
    for r in revs:
        table.add_row(str(r.number), r.at, r.actor, r.message)
    out.print(table)


def restore(record_id: str, revision: int, data_dir: DataDir = None,
            actor: Annotated[str, typer.Option(help="Who restores (recorded in the history).")] = "cli") -> None:
    """Make an earlier revision current again (as a new revision; nothing is lost)."""
    archive = archive_for(data_dir)
    saved = guarded(lambda: archive.restore(record_id, revision, actor))
    out.print(f"{record_id}: revision {revision} restored as revision {saved.revision}"
              if saved.changed else f"{record_id}: revision {revision} is already current")


@authority_app.command("lookup")
def authority_lookup(name: str, data_dir: DataDir = None, as_json: AsJson = False, public: Public = False) -> None:
    """Authority records named NAME in any script or spelling, or by a part of it (a surname), ranked:
    the name as written, normalized, in another script, then by the most shared words."""
    from rich.table import Table

    archive = archive_for(data_dir)
    matches = guarded(lambda: archive.lookup(name, viewer(public)))
    if as_json:
        print_json([m.__dict__ for m in matches])
        return
    if not matches:
        out.print(f"no authority record matches {name!r}")
        raise typer.Exit(1)
    table = Table("id", "kind", "preferred", "matched form", "lang", "scheme", "match")
    for m in matches:
        table.add_row(m.record_id, m.kind, m.preferred, m.matched, m.lang or "", m.scheme or "", m.how)
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command()(show)
    app.command("list")(list_records)
    app.command()(revisions)
    app.command()(restore)
    app.add_typer(authority_app, name="authority")
