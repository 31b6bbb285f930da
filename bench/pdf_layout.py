"""PDF layout reader against the plain text layer: footnotes and citations found, and pages per second.

    .venv/bin/python bench/pdf_layout.py [--repeat 5] [--out bench/pdf_layout-results.md]

Material: every FRUS document with footnotes in ``../shared/data/frus/volumes`` and the Russian
archival text of ``tests/ingest/pdf_sources.py``, typeset by ``tests/ingest/typeset.py`` (notes at
the page foot, running heads, page numbers, notes continued overleaf; each in one column and in
two), and the LibreOffice PDF in
``tests/data/ingest``. For each: footnotes and citations from its plain-text twin, from the PDF
read by its layout (``ParsedFile.text``) and from the PDF read by the handler's fallback without MuPDF (forced):
pypdf, whose positioned text runs go through the same layout reading since 2026-12-07 (before, its plain text
layer). Speed: the whole PDF handler (``parse_file``) on the
same PDFs both ways, interleaved in one run, ``--repeat`` times; pages per second and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FRUS = ROOT.parent / "shared" / "data" / "frus" / "volumes"
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from pdf_sources import frus_document, russian_document  # noqa: E402
from typeset import Doc, Style, twin_text, typeset  # noqa: E402

import opis.ingest.handlers.pdf as pdf_handler  # noqa: E402
from opis.extract.pipeline import extract_all  # noqa: E402
from opis.ingest import parse_file  # noqa: E402

LIBREOFFICE = ROOT / "tests" / "data" / "ingest" / "frus1949v07p2-d191.libreoffice.pdf"


def documents() -> list[tuple[str, Doc, str]]:
    from lxml import etree

    found: list[tuple[str, Doc, str]] = [("ru: Soviet aid (archival notes)", russian_document(), "ru")]
    for volume in sorted(FRUS.glob("*.xml")):
        root = etree.parse(str(volume)).getroot()
        for div in root.iter("{http://www.tei-c.org/ns/1.0}div"):
            if div.get("type") != "document":
                continue
            xml_id = div.get("{http://www.w3.org/XML/1998/namespace}id") or ""
            doc = frus_document(volume, xml_id, 1)
            if doc.notes:
                found.append((f"{volume.stem.removesuffix('-excerpt')} {xml_id}", doc, "en"))
    return found


def read(path: Path, layout: bool) -> Any:
    if layout:
        return parse_file(path)
    saved = pdf_handler.open_layout
    pdf_handler.open_layout = lambda _: None  # the handler's fallback: pypdf
    try:
        return parse_file(path)
    finally:
        pdf_handler.open_layout = saved


def findings(text: str, language: str) -> tuple[list[Any], list[Any]]:
    found = extract_all(text, language, only=("footnotes", "citations"))
    notes = [(n["number"], n["text"], len(n["refs"])) for n in found["footnotes"]]
    return notes, found["citations"]


def quality(items: list[tuple[str, Path, str, str]]) -> list[str]:
    rows = ["| document | pages | twin: footnotes / citations | PDF by layout | same as twin | "
            "pypdf fallback (no MuPDF) | fallback same as twin |", "|---|---|---|---|---|---|---|"]
    for name, path, twin, language in items:
        new, old = read(path, True), read(path, False)
        t, n, o = findings(twin, language), findings(new.text, language), findings(old.text, language)
        same, fallback_same = ("yes" if found == t else "no" for found in (n, o))
        rows.append(f"| {name} | {len(new.pages)} | {len(t[0])} / {len(t[1])} | {len(n[0])} / {len(n[1])} | "
                    f"{same} | {len(o[0])} / {len(o[1])} | {fallback_same} |")
    return rows


def speed(paths: list[Path], repeat: int) -> list[str]:
    pages = sum(len(read(p, False).pages) for p in paths)
    spent = {True: 0.0, False: 0.0}
    for _ in range(repeat):
        for layout in (False, True):
            started = time.perf_counter()
            for path in paths:
                read(path, layout)
            spent[layout] += time.perf_counter() - started
    old, new = pages * repeat / spent[False], pages * repeat / spent[True]
    return [f"{pages} pages × {repeat}: pypdf fallback {old:.0f} pages/s, layout reader (pypdf open + "
            f"PyMuPDF spans + layout) {new:.0f} pages/s; ratio layout/fallback {new / old:.2f}"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        items = []
        for name, doc, language in documents():
            for style, label in ((Style(), ""), (Style(columns=2, width=595.0, height=595.0), ", 2 columns")):
                path = Path(tmp) / f"{len(items)}.pdf"
                typeset(doc, path, style)
                items.append((name + label, path, twin_text(doc), language))
        d191 = frus_document(FRUS / "frus1949v07p2-excerpt.xml", "d191", 1)
        items.append(("frus1949v07p2 d191, LibreOffice", LIBREOFFICE, twin_text(d191), "en"))
        lines = quality(items) + ["", *speed([p for _, p, _, _ in items], args.repeat)]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
