"""Chicago notes and bibliography (The Chicago Manual of Style, 17th ed.), written by us from the CSL item.

One pattern per kind of record, each the Manual's own:

* an unpublished archival document (14.221-14.235): author, "title," kind and recipient, date, the place in
  the archive (fond, opis, delo, folio; a U.S. record group and file), repository, its city;
* a document printed in a documentary edition such as FRUS (14.300ff.): "title," date, *in* the volume,
  its number, editors and imprint, the document number and page, and the edition's URL;
* an article, blog post or book (14.170ff., 14.208, 14.100ff.).

A translator is named as one ("trans. Jane Roe", "Translated by Jane Roe"), never as an author; a body
that translated (a project, an archive's translation programme) is where the translation is published.
A missing part (no author, no recipient) is left out; nothing stands in for it. Commas and periods go
inside closing quotation marks (6.9). Output is plain text: pages escape it like any other text.

tests/interop/test_chicago.py checks each kind against strings written by hand from the Manual's rules,
and runs the same CSL items through citeproc-py with the Chicago style Zotero publishes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from opis.interop.context import CiteContext
from opis.interop.csl import csl_item
from opis.interop.dates import chicago_date
from opis.interop.names import CslName, natural
from opis.model import Document

_BOOKS = frozenset({"book"})  # titles in italics in print: plain here, never quoted
_PUBLISHED = frozenset({"book", "article-journal", "post-weblog", "chapter"})


@dataclass(frozen=True)
class Chicago:
    note: str
    bibliography: str


def _and(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _note_names(names: list[CslName]) -> str:
    # 14.76: four or more authors, the first followed by et al.
    if len(names) >= 4:
        return f"{natural(names[0])} et al."
    return _and([natural(n) for n in names])


def _inverted(name: CslName) -> str:
    # 14.83: a Chinese, Japanese or Korean name is not inverted: its family name is already first.
    if "literal" in name or name.get("static-ordering"):
        return natural(name)
    return ", ".join(p for p in (name.get("family", ""), name.get("given", "")) if p)


def _bib_names(names: list[CslName]) -> str:
    # 14.76: the first name inverted, the others in normal order; up to ten listed.
    shown = [_inverted(names[0]), *(natural(n) for n in names[1:10])]
    if len(shown) == 2 and "," in shown[0]:
        return f"{shown[0]}, and {shown[1]}"  # "Meretskov, Kirill, and Terentii Shtykov"
    return _and(shown) + (" et al." if len(names) > 10 else "")


_OUTSIDE = re.compile(r"”([.,])")
_DOUBLE = re.compile(r"([.?!])\.(?=\s|$)")


def _finish(text: str) -> str:
    # 6.9: periods and commas inside closing quotation marks; no doubled full stop after an abbreviation.
    return _DOUBLE.sub(r"\1", _OUTSIDE.sub(r"\1”", text))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    # A kind of document runs on in a note in lower case ("letter to"); a word in capitals stays (RGAE).
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _title(item: dict[str, Any], closing: str) -> str:
    if item["type"] in _BOOKS:
        return str(item["title"])
    return f"“{item['title']}{closing}”"


def _description(item: dict[str, Any]) -> str:
    """``letter to Kim Il Sung``: the kind of document and whom it was sent to."""
    kind = _lower(str(item.get("genre", "")))
    to = [natural(n) for n in item.get("recipient", [])]
    if to:
        return f"{kind} to {_and(to)}" if kind else f"to {_and(to)}"
    return kind


def _translation(item: dict[str, Any], doc: Document, bibliography: bool) -> list[str]:
    out = []
    if item.get("translator"):
        names = _and([natural(n) for n in item["translator"]])
        out.append(f"Translated by {names}" if bibliography else f"trans. {names}")
    if item.get("publisher") and not doc.edition and item["type"] not in _PUBLISHED:
        english = any(r.kind == "translation" and r.language == "en" for r in doc.renditions)
        out.append(f"{'English translation' if english else 'translation'}, {item['publisher']}")
        if not bibliography:
            out[-1] = "in " + out[-1]
    return out


def _archive(item: dict[str, Any]) -> list[str]:
    return [str(item[k]) for k in ("archive_location", "archive", "archive-place") if item.get(k)]


def _edition_parts(item: dict[str, Any], bibliography: bool) -> tuple[list[str], str]:
    """The volume's parts (container, volume, editors, document, page) and its imprint."""
    parts = [str(item["container-title"])]
    if item.get("volume"):
        parts.append(f"vol. {item['volume']}")
    editors = [natural(n) for n in item.get("editor", [])]
    imprint = ": ".join(p for p in (item.get("publisher-place", ""), item.get("publisher", "")) if p)
    year = str(item.get("custom", {}).get("edition", {}).get("year", ""))
    imprint = ", ".join(p for p in (imprint, year) if p)
    if editors:
        parts.append(f"{'edited by' if bibliography else 'ed.'} {_and(editors)}")
    if not bibliography and imprint:
        parts[-1] += f" ({imprint})"
    if item.get("number"):
        parts.append(f"doc. {item['number']}")
    if item.get("page"):
        parts.append(f"p. {item['page']}")
    return parts, imprint


