"""The fixity check: re-hash every stored original and report what is missing or damaged.

The originals listed in the store (hash and size, in hash order) are walked beside what their home
holds (a folder or an S3 bucket, also in hash order), so a missing file is found without asking
for it and memory stays one page of the list and one block of a file, whatever the archive's size:

- listed and held: read through, hashed, compared with its hash and listed size (``mismatch``);
  a read that fails is ``unreadable`` (a permission, a network error) and the run goes on;
- listed, not held: ``missing``;
- held, not listed: counted as ``unlisted`` (an upload stopped between storing the bytes and
  recording them leaves one; harmless, never deleted here).

Each problem names the documents holding the original. The run's row (store.fixity) holds its
progress and result, so the CLI, the API and the staff page read it wherever the check runs: a
thread of this process (SQLite, or `opis fixity` itself) or an `opis worker` (the PostgreSQL queue).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from opis.store.archive import Archive
from opis.store.fixity import COUNTS, begin, finish, holders, listed, report
from opis.store.originals import OriginalMissing, Originals, rehash

REPORT_EVERY_S = 1.0  # how often a run's progress is written to the store
log = logging.getLogger(__name__)

Progress = Callable[[dict[str, int], int], object]


class OutOfOrder(RuntimeError):
    """The originals' home listed hashes out of order: the walk beside the store's list would be wrong."""


def ascending(hashes: Iterable[str]) -> Iterator[str]:
    last = ""
    for sha in hashes:
        if sha <= last:
            raise OutOfOrder(f"the originals' home listed {sha} after {last}; the check needs them in order")
        last = sha
        yield sha


def paired(store: Iterable[tuple[str, int]], held: Iterable[str]) -> Iterator[tuple[str, int | None, bool]]:
    """(sha256, listed size or None, held) for every hash in either sorted sequence, in order."""
    home = iter(held)
    nxt = next(home, None)
    for sha, size in store:
        while nxt is not None and nxt < sha:
            yield nxt, None, True
            nxt = next(home, None)
        if nxt == sha:
            yield sha, size, True
            nxt = next(home, None)
        else:
            yield sha, size, False
    while nxt is not None:
        yield nxt, None, True
        nxt = next(home, None)


def _problem(sha: str, kind: str, size: int, message: str, found: str | None = None,
             found_size: int | None = None) -> dict[str, Any]:
    return {"sha256": sha, "problem": kind, "size": size, "found_sha256": found, "found_size": found_size,
            "message": message}


def check(archive: Archive, run_id: str, progress: Progress | None = None) -> dict[str, int]:
    """Run fixity check ``run_id`` (recorded by store.fixity.start_run); return its counts. A failure
    of the check itself (the store or the bucket unreachable) ends the run "broken" and is raised."""
    originals = archive.originals
    total = begin(archive, run_id, originals.describe())
    counts = dict.fromkeys(COUNTS, 0)
    problems: list[dict[str, Any]] = []
    reported = time.monotonic()
    try:
        for sha, size, held in paired(listed(archive), ascending(originals.hashes())):
            if size is None:
                counts["unlisted"] += 1
                continue
            found = _one(originals, sha, size, held, counts)
            if found is not None:
                problems.append(found)
            if time.monotonic() - reported >= REPORT_EVERY_S:
                report(archive, run_id, counts)
                reported = time.monotonic()
            if progress is not None:
                progress(counts, total)
    except Exception as exc:
        finish(archive, run_id, counts, problems, "broken", f"{type(exc).__name__}: {exc}")
        raise
    documents = holders(archive, [p["sha256"] for p in problems])
    for p in problems:
        p["documents"] = documents.get(p["sha256"], [])
    failed = counts["missing"] + counts["mismatched"] + counts["unreadable"]
    finish(archive, run_id, counts, problems, "failed" if failed else "passed")
    if progress is not None:
        progress(counts, total)
    return counts


def _one(originals: Originals, sha: str, size: int, held: bool, counts: dict[str, int]) -> dict[str, Any] | None:
    """Check one listed original; its problem, or None if its bytes are whole."""
    counts["checked"] += 1
    if not held:
        counts["missing"] += 1
        return _problem(sha, "missing", size, "nothing is stored under this hash")
    try:
        got, got_size = rehash(originals, sha)
    except OriginalMissing:  # removed between the listing and the read
        counts["missing"] += 1
        return _problem(sha, "missing", size, "nothing is stored under this hash")
    except Exception as exc:  # a permission, a network error: say so and check the others
        counts["unreadable"] += 1
        return _problem(sha, "unreadable", size, f"{type(exc).__name__}: {exc}")
    counts["bytes"] += got_size
    if got == sha and got_size == size:
        return None
    counts["mismatched"] += 1
    return _problem(sha, "mismatch", size, "the stored bytes do not have this hash" if got != sha
                    else "the stored size differs from the listed size", got, got_size)
