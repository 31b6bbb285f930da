"""`opis fixity`: re-hash every stored original, with a progress bar; exit 3 when any is missing,
damaged or unreadable (2 is the usage error of the command line, 1 a failure of the check itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from opis.cli.common import AsJson, DataDir, archive_for, err, fail, guarded, out, print_json, settings_for

if TYPE_CHECKING:
    from opis.store.archive import Archive

PROBLEMS = 3  # the exit status when the check found something wrong
POLL_S = 0.3
STYLE = {"passed": "green", "failed": "red", "broken": "red"}


def fixity(data_dir: DataDir = None, as_json: AsJson = False,
           show: Annotated[int, typer.Option(min=0, help="Problems listed in the table (all with --json).")] = 50,
           ) -> None:
    """Re-hash every stored original (a folder or an S3 bucket) and report the missing and damaged ones
    with the documents holding them. The run is recorded in the store (`/fixity` shows it). With
    OPIS_JOB_QUEUE=postgres an `opis worker` runs it and this follows its progress."""
    from opis.cli.accounts import cli_actor
    from opis.jobs.runner import runner_for

    settings = settings_for(data_dir)
    archive = archive_for(data_dir)
    runner = guarded(lambda: runner_for(archive, settings))
    run = guarded(lambda: runner.check_fixity(cli_actor()))
    if settings.job_queue == "postgres":
        err.print(f"queued as {run}; an `opis worker` runs it (Ctrl-C stops waiting, not the check)")
    status = _follow(archive, run, as_json)
    if as_json:
        print_json(status)
    else:
        _summary(status, show)
    if status["status"] == "broken":
        fail(f"the fixity check {run} could not finish: {status['message']}")
    if status["problem_count"]:
        raise typer.Exit(PROBLEMS)


def _follow(archive: Archive, run: str, quiet: bool) -> dict[str, Any]:
    """Read the run's progress from the store until it ends, whichever process runs it."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from opis.store.fixity import ENDED, run_status

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[mb]} MB"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("fixity", total=None, mb=0)
        while True:
            status = run_status(archive, run)
            total = status["total"] if status["status"] != "queued" else None
            bar.update(task, completed=status["checked"], total=total, mb=status["bytes"] >> 20)
            if status["status"] in ENDED:
                return status
            time.sleep(POLL_S)


def _summary(status: dict[str, Any], show: int) -> None:
    from rich.table import Table

    style = STYLE.get(status["status"], "")
    out.print(f"fixity {status['id']} of {status['place']}: [{style}]{status['status']}[/]", highlight=False)
    out.print(f"{status['checked']} of {status['total']} originals checked ({status['bytes']} bytes); "
              f"{status['missing']} missing, {status['mismatched']} damaged, {status['unreadable']} unreadable, "
              f"{status['unlisted']} stored but not listed", highlight=False)
    problems = status["problems"]
    if not problems or not show:
        return
    table = Table("sha256", "problem", "documents", "detail")
    for p in problems[:show]:
        docs = ", ".join(f"{d['id']} ({d['title']})" for d in p.get("documents", [])) or "none"
        table.add_row(p["sha256"], p["problem"], docs, p["message"])
    out.print(table)
    if len(problems) > show:
        out.print(f"… and {len(problems) - show} more (--json lists them)")


def register(app: typer.Typer) -> None:
    app.command()(fixity)
