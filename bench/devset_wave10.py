"""Build the files of the tenth blind set: layouts the dev set did not have, from public-domain texts.

    .venv/bin/python bench/devset_wave10.py ../shared/data/frus/volumes

Writes, under tests/data/devset/real/:

* ``heldout-blind-wave10-frus-web-html/files/*.html``: FRUS 1955–1957 vol. XXIII pt 2, documents 2–4, each as a
  web page the way history.state.gov prints a document (site header, breadcrumb, the document in ``<main>`` with
  its markers as linked superscripts, its notes in a ``footnotes`` block after it, each ``1. …`` with a link
  back, a navigation aside and a footer), one page per document; ``footnotes.json`` is every TEI
  ``<note n>`` as printed (not the extractor's output).
* ``heldout-blind-wave10-ru-edition-pdf/files/*.pdf``: two Soviet documents of 1932 and 1935 (the text of
  ``heldout-blind-wave10-ru-edition``, public domain as official documents) typeset the way a printed documentary
  edition sets them (``tests/ingest/typeset.py``): heading, text, the archival legend under each document,
  page-foot notes restarting at 1 in each document, superscript markers; one small one-column page size, so
  that a note runs on to the next page's foot, and a two-column page.

The citation gold of each folder is written by hand beside these files.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "devset" / "real"
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from devset_frus_layouts import TEI, documents, note_text, squash  # noqa: E402

_MARK = re.compile("\x00(\\w+)\x01")

PAGE_HEAD = (
    '<!DOCTYPE html>\n'
    '<html lang="en">\n'
    '<head>\n'
    '<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<title>Historical Documents - Office of the Historian</title>\n'
    '<link rel="stylesheet" href="/resources/css/all.css">\n'
    '</head>\n'
    '<body>\n'
    '<a class="hsg-skip" href="#content-inner">Skip to main content</a>\n'
    '<header class="hsg-header">\n'
    '  <div class="hsg-header-inner"><a href="/">'
    '<img src="/resources/images/Office-of-the-Historian-logo.png" alt="Office of the Historian'
    '"></a></div>\n'
    '  <form action="/search" method="get" class="hsg-search" role="search">\n'
    '    <label for="q">Search</label><input type="text" name="q" id="q">'
    '<button type="submit">Search</button>\n'
    '  </form>\n'
    '</header>\n'
    '<div class="hsg-nav" role="navigation">\n'
    '  <ul><li><a href="/">Home</a></li><li>'
    '<a href="/historicaldocuments">Historical Documents</a></li>\n'
    '  <li><a href="/departmenthistory">Department History</a></li><li>'
    '<a href="/countries">Countries</a></li></ul>\n'
    '</div>\n'
    '<div class="hsg-breadcrumb"><ol class="breadcrumb"><li><a href="/">Home</a></li><li>'
    '<a href="/historicaldocuments">Historical Documents</a></li><li>{volume}</li>'
    '<li>Document {n}</li></ol></div>\n'
    '<main id="content-inner">\n'
    '<div class="tei-div">\n'
)
PAGE_FOOT = (
    '</div>\n'
    '</main>\n'
    '<aside class="hsg-aside">\n'
    '  <h3>Volume navigation</h3>\n'
    '  <ul><li><a href="/historicaldocuments/{vol_id}/d{prev}">Previous document</a></li><li>'
    '<a href="/historicaldocuments/{vol_id}/d{next}">Next document</a></li></ul>\n'
    '</aside>\n'
    '<footer class="hsg-footer">\n'
    '  <ul><li><a href="/about">About Us</a></li><li><a href="/contact-us">Contact Us</a></li>'
    '</ul>\n'
    '  <p>Office of the Historian, Foreign Service Institute, United States Department of State'
    '</p>\n'
    '</footer>\n'
    '</body>\n'
    '</html>\n'
)


def _flow(element: etree._Element, notes: list[tuple[str, list[str]]]) -> str:
    """The element's text, each note replaced by a placeholder for its marker; the notes go into ``notes``."""
    out = [element.text or ""]
    for child in element:
        if child.tag == f"{TEI}note" and child.get("n"):
            out.append(f"\x00{child.get('n')}\x01")
            notes.append((str(child.get("n")), note_text(child)))
        else:
            out.append(_flow(child, notes))
        out.append(child.tail or "")
    return "".join(out)


def _markup(text: str, doc_id: str) -> str:
    def sup(found: re.Match[str]) -> str:
        n = found.group(1)
        return (f'<sup><a href="#fn:{doc_id}.{n}" id="fnref:{doc_id}.{n}" class="note" rel="footnote">{n}</a>'
                "</sup>")

    return _MARK.sub(sup, html.escape(squash(text), quote=False))


