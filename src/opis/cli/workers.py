"""`opis worker`: take ingest, OCR page, fixity and re-extraction jobs from the PostgreSQL job queue
(OPIS_JOB_QUEUE=postgres)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from opis.cli import common
from opis.cli.common import DataDir, archive_for, fail, load_plugins, settings_for

if TYPE_CHECKING:
    from opis.store.ingestlog import FileOutcome


def worker(data_dir: DataDir = None,
           heartbeat: Annotated[float, typer.Option(min=0.1, help="Seconds between this worker's heartbeats.")] = 5.0,
           stalled: Annotated[float, typer.Option(
               min=0.5, help="A worker silent this many seconds is taken as dead; its running jobs are retried.")
           ] = 30.0,
           poll: Annotated[float, typer.Option(min=0.1, help="Seconds between looks at the queue (besides "
                                                              "PostgreSQL's notifications).")] = 2.0,
           name: Annotated[str | None, typer.Option(help="This worker's name in the queue's tables.")] = None,
           retry_wait: Annotated[int, typer.Option(
               min=1, help="A job that raises is tried again after this many seconds, then its square, cube "
                           "and fourth power; after that its file is failed.")] = 2,
           keep_hours: Annotated[int, typer.Option(
               min=0, help="Queued jobs that ended are deleted this many hours later (the ingest job's own "
                           "record stays).")] = 168,
           cleanup_every: Annotated[float, typer.Option(
               min=0.1, help="Seconds between looks for ended queued jobs to delete.")] = 600.0,
           ) -> None:
    """Run ingest (and OCR page, fixity, re-extraction) jobs from the job queue until stopped (Ctrl-C or
    SIGTERM). Start as many as you like, on any machine that reaches the PostgreSQL store and shares the
    data folder (its incoming/ and originals/ folders)."""
    from opis.jobs.runner import work
    from opis.store.queue import QueueUnavailable, Timing

    settings = settings_for(data_dir)
    if not settings.url.startswith("postgresql"):
        fail("opis worker needs a PostgreSQL store (OPIS_DATABASE_URL); on SQLite, jobs run in-process")
    load_plugins()
    archive = archive_for(data_dir)
    common.err.print(f"opis worker: taking jobs from {archive.engine.url.render_as_string(hide_password=True)}")
    me = name or "opis-worker"

    def done(job: str, position: int, outcome: FileOutcome | None) -> None:
        said = f"{outcome.path}: {outcome.status}" if outcome else "recorded before (a retry)"
        common.err.print(f"{me} took {job} #{position}: {said}", highlight=False, soft_wrap=True)

    def page_done(job: str, position: int, page: int, did: bool) -> None:
        said = "read page" if did else "found read already page"
        common.err.print(f"{me} {said} {page} of {job} #{position}", highlight=False, soft_wrap=True)

    try:
        work(archive, settings.incoming_dir, Timing(heartbeat, stalled, poll, retry_wait, keep_hours, cleanup_every),
             name, done, page_done)
    except QueueUnavailable as exc:
        fail(str(exc))


def register(app: typer.Typer) -> None:
    app.command()(worker)
