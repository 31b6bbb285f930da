"""Dump extractor findings over a fixed corpus, and check that a later version finds exactly the same.

    .venv/bin/python bench/ingest/same_findings.py dump BEFORE.json [--keys dates,quantities,rates]
    .venv/bin/python bench/ingest/same_findings.py check BEFORE.json      # dump now, compare with BEFORE
    .venv/bin/python bench/ingest/same_findings.py compare BEFORE.json AFTER.json

For speed work that must not change what is found: dump with the old code (e.g. PYTHONPATH pointing
at a checkout of main), change the code, then ``check``. The corpus is every text-like file under
tests/data (devset texts, real documents, TEI and XML as raw text), the seeds and shared data in
/work/shared (when present), the bench texts textpath.py times (``run.make_texts``, seed 18), and
scrambles: texts stitched from random pieces (tokens with the whitespace before them) of all of
those, seeded, so that grammar paths the real texts never reach get exercised too. Each text
goes through ``extract_all`` (the keys asked for and what they require), and every short line also
through the string-level readers other modules call: ``read_date``, ``parse_quantity``,
``parse_number``, ``find_dates`` and ``find_quantities``.

Exit status 0 when the findings are the same, 1 with the first differences otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "ingest"))

from run import make_texts  # noqa: E402

TEXT_SUFFIXES = (".txt", ".xml", ".html", ".md", ".json", ".csv")
SHARED = Path("/work/shared")
PIECE = re.compile(r"\s*\S+")
SHORT_LINE = 80  # characters: the readers for single values get lines up to this long


def corpus(shared: Path, bench: int, scrambles: int) -> Iterator[tuple[str, str]]:
    """(name, text) pairs, in a fixed order."""
    files = sorted(p for p in (ROOT / "tests" / "data").rglob("*") if p.suffix in TEXT_SUFFIXES)
    if shared.is_dir():
        files += sorted(p for p in shared.rglob("*") if p.is_file() and p.suffix in (*TEXT_SUFFIXES, ""))
    texts: list[tuple[str, str]] = []
    for path in files:
        try:
            texts.append((str(path), path.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, OSError):
            continue
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        make_texts(folder, bench, random.Random(18))
        texts += [(f"bench/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir())]
    yield from texts
    pieces = [m.group() for _, text in texts for m in PIECE.finditer(text)]
    rng = random.Random(18)
    for k in range(scrambles):
        # Runs of neighbouring pieces keep real phrases whole; the joins between runs make new ones.
        out: list[str] = []
        while len(out) < 600:
            at = rng.randrange(len(pieces))
            out.extend(pieces[at:at + rng.randint(1, 12)])
        yield f"scramble/{k}", "".join(out)


def findings(text: str, keys: tuple[str, ...]) -> dict[str, Any]:
    from opis.extract.dates.query import read_date
    from opis.extract.dates.running import find_dates
    from opis.extract.numbers import parse_number
    from opis.extract.pipeline import extract_all
    from opis.extract.quantities.extractor import find_quantities, parse_quantity

    found = extract_all(text, only=keys)
    lines = [line for line in text.splitlines() if 0 < len(line.strip()) <= SHORT_LINE]
    found["lines"] = [[read_date(line), parse_quantity(line), str(parse_number(line)), find_dates(line),
                       find_quantities(line)] for line in lines]
    return found


def dump(shared: Path, keys: tuple[str, ...], bench: int, scrambles: int) -> dict[str, Any]:
    from opis.plugins import load_plugins

    load_plugins()
    return {"keys": list(keys), "texts": {name: findings(text, keys) for name, text in
                                         corpus(shared, bench, scrambles)}}


def differences(before: dict[str, Any], after: dict[str, Any], most: int = 10) -> list[str]:
    out: list[str] = []
    old, new = before["texts"], after["texts"]
    for name in sorted(set(old) | set(new)):
        if name not in old or name not in new:
            out.append(f"{name}: only in {'after' if name in new else 'before'}")
            continue
        for key in sorted(set(old[name]) | set(new[name])):
            a, b = old[name].get(key), new[name].get(key)
            if a != b:
                out.append(f"{name} [{key}]: {_first_difference(a, b)}")
        if len(out) >= most:
            break
    return out[:most]


def _first_difference(a: Any, b: Any) -> str:
    if isinstance(a, list) and isinstance(b, list):
        for k, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return f"item {k}: {json.dumps(x, ensure_ascii=False)} -> {json.dumps(y, ensure_ascii=False)}"
        return f"{len(a)} items -> {len(b)} items"
    return f"{json.dumps(a, ensure_ascii=False)[:300]} -> {json.dumps(b, ensure_ascii=False)[:300]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("dump", "check", "compare"))
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--keys", default="dates,quantities,rates")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--bench", type=int, default=40, help="bench texts (as textpath.py makes them)")
    parser.add_argument("--scrambles", type=int, default=300)
    args = parser.parse_args()
    keys = tuple(k for k in args.keys.split(",") if k)

    def read(path: Path) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    if args.action == "dump":
        args.files[0].write_text(json.dumps(dump(args.shared, keys, args.bench, args.scrambles), ensure_ascii=False),
                                 encoding="utf-8")
        return 0
    before = read(args.files[0])
    if args.action == "compare":
        after = read(args.files[1])
    else:
        # Through JSON, as the dump was: tuples become lists on both sides.
        after = json.loads(json.dumps(dump(args.shared, tuple(before["keys"]), args.bench, args.scrambles),
                                      ensure_ascii=False))
    diffs = differences(before, after)
    count = sum(len(v.get(k, [])) for v in before["texts"].values() for k in before["keys"])
    if diffs:
        print("DIFFERENT:\n" + "\n".join(diffs))
        return 1
    print(f"same findings: {len(before['texts'])} texts, {count} findings of {', '.join(before['keys'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