def web_page(doc: etree._Element, volume: str, vol_id: str) -> tuple[str, list[dict[str, str]]]:
    doc_id, n = str(doc.get("{http://www.w3.org/XML/1998/namespace}id")), str(doc.get("n"))
    notes: list[tuple[str, list[str]]] = []
    body = []
    for child in doc:
        tag = {f"{TEI}head": "h2", f"{TEI}opener": "p", f"{TEI}p": "p", f"{TEI}closer": "p"}.get(str(child.tag))
        if tag:
            text = _markup(_flow(child, notes), doc_id)
            if text.strip():
                body.append(f"<{tag}>{text}</{tag}>")
    foot = ['<div class="footnotes">']
    for number, paras in notes:
        text = html.escape(" ".join(paras), quote=False)
        foot.append(f'<p class="footnote" id="fn:{doc_id}.{number}"><a class="fn-back" '
                    f'href="#fnref:{doc_id}.{number}">{number}</a>. {text}</p>')
    foot.append("</div>")
    page = (PAGE_HEAD.format(volume=volume, n=n) + "\n".join(body) + "\n" + "\n".join(foot) + "\n"
            + PAGE_FOOT.format(vol_id=vol_id, prev=int(n) - 1, next=int(n) + 1))
    return page, [{"number": num, "text": " ".join(paras)} for num, paras in notes]


def write_web(volumes: Path) -> None:
    path = volumes / "frus1955-57v23p2-excerpt.xml"
    volume = "Foreign Relations of the United States, 1955–1957, Korea, Volume XXIII, Part 2"
    folder = OUT / "heldout-blind-wave10-frus-web-html"
    (folder / "files").mkdir(parents=True, exist_ok=True)
    gold: list[dict[str, str]] = []
    for doc in documents(path):
        if doc.get("n") not in ("2", "3", "4"):
            continue
        page, notes = web_page(doc, volume, "frus1955-57v23p2")
        (folder / "files" / f"frus1955-57v23p2-d{doc.get('n')}.html").write_text(page, encoding="utf-8")
        gold += notes
    (folder / "footnotes.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# The two documents of heldout-blind-wave10-ru-edition (its PROVENANCE.md says where from), as a printed edition
# sets them: the legend under the document as one line, the marker glued to the word before it.
EDITION = [
    ("Сталин — Кагановичу", "19 августа 1932 г.",
     ["Кагановичу.", "Кайсарова наказать и опубликовать в «Красной газете». «Известиям» статьи не давать.",
      "Сталин.", "№98", "19/VIII. 32.{0}", "РГАСПИ Ф. 558. Оп. 11. Д. 79. Л. 38. Автограф С.Чечулина."],
     ["Отправлена шифром из Сочи 19 августа в 22 час. 20 мин. (Там же. Л. 38). Решение ПБ по этому предложению "
      "принято в тот же день (РГАСПИ. Ф. 17. Оп. 162. Д. 13. Л. 76)."]),
    ("Каганович, Молотов, Ворошилов — Сталину", "11 сентября 1935 г.",
     ["Шифровка.", "Из Москвы 11. IX. 35 г. в 0 час. 42 мин.{0} Вх. № 47.", "Сочи. Тов. Сталину.",
      "Сегодня заслушали Апресова и приняли ряд решений по синьцзянским вопросам в духе Вашей телеграммы.",
      "Считаем необходимым наградить Апресова Орденом Ленина согласно предварительных разговоров об этом в "
      "свое время.", "Просим сообщить Ваше мнение. HP 70.", "Каганович, Молотов, Ворошилов.",
      "РГАСПИ Ф. 558. Оп 11. Д. 89. Л. 96. Подлинник. Машинопись."],
     ["На сохранившейся в деле копии стоит дата «10.IX.35 г. 20–25» (Там же. Л. 97)."]),
]


def _renumbered(paragraph: str, base: int) -> str:
    """A document's note references ``{i}`` as indexes into the whole edition's notes."""
    return re.sub(r"\{(\d+)\}", lambda m: "{" + str(base + int(m.group(1))) + "}", paragraph)


def edition_doc() -> object:
    from typeset import Doc, Note

    paragraphs: list[str] = []
    notes: list[Note] = []
    for title, date, paras, doc_notes in EDITION:
        paragraphs += [title, date, *(_renumbered(p, len(notes)) for p in paras)]
        notes += [Note(str(i + 1), text) for i, text in enumerate(doc_notes)]
    return Doc(title="Сталин и Каганович. Переписка. 1931–1936 гг.", running_head="Сталин и Каганович",
               paragraphs=paragraphs, notes=notes, first_page=288, number_at="top")


def write_pdfs() -> list[str]:
    from typeset import Style, typeset

    folder = OUT / "heldout-blind-wave10-ru-edition-pdf" / "files"
    folder.mkdir(parents=True, exist_ok=True)
    said = []
    doc = edition_doc()
    for name, style in (("edition-a6.pdf", Style(width=300.0, height=300.0, margin=30.0)),
                        ("edition-2col.pdf", Style(columns=2, width=420.0, height=300.0, margin=30.0))):
        layout = typeset(doc, folder / name, style)  # type: ignore[arg-type]
        said.append(f"{name}: {layout.pages} pages, notes continued overleaf: {layout.continued_notes}")
    return said


def main(volumes: Path) -> None:
    write_web(volumes)
    for line in write_pdfs():
        print(line)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
