"""Lay out FRUS documents (public domain) the ways publications print them, for the real-text dev set.

    .venv/bin/python bench/devset_frus_layouts.py ../shared/data/frus/volumes

Writes tests/data/devset/real/frus-*/text.txt and footnotes.json. The footnote gold comes from the
TEI itself (each <note n="…"> is a footnote, its text as printed), not from any extractor; citation
gold is written by hand beside it. Layouts:

* ``frus-1949-ebook``: an e-book reader's endnotes: ``[n]`` markers in the text, each note's number alone
  on its own line and the note on the next lines (blank line between in every other document), notes
  restarting at 1 in every document; the source note is a header line above the heading.
* ``frus-1955-print``: text copied from a typeset page: markers glued to the word before them
  (``Korea.3``), the notes after a rule line as ``1 Source: …`` wrapped at 88 characters.
* ``frus-1955-web``: a web page: superscript markers, notes as ``1. …`` at the end of each document,
  no notes heading.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset" / "real"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def squash(text: str) -> str:
    return " ".join(text.split())


def note_text(note: etree._Element) -> list[str]:
    """A note's paragraphs, as printed."""
    paras = note.findall(f"{TEI}p")
    if not paras:
        return [squash("".join(note.itertext()))]
    return [squash("".join(p.itertext())) for p in paras]


def flow(element: etree._Element, marker: str, notes: list[tuple[str, list[str]]]) -> str:
    """The element's text with every note replaced by its marker; the notes go into ``notes``."""
    out = [element.text or ""]
    for child in element:
        if child.tag == f"{TEI}note" and child.get("n"):
            out.append(marker.format(n=child.get("n"), sup=str(child.get("n")).translate(SUPERSCRIPT)))
            notes.append((str(child.get("n")), note_text(child)))
        else:
            out.append(flow(child, marker, notes))
        out.append(child.tail or "")
    return "".join(out)


def documents(path: Path) -> list[etree._Element]:
    return list(etree.parse(str(path)).iterfind(f".//{TEI}div[@type='document']"))


def render(doc: etree._Element, marker: str) -> tuple[str | None, list[str], list[tuple[str, list[str]]]]:
    """(source header, paragraphs, notes) of one document."""
    notes: list[tuple[str, list[str]]] = []
    source = doc.find(f"{TEI}note[@type='source']")
    header = squash("".join(source.itertext())) if source is not None and not source.get("n") else None
    paras = []
    for child in doc:
        if child.tag in (f"{TEI}head", f"{TEI}opener", f"{TEI}p", f"{TEI}closer"):
            paras.append(squash(flow(child, marker, notes)))
        elif child.tag == f"{TEI}note" and child.get("n"):
            paras.append(marker.format(n=child.get("n"), sup=str(child.get("n")).translate(SUPERSCRIPT)).strip())
            notes.append((str(child.get("n")), note_text(child)))
    return header, [p for p in paras if p], notes


def ebook(docs: list[etree._Element]) -> tuple[str, list[dict[str, str]]]:
    lines, gold = [], []
    for i, doc in enumerate(docs):
        header, paras, notes = render(doc, "[{n}]")
        lines += [f"{doc.get('n')}.", ""] + ([header, ""] if header else []) + [p + "\n" for p in paras]
        for n, body in notes:
            lines += [n] + ([""] if i % 2 else []) + [p + "\n" for p in body]
            gold.append({"number": n, "text": " ".join(body)})
    return "\n".join(lines), gold


def printed(docs: list[etree._Element]) -> tuple[str, list[dict[str, str]]]:
    lines, gold = [], []
    for doc in docs:
        _, paras, notes = render(doc, "{n}")
        lines += [paras[0], ""] + [textwrap.fill(p, 88) + "\n" for p in paras[1:]]
        lines += ["________________"] if notes else []
        for n, body in notes:
            lines += textwrap.fill(f"{n} " + " ".join(body), 88).splitlines()
            gold.append({"number": n, "text": " ".join(body)})
        lines.append("")
    return "\n".join(lines), gold


def web(docs: list[etree._Element]) -> tuple[str, list[dict[str, str]]]:
    lines, gold = [], []
    for doc in docs:
        _, paras, notes = render(doc, "{sup}")
        lines += [paras[0], ""] + [p + "\n" for p in paras[1:]]
        for n, body in notes:
            lines.append(f"{n}. " + " ".join(body))
            gold.append({"number": n, "text": " ".join(body)})
        lines.append("")
    return "\n".join(lines), gold


def write(name: str, text: str, gold: list[dict[str, str]]) -> None:
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "text.txt").write_text(text, encoding="utf-8")
    (folder / "footnotes.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(volumes: Path) -> None:
    v1949 = documents(volumes / "frus1949v07p2-excerpt.xml")
    v1955 = documents(volumes / "frus1955-57v23p2-excerpt.xml")
    write("frus-1949-ebook", *ebook(v1949))
    write("frus-1955-print", *printed(v1955))
    write("frus-1955-web", *web(v1955))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
