"""`opis reextract`: the current extractors over stored documents (all, a collection or some ids), in
batches of documents, with a progress bar read from the store whichever process runs the batches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from opis.cli.common import AsJson, DataDir, archive_for, err, fail, guarded, out, print_json, settings_for

if TYPE_CHECKING:
    from opis.store.archive import Archive

POLL_S = 0.3


def reextract(ids: Annotated[list[str] | None, typer.Argument(help="Document ids (default: all documents).")] = None,
              collection: Annotated[str | None, typer.Option(help="Only the documents of this collection (its id).")]
              = None,
              data_dir: DataDir = None, as_json: AsJson = False,
              wait: Annotated[bool, typer.Option(help="Follow the run until it ends.")] = True) -> None:
    """Run the current extractors again over stored documents, from their stored text, after the
    extractors or their vocabulary changed. A document whose findings changed gets a new revision (and
    is re-indexed); unchanged ones get none; a rejected statement stays rejected. With
    OPIS_JOB_QUEUE=postgres `opis worker`s run the batches and this follows their progress."""
    from opis.cli.accounts import cli_actor
    from opis.jobs.runner import runner_for
    from opis.store.reextract import document_ids

    settings = settings_for(data_dir)
    archive = archive_for(data_dir)
    chosen = guarded(lambda: document_ids(archive, collection, ids or ()))
    if ids and not chosen:
        fail("none of the given ids is a stored document")
    runner = guarded(lambda: runner_for(archive, settings))
    scope: dict[str, Any] = {"collection": collection, "ids": list(ids or [])}
    run = guarded(lambda: runner.reextract(cli_actor(), scope, chosen))
    if settings.job_queue == "postgres":
        err.print(f"queued as {run}; `opis worker`s run it (Ctrl-C stops waiting, not the run)")
    status = _follow(archive, run, as_json, wait)
    if as_json:
        print_json(status)
    if status["status"] == "broken":
        fail(f"the re-extraction {run} stopped: {status['message']} (the batches done are kept; run it again)")
    if as_json:
        return
    out.print(f"re-extraction {run}: {status['done']} of {status['total']} documents done, "
              f"{status['changed']} changed, {status['failed']} could not be read", highlight=False)


def _follow(archive: Archive, run: str, quiet: bool, wait: bool) -> dict[str, Any]:
    """Read the run's progress from the store until it ends (or once, not waiting)."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from opis.jobs.runner import reextract_given_up
    from opis.store.reextract import run_status

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("re-extract", total=None)
        while True:
            status = run_status(archive, run)
            if status["status"] == "running" and reextract_given_up(archive, run):
                status = run_status(archive, run)
            bar.update(task, completed=status["done"], total=status["total"])
            if status["status"] != "running" or not wait:
                return status
            time.sleep(POLL_S)


def register(app: typer.Typer) -> None:
    app.command()(reextract)
