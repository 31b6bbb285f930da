"""Hostile-files drill: a few hundred malformed, hostile and special files mixed with good ones,
ingested in one real `opis ingest` batch. It reports how many files there were, their outcomes by
kind, good files lost, peak memory, the longest file, and leaks (text from outside the folder
found in the store). Lost and leaked should both be zero.

    .venv/bin/python bench/hostile/run.py [--copies 12] [--good 120] [--jobs 2] [--out FILE]

Every input is generated here (a data table of kinds below); nothing is downloaded. Hostile
inputs that are slow for the *extractors* (long runs of years, citations) are the extraction
benchmark's business and are left out, so this drill measures the file and batch side.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from ingest_support import text_pdf_bytes  # noqa: E402
from PIL import Image  # noqa: E402

SECRET = "opis-drill-outside-secret"
PASSWD_SIGN = "root:x:0:0"
Maker = Callable[[Path, int, Path], None]
# Kinds that must be ingested: good files, and good files that look hostile.
GOOD_KINDS = ("good", "non-utf8-name", "text-starting-BM", "text-with-pdf-header", "html-attribute-flood")


def _png(size: tuple[int, int] = (300, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, format="PNG")
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


_PDF_HEAD = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
_PDF_TAIL = b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"


def _write(data: bytes, suffix: str) -> Maker:
    def make(folder: Path, n: int, outside: Path) -> None:
        (folder / f"{n:04d}{suffix}").write_bytes(data)
    return make


def _text(template: str, suffix: str = ".txt") -> Maker:
    """A good file that looks hostile; it carries its GOOD marker so a loss is seen."""
    def make(folder: Path, n: int, outside: Path) -> None:
        (folder / f"{n:04d}{suffix}").write_text(template.format(marker=f"GOOD-{n:04d}"), encoding="utf-8")
    return make


def _bad_name(folder: Path, n: int, outside: Path) -> None:
    with open(os.fsencode(folder) + b"/%04d_bad_\xff\xfe.txt" % n, "wb") as fh:
        fh.write(f"GOOD-{n:04d}: a letter whose name is not UTF-8.\n".encode())


def _fifo(folder: Path, n: int, outside: Path) -> None:
    os.mkfifo(folder / f"{n:04d}.fifo")


def _link(target: str) -> Maker:
    def make(folder: Path, n: int, outside: Path) -> None:
        (folder / f"{n:04d}-link.txt").symlink_to(target.replace("{outside}", str(outside)))
    return make


def _dir_link(folder: Path, n: int, outside: Path) -> None:
    (folder / f"{n:04d}-dirlink").symlink_to(folder)  # inside the folder, and a loop if followed


def _sparse(folder: Path, n: int, outside: Path) -> None:
    with (folder / f"{n:04d}-sparse.txt").open("wb") as fh:
        fh.truncate(20 * 1024**3)


def _many_members() -> bytes:
    return _zip({f"m{i:03d}.txt": b"1950 " * 200_000 for i in range(120)})


_FLOOD = " ".join(f'a{i}="v"' for i in range(200_000))


def _kinds() -> dict[str, Maker]:
    """Hostile kind → how to make one; a data table, one line each."""
    good_pdf = text_pdf_bytes(["A letter in a PDF."])
    png = _png()
    return {
        "non-utf8-name": _bad_name,
        "fifo": _fifo,
        "link-dev-zero": _link("/dev/zero"),
        "link-etc-passwd": _link("/etc/passwd"),
        "link-outside-file": _link("{outside}/secret.txt"),
        "link-folder": _dir_link,
        "sparse-20gb": _sparse,
        "empty": _write(b"", ".txt"),
        "text-starting-BM": _text("BMW and Daimler-Benz talked about exports in May 1950. {marker}\n"),
        "text-with-pdf-header": _text("On formats.\nA PDF begins with %PDF-1.4 near the top. {marker}\n"),
        "corrupt-png": _write(png[:60] + b"\0" * 200, ".png"),
        "truncated-png": _write(png[: len(png) // 2], ".png"),
        "corrupt-jpeg": _write(b"\xff\xd8\xff\xe0" + os.urandom(400), ".jpg"),
        "pdf-no-pages": _write(_PDF_HEAD + b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" + _PDF_TAIL, ".pdf"),
        "pdf-missing-page": _write(_PDF_HEAD + b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" + _PDF_TAIL,
                                   ".pdf"),
        "pdf-truncated": _write(good_pdf[: len(good_pdf) // 2], ".pdf"),
        "pdf-fake": _write(b"%PDF-1.4\n this is not really a pdf \n%%EOF", ".pdf"),
        "random-bytes": _write(os.urandom(4096), ".bin"),
        "zip-bomb": _write(_zip({"zeros.txt": b"\0" * (50 << 20)}), ".zip"),
        "zip-120-members": _write(_many_members(), ".zip"),
        "zip-corrupt": _write(b"PK\x03\x04" + b"\0" * 60, ".zip"),
        "html-attribute-flood": _text("<!doctype html><html><body><div " + _FLOOD.replace("{", "") +
                                      ">Flooded page text, {marker}.</div></body></html>", ".html"),
        "xml-billion-laughs": _write(
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((98 + i,) + (97 + i,) * 10)
                       for i in range(9))
            + b"]><l>&j;</l>", ".xml"),
        "xml-xxe": _write(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
                          ".xml"),
        "xml-deep": _write(b"<a>" * 100_000 + b"x" + b"</a>" * 100_000, ".xml"),
        "docx-fake": _write(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<broken"}), ".docx"),
    }


def generate(folder: Path, outside: Path, copies: int, good: int, seed: int = 1950) -> dict[str, str]:
    """Make the drill's folder; return each entry's name (as reported) → its kind ("good" or hostile)."""
    folder.mkdir(parents=True)
    outside.mkdir(parents=True)
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    kinds, order = _kinds(), []
    for kind in kinds:
        order += [kind] * copies
    order += ["good"] * good
    random.Random(seed).shuffle(order)
    for n, kind in enumerate(order):
        before = set(os.listdir(os.fsencode(folder)))
        if kind == "good":
            (folder / f"{n:04d}-good.txt").write_text(
                f"GOOD-{n:04d}. Shtykov to Stalin, {1 + n % 28} June 1950: the shipment of machine tools "
                "arrived at Chongjin and was unloaded.\n", encoding="utf-8")
        else:
            kinds[kind](folder, n, outside)
        assert len(set(os.listdir(os.fsencode(folder))) - before) == 1
    return {f"{n:04d}": kind for n, kind in enumerate(order)}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(folder: Path, data: Path, jobs: int) -> tuple[dict[str, object], float]:
    env = {**os.environ, "OPIS_LOAD_SAMPLE": "false", "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    cmd = [sys.executable, "-m", "opis", "ingest", str(folder), "--data-dir", str(data), "--jobs", str(jobs),
           "--json"]
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    elapsed = time.monotonic() - started
    if proc.returncode not in (0, 2):
        raise SystemExit(f"opis ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    status: dict[str, object] = json.loads(proc.stdout)
    return status, elapsed


def _store_text(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(row[0] for row in conn.execute("SELECT data FROM records"))


def _longest(files: list[dict[str, object]], started: str) -> tuple[float, str]:
    """The file whose outcome took longest after the one before it (outcomes are written in order)."""
    best, name = 0.0, ""
    previous = datetime.fromisoformat(started)
    for f in files:
        at = datetime.fromisoformat(str(f["at"]))
        if (at - previous).total_seconds() > best:
            best, name = (at - previous).total_seconds(), str(f["path"])
        previous = at
    return best, name


def report(kinds: dict[str, str], status: dict[str, object], elapsed: float, data: Path, outside: Path) -> str:
    files = status["files"]
    assert isinstance(files, list)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: dict[str, str] = {}
    for f in files:
        kind = kinds.get(Path(f["path"]).name[:4], "?")
        by_kind[kind][f["status"]] += 1
        reasons.setdefault(kind, f["message"].split(": ", 1)[-1][:90])
    text = _store_text(data / "opis.sqlite3")
    good = [n for n, k in kinds.items() if k in GOOD_KINDS]
    lost = [n for n in good if f"GOOD-{n}" not in text]
    leaks = sum(text.count(sign) for sign in (SECRET, PASSWD_SIGN))
    longest, longest_name = _longest(files, str(status["started_at"]))
    lines = [
        f"files: {len(kinds)} ({len(good)} good, some looking hostile; {len(kinds) - len(good)} hostile; "
        f"{len(by_kind)} kinds in all); "
        f"outcomes recorded: {len(files)}; job: {status['status']}",
        f"wall time: {elapsed:.0f} s; longest file: {longest:.1f} s ({Path(longest_name).name}, "
        f"{kinds.get(Path(longest_name).name[:4], '?')}); "
        f"peak memory (largest process): {_peak_rss_mb():.0f} MB",
        f"good files lost: {len(lost)}; leaks (outside text in the store): {leaks}",
        "", "| kind | outcomes | first reason |", "|---|---|---|",
    ]
    for kind in sorted(by_kind):
        counts = ", ".join(f"{n} {s}" for s, n in sorted(by_kind[kind].items()))
        lines.append(f"| {kind} | {counts} | {reasons[kind] if kind != 'good' else ''} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=12, help="files of each hostile kind")
    ap.add_argument("--good", type=int, default=120, help="good files mixed in")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="opis-hostile-") as tmp:
        kinds = generate(Path(tmp) / "in", Path(tmp) / "outside", args.copies, args.good)
        status, elapsed = run(Path(tmp) / "in", Path(tmp) / "data", args.jobs)
        text = report(kinds, status, elapsed, Path(tmp) / "data", Path(tmp) / "outside")
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
