"""Which files a batch takes from the paths it was given, and which it refuses before reading.

A folder is walked in a fixed order (sorted, hidden entries skipped). Links are never followed
out of the folder given: a link to a file elsewhere (``/etc/passwd``) is refused with a reason,
so nothing from outside the folder can become a document. A link to a folder is not followed
either (it could loop, or lead anywhere); it too is answered with a reason instead of being
passed over in silence. A path named on the command line is taken as named: the caller chose it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    """One path of the batch; ``refused`` is the reason it is not read at all, if any."""

    path: Path
    refused: str | None = None


def walk(paths: Iterable[Path]) -> Iterator[Entry]:
    """Files named, and files under folders named (recursively, sorted, hidden ones skipped)."""
    for path in paths:
        if path.is_dir():
            yield from _folder(path)
        else:
            yield Entry(path)  # a missing or unreadable path is reported by the parse step, not skipped


def _folder(top: Path) -> Iterator[Entry]:
    root = os.path.realpath(top)
    unreadable: list[OSError] = []
    for here, dirs, files in os.walk(top, onerror=unreadable.append):  # never descends into linked folders
        yield from _refused_folders(unreadable)
        linked = sorted(d for d in dirs if not d.startswith(".") and os.path.islink(os.path.join(here, d)))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in linked)
        names = sorted([*files, *linked])
        for name in names:
            if not name.startswith("."):
                yield _entry(Path(here) / name, root)
    yield from _refused_folders(unreadable)


def _refused_folders(errors: list[OSError]) -> Iterator[Entry]:
    """A folder the walk could not list is an outcome too, not a silent gap."""
    while errors:
        exc = errors.pop(0)
        yield Entry(Path(exc.filename or "?"), f"{exc.filename}: folder cannot be read ({exc.strerror or exc})")


def _entry(path: Path, root: str) -> Entry:
    if not path.is_symlink():
        return Entry(path)
    target = os.path.realpath(path)
    if os.path.commonpath([root, target]) != root:
        return Entry(path, f"{path}: a link to a file outside the folder being ingested; not followed")
    if os.path.isdir(target):
        return Entry(path, f"{path}: a link to a folder; links to folders are not followed")
    return Entry(path)
