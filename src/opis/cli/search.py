"""``opis search``, ``opis reindex`` and ``opis index snapshot|restore``; ``register(app)`` adds them.

Like the other commands, search reads as the archive's operator unless ``--public`` is given.
Before searching it applies any outbox rows the index has not seen (if no server holds the
index writer), so the answer includes what was just saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opis.cli.common import (
    AsJson,
    DataDir,
    Public,
    archive_for,
    fail,
    guarded,
    out,
    print_json,
    progress_bar,
    settings_for,
    viewer,
)

if TYPE_CHECKING:
    from opis.index.snapshot import Snapshot
    from opis.store.archive import Archive


def _filters(values: list[str]) -> dict[str, list[str]]:
    from opis.index import fields

    out: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not value:
            fail(f"--facet takes NAME=VALUE, e.g. repository=RGAE (names: {', '.join(fields.FACETS)})")
        out.setdefault(name.strip(), []).append(value.strip())
    return out


def search_command(
    query: Annotated[str, typer.Argument(help="Words, \"phrases\", AND/OR/NOT, field:value, prefix*, fuzzy~.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
    limit: Annotated[int, typer.Option(help="How many hits.")] = 10,
    offset: Annotated[int, typer.Option(help="How many hits to skip.")] = 0,
    show_facets: Annotated[bool, typer.Option("--facets", help="Show facet counts.")] = False,
    date_from: Annotated[str | None, typer.Option("--from", help="EDTF date: from its earliest day.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="EDTF date: to its latest day.")] = None,
    exact: Annotated[bool, typer.Option("--exact", help="No cross-script or variant-name expansion.")] = False,
    sort: Annotated[str, typer.Option(help="relevance or date.")] = "relevance",
    facet: Annotated[list[str] | None, typer.Option("--facet", help="Filter NAME=VALUE (repeatable).")] = None,
    public: Public = False,
) -> None:
    """Search the documents."""
    from opis.index import IndexBusy, Indexer, SearchIndex, SearchRequest, search
    from opis.index.storecheck import visible_ids

    settings = settings_for(data_dir)
    archive = archive_for(data_dir)
    index = guarded(lambda: SearchIndex.open(settings.index_dir))
    try:
        Indexer(archive, index).catch_up()
    except IndexBusy:
        pass  # a running server keeps the index current
    finally:
        index.release_writer()
    req = SearchRequest(q=query, filters=_filters(facet or []), date_from=date_from, date_to=date_to, sort=sort,
                        offset=offset, limit=limit, facets=show_facets, exact=exact)
    # The store check: with a server holding the writer the index may be a moment behind the store.
    results = guarded(lambda: search(index, req, viewer(public), archive.today(),
                                     visible_ids(archive, viewer(public))))
    if as_json:
        print_json({"query": query, **results.to_json()})
        return
    _print_table(results, query)


def _print_table(results: object, query: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from opis.index.search import SearchResults

    assert isinstance(results, SearchResults)
    table = Table("id", "date", "score", "title / snippet", title=f"{results.total} documents match {query!r}")
    for hit in results.hits:
        snippet = (hit.snippet or "").replace("<mark>", "\x00").replace("</mark>", "\x01")
        shown = escape(_unescape(snippet)).replace("\x00", "[bold yellow]").replace("\x01", "[/]")
        date = (hit.date or {}).get("edtf", "")
        table.add_row(hit.id, date, "" if hit.score is None else f"{hit.score:.2f}",
                      f"[bold]{escape(hit.title)}[/]\n{shown}")
    out.print(table)
    for name, buckets in (results.facets or {}).items():
        if buckets:
            out.print(f"[bold]{name}[/]: " + ", ".join(f"{escape(b['value'])} ({b['count']})" for b in buckets[:12]))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def reindex_command(data_dir: DataDir = None,
                    queue: Annotated[bool, typer.Option(
                        "--queue", help="Mark every document for re-indexing in the store's outbox instead, so "
                                        "every node's running indexer re-reads them (scale-out).")] = False,
                    collection: Annotated[str | None, typer.Option(
                        help="With --queue: only the documents of this collection (its id).")] = None,
                    as_json: AsJson = False) -> None:
    """Rebuild the search index from the store (the store is the record; the index is derived)."""
    from opis.index import rebuild

    settings = settings_for(data_dir)
    archive = archive_for(data_dir)
    if queue or collection:
        _queue_reindex(archive, collection, as_json)
        return
    with progress_bar() as bar:
        task = bar.add_task("reindex", total=None)
        n = guarded(lambda: rebuild(archive, settings.index_dir, lambda i, t: bar.update(task, completed=i, total=t)))
    out.print(f"indexed {n} documents in {settings.index_dir}")


def _queue_reindex(archive: Archive, collection: str | None, as_json: bool) -> None:
    """One outbox row per document, a batch per transaction: each node's indexer applies them as it
    applies saves; nothing here touches an index."""
    from opis.store.reextract import document_ids, mark_for_reindex

    ids = guarded(lambda: document_ids(archive, collection))
    with progress_bar() as bar:
        task = bar.add_task("marking", total=len(ids))
        n = guarded(lambda: mark_for_reindex(archive, ids, progress=lambda i: bar.update(task, completed=i)))
    if as_json:
        print_json({"marked": n, "collection": collection})
    else:
        out.print(f"marked {n} documents for re-indexing; every node's indexer picks them up from the outbox",
                  highlight=False)


def snapshot_command(dest: Annotated[Path, typer.Argument(help="New folder to write the snapshot into.")],
                     data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Copy this node's committed index, with the outbox position it has applied, into DEST
    (safe while `opis serve` runs on the index). Another node restores it with `opis index restore`."""
    from opis.index.snapshot import SnapshotError, take

    settings = settings_for(data_dir)
    try:
        found = take(settings.index_dir, dest)
    except SnapshotError as exc:
        fail(str(exc))
    _said(found, f"snapshot of {settings.index_dir} in {dest}", as_json)


def restore_command(src: Annotated[Path, typer.Argument(help="A folder written by `opis index snapshot`.")],
                    data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Make a copy of the snapshot in SRC this node's index; the node then follows the outbox from
    the snapshot's position (a running server switches to it as after a rebuild)."""
    from opis.index.snapshot import SnapshotError, read, restore

    settings = settings_for(data_dir)
    try:
        found = read(src)
        gen = restore(src, settings.index_dir)
    except SnapshotError as exc:
        fail(str(exc))
    _said(found, f"restored {src} into {gen.path}", as_json)


def _said(found: Snapshot, line: str, as_json: bool) -> None:
    if as_json:
        print_json({"path": str(found.path), "documents": found.documents, "segments": found.segments,
                    "taken_at": found.taken_at, "source": found.source, "position": found.position.to_json()})
    else:
        out.print(f"{line}: {found.documents} documents, outbox applied to seq {found.position.seq}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``search``, ``reindex`` and the ``index`` group to ``app``."""
    app.command("search")(search_command)
    app.command("reindex")(reindex_command)
    index = typer.Typer(help="Copy a node's search index to another node (docs/scale-out.md).", no_args_is_help=True)
    index.command("snapshot")(snapshot_command)
    index.command("restore")(restore_command)
    app.add_typer(index, name="index")