def _note(item: dict[str, Any], doc: Document, date: str) -> str:
    head = [_note_names(item["author"])] if item.get("author") else []
    if doc.edition is not None:
        # The edition's heads name sender and recipient; the Office of the Historian cites by title.
        volume, _ = _edition_parts(item, False)
        parts = [_title(item, ","), date, "in " + volume[0], *volume[1:], item["URL"]]
        return _finish(", ".join(p for p in parts if p).replace("”, ", "” ", 1) + ".")
    if item["type"] in _BOOKS:
        pub = ", ".join(p for p in (item.get("publisher", ""), date) if p)
        parts = [*head, f"{_title(item, '')} ({pub})", *_translation(item, doc, False)[:1], item["URL"]]
        return _finish(", ".join(parts) + ".")
    kind = _description(item) if item["type"] != "article-journal" else ""
    if item["type"] == "post-weblog":
        kind = "blog post"
    parts = [*head, _title(item, ","), kind, date, *_archive(item), *_translation(item, doc, False), item["URL"]]
    return _finish(", ".join(p for p in parts if p).replace("”, ", "” ", 1) + ".")


def _bibliography(item: dict[str, Any], doc: Document, date: str) -> str:
    sentences = [_bib_names(item["author"])] if item.get("author") and doc.edition is None else []
    if doc.edition is not None:
        volume, imprint = _edition_parts(item, True)
        sentences += [_title(item, "."), _cap(date), "In " + ", ".join(volume), imprint, item["URL"]]
        return _finish(" ".join(s if s.endswith(("”", ".")) else s + "." for s in sentences if s))
    if item["type"] in _BOOKS:
        sentences += [_title(item, ""), *_translation(item, doc, True)[:1],
                      ", ".join(p for p in (item.get("publisher", ""), date) if p), item["URL"]]
    else:
        kind = "Blog post" if item["type"] == "post-weblog" else (
            _cap(_description(item)) if item["type"] != "article-journal" else "")
        dated = ", ".join(p for p in (kind, date) if p)
        location = ", ".join(_archive(item)[:1])
        where = ", ".join(_archive(item)[1:])
        sentences += [_title(item, "."), _cap(", ".join(p for p in (dated, location) if p)), where,
                      *_translation(item, doc, True), item["URL"]]
    return _finish(" ".join(s if s.endswith(("”", ".")) else s + "." for s in sentences if s))


def _date(doc: Document, ctx: CiteContext) -> str:
    date = doc.date or (ctx.work.date if ctx.work is not None else None)
    if date is None and doc.edition is not None:
        return ""  # an undated editorial note: the volume's year dates it
    return chicago_date(date)


def chicago(doc: Document, ctx: CiteContext) -> Chicago:
    """The note and the bibliography entry."""
    item = csl_item(doc, ctx)
    date = _date(doc, ctx)
    return Chicago(_note(item, doc, date), _bibliography(item, doc, date))


def chicago_note(doc: Document, ctx: CiteContext) -> str:
    """The note alone (what a page shows)."""
    return _note(csl_item(doc, ctx), doc, _date(doc, ctx))
