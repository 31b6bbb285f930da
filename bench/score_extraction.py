"""Score the extractors against the dev set: field-level precision/recall/F1, strict and soft.

    .venv/bin/python bench/score_extraction.py [--json] [--only NAME…]

Each folder of tests/data/devset/ (and of tests/data/devset/real/) holds a text (text.txt, or source.txt
naming a path relative to the repository root, or a folder ``files/`` of files in any format opis ingests, each read
by the ingest handlers and extracted on its own as `opis ingest` would, the findings pooled in file order with note
numbers that repeat across files counted as later notes of that number) and gold files named like the keys of
`opis extract --json`
(footnotes.json, citations.json, dates.json, quantities.json, rates.json, tables.json). Folders
whose name starts with "heldout" were written and annotated before the extractor saw them: their
scores are the ones that say how the extractors do on unseen text.

Strict compares values exactly; soft after folding case, spaces, dashes, asterisks and trailing
punctuation. Citations are compared field by field (GROBID-style): a gold field the prediction
gets right is a true positive, a wrong or missing one a false negative, and a wrong or invented
one a false positive.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "data" / "devset"
ARCHIVAL = ("repository", "fond", "opis", "papka", "delo", "folios")
# Fields of records that have no fond or delo (NARA, presidential libraries, FRUS) or that a repository's own
# level scheme adds (a Hungarian box and document number).
RECORD = ("record_group", "entry", "series", "file", "box", "lot", "agency", "folder", "document", "volume")
BIBLIOGRAPHIC = ("authors", "title", "container", "place", "publisher", "year", "pages")
CITATION_FIELDS = ("kind", *ARCHIVAL, *BIBLIOGRAPHIC, "ibid_of")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    tallies: dict[str, Tally] = field(default_factory=dict)
    rates: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (right, out of)

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def rate(self, name: str, right: int, total: int) -> None:
        r, t = self.rates.get(name, (0, 0))
        self.rates[name] = (r + right, t + total)

    def merge(self, other: Scores) -> None:
        for k, v in other.tallies.items():
            self.tally(k).add(v)
        for k, (r, t) in other.rates.items():
            self.rate(k, r, t)


def soft(value: Any) -> Any:
    if isinstance(value, list):
        return [soft(v) for v in value]
    if not isinstance(value, str):
        return value
    text = value.replace("*", "").casefold()
    text = re.sub(r"[‐‑‒–—−]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(".,;: ")


def empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def compare_fields(gold: dict[str, Any] | None, pred: dict[str, Any] | None, fields: Iterable[str],
                   norm: Callable[[Any], Any]) -> Tally:
    t = Tally()
    for f in fields:
        g = None if gold is None else gold.get(f)
        p = None if pred is None else pred.get(f)
        if not empty(g) and not empty(p) and norm(g) == norm(p):
            t.tp += 1
            continue
        t.fn += not empty(g)
        t.fp += not empty(p)
    return t


def _by_footnote(items: list[dict[str, Any]]) -> dict[tuple[str, int, int], dict[str, Any]]:
    """Citations keyed by (footnote number, which note of that number, place in the note): numbering
    restarts in editions, so the second note numbered 1 is ``("1", 2, 0)``. Citations outside notes
    have the footnote ``None``."""
    seen: dict[tuple[str, int], int] = {}
    keyed = {}
    for item in items:
        note = (str(item.get("footnote")), int(item.get("footnote_occurrence") or 1))
        keyed[(*note, seen.get(note, 0))] = item
        seen[note] = seen.get(note, 0) + 1
    return keyed


def score_citations(gold: list[dict[str, Any]], pred: list[dict[str, Any]], s: Scores) -> None:
    g, p = _by_footnote(gold), _by_footnote(pred)
    for key in sorted(set(g) | set(p)):
        gi, pi = g.get(key), p.get(key)
        for mode, norm in (("strict", lambda v: v), ("soft", soft)):
            s.tally(f"citations fields ({mode})").add(compare_fields(gi, pi, CITATION_FIELDS, norm))
            if (gi or {}).get("kind") == "archival" or (pi or {}).get("kind") == "archival":
                s.tally(f"archival fields ({mode})").add(compare_fields(gi, pi, ARCHIVAL, norm))
                if any(not empty((x or {}).get(f)) for x in (gi, pi) for f in RECORD):
                    s.tally(f"record fields: NARA, box, document ({mode})").add(compare_fields(gi, pi, RECORD, norm))
        if gi is not None:
            exact = pi is not None and all(soft(gi.get(f)) == soft(pi.get(f)) or (empty(gi.get(f)) and empty(pi.get(f)))
                                           for f in (*CITATION_FIELDS, *RECORD))
            s.rate("whole citation exact (soft)", int(exact), 1)
            if gi.get("ibid_of"):
                fields = (*ARCHIVAL, *RECORD) if gi.get("kind") == "archival" else ("authors", "title", "pages")
                right = pi is not None and pi.get("ibid_of") == gi["ibid_of"] and all(
                    soft(gi.get(f)) == soft(pi.get(f)) for f in fields)
                s.rate("ibid resolution", int(right), 1)


def _numbered(notes: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """Notes keyed by (number, which note of that number): numbering restarts in editions."""
    seen: dict[str, int] = {}
    keyed = {}
    for note in notes:
        n = str(note["number"])
        seen[n] = seen.get(n, 0) + 1
        keyed[(n, seen[n])] = str(note["text"])
    return keyed


def score_footnotes(gold: list[dict[str, Any]], pred: list[dict[str, Any]], s: Scores) -> None:
    g, p = _numbered(gold), _numbered(pred)
    for mode, norm in (("strict", lambda v: v), ("soft", soft)):
        t = s.tally(f"footnotes ({mode})")
        right = {n for n in g if n in p and norm(g[n]) == norm(p[n])}
        t.tp += len(right)
        t.fn += len(g) - len(right)
        t.fp += len(p) - len(right)


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if all(isinstance(x.get(k), int) for x in (a, b) for k in ("start", "end")):
        return bool(a["start"] < b["end"] and b["start"] < a["end"])
    ta, tb = soft(a.get("text", "")), soft(b.get("text", ""))
    return bool(ta and tb and (ta in tb or tb in ta))


def score_spans(name: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]], fields: tuple[str, ...],
                s: Scores) -> None:
    """Pair gold and predicted findings whose text spans overlap; a pair counts if ``fields`` agree."""
    left = list(pred)
    t = s.tally(name)
    for g in gold:
        match = next((p for p in left if _overlaps(g, p) and all(g.get(f) == p.get(f) for f in fields)), None)
        if match is None:
            t.fn += 1
            continue
        left.remove(match)
        t.tp += 1
    t.fp += len(left)


def score_rates(gold: list[dict[str, Any]], pred: list[dict[str, Any]], s: Scores) -> None:
    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return (r.get("from"), r.get("to"), round(float(r.get("value") or 0), 3))

    g, p = [key(r) for r in gold], [key(r) for r in pred]
    t = s.tally("rates")
    for k in g:
        if k in p:
            p.remove(k)
            t.tp += 1
        else:
            t.fn += 1
    t.fp += len(p)


def score_tables(gold: list[dict[str, Any]], pred: list[dict[str, Any]], s: Scores) -> None:
    for i, g in enumerate(gold):
        p = pred[i] if i < len(pred) else {}
        s.rate("tables: header exact", int(soft(g.get("header")) == soft(p.get("header"))), 1)
        grows, prows = g.get("rows", []), p.get("rows", [])
        cells = sum(len(r) for r in grows)
        right = sum(1 for r, row in enumerate(grows) for c, cell in enumerate(row)
                    if r < len(prows) and c < len(prows[r]) and soft(cell) == soft(prows[r][c]))
        s.rate("tables: cells", right, cells)
        gchecks = {(c.get("check"), c.get("column"), c.get("row"), c.get("stated"), c.get("ok"))
                   for c in g.get("checks", [])}
        pchecks = {(c.get("check"), c.get("column"), c.get("row"), c.get("stated"), c.get("ok"))
                   for c in p.get("checks", [])}
        s.rate("tables: checks", len(gchecks & pchecks), len(gchecks))
    s.rate("tables: found", min(len(pred), len(gold)), len(gold))
    s.tally("tables (extra found)").fp += max(0, len(pred) - len(gold))


def text_of(folder: Path) -> str:
    if (folder / "text.txt").is_file():
        return (folder / "text.txt").read_text(encoding="utf-8")
    rel = (folder / "source.txt").read_text(encoding="utf-8").strip()
    return (ROOT / rel).resolve().read_text(encoding="utf-8")


def extract_folder(folder: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "src"))
    from opis.extract.pipeline import extract_all

    if not (folder / "files").is_dir():
        return extract_all(text_of(folder))
    from opis.ingest import parse_file

    pooled: dict[str, Any] = {"footnotes": [], "citations": []}
    for path in sorted(p for p in (folder / "files").iterdir() if p.is_file()):
        parsed = parse_file(path)
        found = extract_all(parsed.text, parsed.language)
        before = [str(n["number"]) for n in pooled["footnotes"]]
        for citation in found.get("citations", []):
            if citation.get("footnote") is not None:
                earlier = before.count(str(citation["footnote"]))
                citation["footnote_occurrence"] = int(citation.get("footnote_occurrence") or 1) + earlier
        for key, items in found.items():
            if isinstance(items, list):
                pooled.setdefault(key, []).extend(items)
    return pooled


def score_folder(folder: Path) -> Scores:
    result = extract_folder(folder)
    s = Scores()
    scorers: dict[str, Callable[[list[dict[str, Any]], list[dict[str, Any]], Scores], None]] = {
        "footnotes": score_footnotes, "citations": score_citations, "rates": score_rates,
        "tables": score_tables,
        "dates": lambda g, p, sc: score_spans("dates (earliest/latest)", g, p, ("earliest", "latest"), sc),
        "quantities": lambda g, p, sc: score_spans("quantities (value+unit)", g, p, ("value", "unit"), sc),
    }
    for key, scorer in scorers.items():
        gold_file = folder / f"{key}.json"
        if gold_file.is_file():
            scorer(json.loads(gold_file.read_text(encoding="utf-8")), result.get(key, []), s)
    return s


def _name(folder: Path) -> str:
    return folder.relative_to(DEVSET).as_posix()


def _group(folder: Path) -> str:
    """real/heldout…: real publications scored once, blind; real/…: real publications annotated by hand before
    the extractor saw them (then worked on); heldout…: texts written to our conventions and annotated before;
    the rest: development."""
    name = _name(folder)
    if name.startswith("real/"):
        return "real (blind)" if name.startswith("real/heldout") else "real"
    return "held-out" if name.startswith("heldout") else "development"


def dev_folders() -> list[Path]:
    """Every folder under the dev set that holds a text, nested ones (real/…) included."""
    found = {p.parent for pattern in ("text.txt", "source.txt") for p in DEVSET.rglob(pattern)}
    found |= {p.parent for p in DEVSET.rglob("files") if p.is_dir()}
    return sorted(found)


def report(groups: dict[str, Scores]) -> str:
    lines = ["| group | measure | precision | recall | F1 / rate | n |", "|---|---|---|---|---|---|"]
    for group, s in groups.items():
        for name, t in sorted(s.tallies.items()):
            lines.append(f"| {group} | {name} | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} | "
                         f"{t.tp + t.fn} gold |")
        for name, (right, total) in sorted(s.rates.items()):
            lines.append(f"| {group} | {name} | | | {right / total if total else 1:.3f} | {right}/{total} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="folder names to score")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    folders = [p for p in dev_folders() if not args.only or _name(p) in args.only]
    groups: dict[str, Scores] = {"held-out": Scores(), "development": Scores(), "real": Scores(),
                                 "real (blind)": Scores()}
    per_folder = {}
    for folder in folders:
        scores = score_folder(folder)
        per_folder[_name(folder)] = scores
        groups[_group(folder)].merge(scores)
    if args.json:
        print(json.dumps({k: {n: [t.precision, t.recall, t.f1] for n, t in v.tallies.items()} | {
            n: list(r) for n, r in v.rates.items()} for k, v in {**groups, **per_folder}.items()}, indent=1))
    else:
        print(report(groups))
        print()
        print(report(per_folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
