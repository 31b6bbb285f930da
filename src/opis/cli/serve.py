"""`opis init` and `opis serve`: make the store, and serve the reading room and the API."""

from __future__ import annotations

from typing import Annotated

import typer

from opis.cli.common import DataDir, archive_for, err, guarded, load_plugins, out, progress_bar, settings_for


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


def serve(data_dir: DataDir = None,
          host: Annotated[str | None, typer.Option(help="Address to listen on (env OPIS_HOST).")] = None,
          port: Annotated[int | None, typer.Option(help="Port (env OPIS_PORT).")] = None,
          no_sample: Annotated[bool, typer.Option("--no-sample", help="Do not load the sample when empty.")] = False,
          ) -> None:
    """Serve the reading room and the JSON API (loads the sample collection on first start)."""
    import uvicorn

    from opis.bootstrap import ensure_ready
    from opis.web.app import create_app
    from opis.web.core.limits import serve_options

    settings = settings_for(data_dir, host=host, port=port, load_sample=False if no_sample else None)
    load_plugins()  # create_app loads them too; here a broken plug-in is one line, not a traceback
    archive = guarded(lambda: ensure_ready(settings))
    err.print(f"opis: reading room on http://{settings.host}:{settings.port}/ (data in {settings.data_dir})")
    if not archive.accounts.has_users():
        err.print("opis: no accounts yet; to edit, make one: opis user add NAME --role admin")
    uvicorn.run(create_app(settings, archive), host=settings.host, port=settings.port, log_level="warning",
                **serve_options(settings))


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(serve)
