"""`opis ingest`: bring files and folders in, with a progress bar and a summary of each file's outcome."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opis.cli.common import (
    AsJson,
    DataDir,
    archive_for,
    err,
    fail,
    guarded,
    load_plugins,
    out,
    print_json,
    settings_for,
)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from opis.config import Settings
    from opis.jobs.ingest import IngestRequest
    from opis.store.archive import Archive

STATUS_STYLE = {"ingested": "green", "duplicate": "cyan", "failed": "red", "awaiting-ocr": "yellow"}


def ingest(paths: Annotated[list[Path], typer.Argument(help="Files and folders (recursive).")],
           data_dir: DataDir = None,
           collection: Annotated[str | None, typer.Option(help="Put every document in this collection.")] = None,
           language: Annotated[list[str] | None, typer.Option(help="Language(s) of the files, e.g. ru ko.")] = None,
           jobs: Annotated[int, typer.Option(min=1, help="Files parsed in parallel.")] = 1,
           retry_timeouts: Annotated[bool, typer.Option(
               help="Parse again files whose parser ran out of time in an earlier run.")] = False,
           as_json: AsJson = False) -> None:
    """Ingest files: store originals unchanged, read their text (OCR for scans), extract, record. With
    OPIS_JOB_QUEUE=postgres the files are queued for `opis worker` processes and this follows the job."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from opis.ingest.base import ParseOptions
    from opis.jobs.ingest import IngestRequest, run_ingest
    from opis.store.ingestlog import job_status

    load_plugins()
    settings = settings_for(data_dir)
    archive = archive_for(data_dir)
    langs = tuple(language or ())
    request = IngestRequest(paths=tuple(paths), collection=collection, languages=langs, jobs=jobs,
                            options=ParseOptions(languages=langs), retry_timeouts=retry_timeouts)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[pages]}"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=as_json) as bar:
        task = bar.add_task("ingest", total=None, pages="0 pages")
        pages = [0]

        def tick(outcome: object, n: int, total: int) -> None:
            pages[0] += getattr(outcome, "pages", 0)
            bar.update(task, completed=n, total=total, pages=f"{pages[0]} pages")

        if settings.job_queue == "postgres":
            job = guarded(lambda: _queued(archive, settings, request, bar, task))
        else:
            job = guarded(lambda: run_ingest(archive, request, tick))
    status = job_status(archive, job)
    status["index"] = _catch_up_index(archive, settings.index_dir)
    if as_json:
        print_json(status)
    else:
        _summary(status)
        out.print(status["index"])
    if status["counts"]["failed"]:
        raise typer.Exit(2)


def _queued(archive: Archive, settings: Settings, request: IngestRequest, bar: Progress, task: TaskID) -> str:
    """Queue the files for `opis worker` processes (OPIS_JOB_QUEUE=postgres) and follow the job in the
    store until every file has its outcome, whichever worker does it."""
    import time

    from opis.jobs.runner import OnQueue
    from opis.store.ingestlog import job_status

    job = OnQueue(archive, settings.incoming_dir).submit(request)
    err.print(f"queued as {job}; `opis worker` processes run it (Ctrl-C stops waiting, not the job)")
    while True:
        status = job_status(archive, job)
        pages = sum(int(f["pages"]) for f in status["files"])
        ocr = status["ocr_pages"]  # scans read page by page, by any worker: their pages read so far
        shown = f"{pages} pages" + (f", OCR {ocr['read']}/{ocr['total']} pages" if ocr["total"] else "")
        bar.update(task, completed=status["done"], total=status["total"], pages=shown)
        if status["status"] != "queued":
            return job
        time.sleep(0.5)


def _catch_up_index(archive: Archive, index_dir: Path) -> str:
    """Bring the search index up to the store now, unless a running server holds it (it will)."""
    from opis.index import IndexBusy, Indexer, SearchIndex

    try:
        index = SearchIndex.open(index_dir)
        applied = Indexer(archive, index).catch_up()
        index.release_writer()
    except IndexBusy:
        return "search index: a running server holds it and applies the changes itself"
    return f"search index: {applied} changes applied"


def _summary(status: dict[str, object]) -> None:
    from rich.table import Table

    files = status["files"]
    assert isinstance(files, list)
    table = Table("file", "outcome", "records", "pages", "reason", title=f"ingest {status['id']}")
    for f in files:
        style = STATUS_STYLE.get(f["status"], "")
        table.add_row(f["path"], f"[{style}]{f['status']}[/]", str(f["records"]), str(f["pages"]), f["message"])
    out.print(table)
    counts = status["counts"]
    assert isinstance(counts, dict)
    out.print(", ".join(f"{n} {k}" for k, n in counts.items()))


def ocr_words(doc_id: Annotated[str | None, typer.Argument(help="The document whose scans to read.")] = None,
              all_files: Annotated[bool, typer.Option(
                  "--all", help="Every stored image and PDF that has no OCR words yet.")] = False,
              data_dir: DataDir = None,
              language: Annotated[list[str] | None, typer.Option(help="Language(s) of the pages, e.g. ru ko.")] = None,
              as_json: AsJson = False) -> None:
    """Read OCR word boxes for stored scans that have none (files ingested before they were kept), for
    search inside a scan. Only the words are added: originals, records and their texts stay as they are.
    A file that has words already is left alone, so running it again changes nothing."""
    from opis.ingest.base import ParseOptions
    from opis.jobs.ocrwords import OcrUnavailable, WordsOutcome, files_to_read, read_words

    if all_files == bool(doc_id):
        fail("give a document id or --all (one of them)")
    load_plugins()
    archive = archive_for(data_dir)
    files = guarded(lambda: files_to_read(archive, doc_id))
    langs = tuple(language or ())

    def tick(outcome: WordsOutcome, n: int, total: int) -> None:
        if as_json:
            return
        done = f"{outcome.words} words on {outcome.pages} page(s)" if outcome.status == "filled" else outcome.status
        note = f" — {outcome.message}" if outcome.message else ""
        err.print(f"[{n}/{total}] {outcome.filename} ({outcome.sha256[:12]}): {done}{note}", highlight=False,
                  soft_wrap=True)

    try:
        outcomes = read_words(archive, files, ParseOptions(languages=langs), tick)
    except OcrUnavailable as exc:
        fail(str(exc))
    counts = {s: sum(o.status == s for o in outcomes) for s in ("filled", "had words", "no words", "failed")}
    if as_json:
        print_json({"files": [o.as_dict() for o in outcomes], "counts": counts})
    else:
        out.print(f"{len(outcomes)} file(s): " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    if counts["failed"]:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command("ocr-words")(ocr_words)
