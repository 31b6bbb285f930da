"""What every command group shares: the data-folder option, opening the archive, printing, and
turning the errors a user can cause into one line on standard error and a non-zero exit.

Kept light on purpose: every command group imports it when ``opis`` starts, so the store, the
index and the web are imported inside the commands that use them, never here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console

from opis.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from rich.progress import Progress

    from opis.plugins import Plugin
    from opis.store.access import Viewer
    from opis.store.archive import Archive

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
    except (ConfigError, ValueError, OSError) as exc:
        fail(str(exc) or type(exc).__name__)
    except Exception as exc:
        # Imported only now: the store's errors bring SQLAlchemy (half a second), which a command
        # that never opens the store (``opis extract`` on a new machine) must not pay for.
        from opis.store.errors import StoreError

        if isinstance(exc, StoreError):
            fail(str(exc) or type(exc).__name__)
        raise


def settings_for(data_dir: Path | None, **overrides: Any) -> Settings:
    return guarded(lambda: load_settings(data_dir=data_dir, **overrides))


def archive_for(data_dir: Path | None) -> Archive:
    from opis.bootstrap import open_archive

    return guarded(lambda: open_archive(settings_for(data_dir)))


def viewer(public: bool) -> Viewer:
    """The CLI reads as the archive's operator; ``--public`` as an anonymous reader."""
    from opis.store.access import ANONYMOUS, SYSTEM

    return ANONYMOUS if public else SYSTEM


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n")


def progress_bar() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err, transient=True)


def load_plugins() -> list[Plugin]:
    """Load the built-in and entry-point plug-ins (once); a broken plug-in is one line and exit 1.
    Only the commands that use a registry call this, so ``opis user list`` stays quick."""
    from opis.plugins import PluginError
    from opis.plugins import load_plugins as load

    try:
        return load()
    except PluginError as exc:
        fail(str(exc))
