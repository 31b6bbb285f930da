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


FOOT_LINES = 12  # a page foot's room for notes; the rest of a note runs on at the next page's foot


def _page_events(element: etree._Element, notes: list[tuple[str, list[str], str]], page: list[str]) -> list[str]:
    """The element's text split at its page breaks (one string per page it spans), markers glued; each note is
    recorded with the page its marker stands on (``page`` holds the current page number and is advanced)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEI}pb":
            page[0] = str(child.get("n"))
            parts.append("\f")
        elif child.tag == f"{TEI}note" and child.get("n"):
            parts[-1] += str(child.get("n"))
            notes.append((str(child.get("n")), note_text(child), page[0]))
        else:
            parts[-1] += "".join(child.itertext())
        parts[-1] += child.tail or ""
    return [squash(part) for part in "".join(p if p != "\f" else "\f" for p in parts).split("\f")]


def volume(path: Path, first_page: int) -> tuple[str, list[dict[str, str]]]:
    """The printed volume's text layer (see the module docstring)."""
    root = etree.parse(str(path)).getroot()
    body: dict[str, list[str]] = {}
    notes: list[tuple[str, list[str], str]] = []
    page = [str(first_page)]
    order = [page[0]]
    for child in root.iterfind(f"{TEI}text/{TEI}body/*"):
        if child.tag == f"{TEI}pb":
            page[0] = str(child.get("n"))
            order.append(page[0])
            continue
        if child.get("type") != "document":
            continue
        for part in child:
            if part.tag == f"{TEI}note" and part.get("type") == "source":
                body.setdefault(page[0], []).append(squash("".join(part.itertext())))
                continue
            if part.tag not in (f"{TEI}head", f"{TEI}opener", f"{TEI}p", f"{TEI}closer"):
                continue
            start = page[0]
            pieces = _page_events(part, notes, page)
            pages_spanned = [start] + [p for p in order_after(start, len(pieces) - 1)]
            for n, piece in zip(pages_spanned, pieces, strict=True):
                if n not in order:
                    order.append(n)
                if piece:
                    body.setdefault(n, []).extend(textwrap.wrap(piece, 80))
            if part.tag in (f"{TEI}p", f"{TEI}closer", f"{TEI}head"):
                body.setdefault(page[0], []).append("")
    lines: list[str] = []
    carried: list[str] = []
    gold = [{"number": n, "text": " ".join(paras)} for n, paras, _ in notes]
    for n in order:
        head = f"{n} Foreign Relations, 1951, Volume VII" if int(n) % 2 == 0 else f"China {n}"
        own = [textwrap.wrap(f"{num} " + " ".join(paras), 80) for num, paras, at in notes if at == n]
        foot = carried + [line for note in own for line in note]
        carried = []
        if own and len(foot) > FOOT_LINES:
            # Every note starts on the page of its marker; only the page's last note runs on to the next foot.
            keep = max(1, FOOT_LINES - (len(foot) - len(own[-1])))
            foot, carried = foot[:len(foot) - len(own[-1]) + keep], own[-1][keep:]
        text = body.get(n, [])
        while text and not text[-1]:
            text = text[:-1]
        lines += [head, ""] + text + [""] + foot + ["", ""]
    return "\n".join(lines).rstrip() + "\n", gold


def order_after(page: str, count: int) -> list[str]:
    """The ``count`` page numbers after ``page``."""
    return [str(int(page) + i) for i in range(1, count + 1)]


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
    if sys.argv[1] == "--volume":
        write("heldout-blind-wave8", *volume(Path(sys.argv[2]), int(sys.argv[3])))
    else:
        main(Path(sys.argv[1]))
