"""The single writer of an ingest batch, alone: CPU per file and statements per file, two trees side by side.

    .venv/bin/python bench/ingest/writer.py --old OTHER/src [--rounds 3] [--n 40] [--profile]

The bench's mixed English/Russian texts (``run.make_texts``, seed 18) are parsed and extracted in
the child process first (names linked to an empty archive's authorities, as a first ingest does),
untimed; then what the writer thread of ``opis ingest`` does with them is timed: ``store_one`` for
each file in order (the original's row, the records with their revisions, derived rows, statements
and outbox, the outcome row, the witness look-up), on a fresh SQLite archive, CPU time of the child
(``time.process_time``) and the SQL statements sent to the database (counted on the engine). The
two trees take turns (``alternate.py``); the table gives the median over rounds. ``--profile``
prints a cProfile table of the writer on this tree instead.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from alternate import ab_parser, alternating  # noqa: E402
from run import make_texts  # noqa: E402


def _prepared(n: int, data: Path) -> tuple[Any, list[Any], Any]:
    """A fresh archive, the parsed and extracted files (``jobs.ingest.Parsed``) and the request."""
    import random

    from opis.config import Settings
    from opis.extract.pipeline import extract_all
    from opis.ingest.files import hash_file
    from opis.ingest.parse import parse_file
    from opis.jobs.ingest import IngestRequest, Parsed, authority_index
    from opis.jobs.records import FileFacts, records_from
    from opis.store.archive import Archive

    archive = Archive.open(Settings(data_dir=data / "data", load_sample=False))
    folder = data / "texts"
    make_texts(folder, n, random.Random(18))
    names = authority_index(archive)
    request = IngestRequest(paths=(folder,))
    items = []
    for path in sorted(folder.iterdir()):
        sha, _ = hash_file(path, request.options.max_bytes)
        parsed = parse_file(path, request.options)
        facts = FileFacts(sha, path.name, parsed.media_type, None, ())
        records = records_from(parsed, facts, lambda text, lang: extract_all(text, lang, names))
        items.append(Parsed(path, sha, parsed, records=records, stored=archive.originals.put_file(path)))
    return archive, items, request


def _write(archive: Any, items: list[Any], request: Any) -> None:
    from opis.jobs.ingest import store_one
    from opis.store.ingestlog import finish_job, start_job

    job = start_job(archive, request.actor, len(items), {"paths": []})
    for position, item in enumerate(items, 1):
        store_one(archive, item, request, job, position)
    finish_job(archive, job)


def child(n: int, profile: bool) -> dict[str, float]:
    from sqlalchemy import event

    with tempfile.TemporaryDirectory() as tmp:
        archive, items, request = _prepared(n, Path(tmp))
        sent = [0]

        @event.listens_for(archive.engine, "before_cursor_execute")
        def _count(*_args: Any) -> None:
            sent[0] += 1

        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile(time.process_time)  # CPU: the machine is shared
            profiler.enable()
            _write(archive, items, request)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(os.environ.get("PROFILE_MATCH") or 45)
            return {}
        started = time.process_time()
        _write(archive, items, request)
        cpu = time.process_time() - started
        archive.engine.dispose()
    return {"cpu_ms_per_file": cpu * 1000 / n, "statements_per_file": sent[0] / n}


def main() -> int:
    parser = ab_parser(__doc__.splitlines()[0], rounds=3, n=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.child or args.profile:
        print(json.dumps(child(args.n, args.profile)))
        return 0
    if args.old is None:
        parser.error("--old is required unless --child or --profile")
    new = HERE.parents[1] / "src"
    runs = alternating(__file__, {"old": args.old, "new": new}, args.rounds, args.n)
    print(f"| the writer, {args.n} bench texts | old | new | old ÷ new |\n|---|---|---|---|")
    for key, label in (("cpu_ms_per_file", "CPU ms per file"), ("statements_per_file", "SQL statements per file")):
        old = statistics.median(r[key] for r in runs["old"])
        now = statistics.median(r[key] for r in runs["new"])
        print(f"| {label} | {old:.2f} | {now:.2f} | {old / now:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
