"""Bibliographic references in Russian (GOST-like) and English (Chicago-like) forms.

A reference is cut into a head (authors), a title, and a tail (see ``bibtail``). Titles marked with
``*asterisks*``, or with quotation marks after the authors, are taken as marked; otherwise the title
runs from the authors to the first tail element. Editors and translators named inside the title part
(``…, trans. Neil Silver``) and a closing ``7:148–50`` (volume 7, pages 148-50) are taken out first.
"""

from __future__ import annotations

import re
from typing import Any

from opis.extract.citations.authors import is_full_name, is_name, leading_authors_re, split_authors
from opis.extract.citations.bibtail import NAME_TRIM, PUB_BLOCK, TRIM, YEAR, tail_fields, tail_patterns
from opis.extract.citations.folios import PAGE_PATTERN, normalize_pages
from opis.extract.citations.terms import alternation, forms

MARKED_TITLE = re.compile(r"\*(?P<t>[^*]+)\*|[\"“„«](?P<q>[^\"“”„«»]+)[\"”»]")
VOLUME_PAGES = re.compile(rf",?\s*(?P<volume>\d+):\s*(?P<pages>{PAGE_PATTERN})\.?\s*$")
INVERTED_HEAD = re.compile(r"^[A-Z][\w'’-]+,\s[A-Z][\w.'’ -]*?\.\s")


def _split_marked(text: str) -> tuple[str, str, str] | None:
    """(head, title, tail) around a title in asterisks, or in quotes after the authors."""
    found = MARKED_TITLE.search(text)
    if not found:
        return None
    head = text[:found.start()]
    if found.group("q") is not None and head.strip(TRIM) and not split_authors(head):
        return None
    return head, found.group("t") or found.group("q"), text[found.end():]


def _title_end(body: str) -> int:
    """Where an unmarked title ends: at a slash, a place, a page marker, or a year standing alone."""
    ends = [m.start() for m in re.finditer(r"\s//?\s", body)]
    for name in ("place", "imprint_place", "pages"):
        ends += [m.start() for m in tail_patterns()[name].finditer(body)]
    ends += [m.start(1) for m in re.finditer(rf"[.,]\s({YEAR})(?=[.,]|\s*$)", body)]
    return min(ends, default=len(body))


def _chicago_head(before: str) -> tuple[str, str]:
    """(authors, title) before a Chicago publication block: ``A B, C D, and E F, Title, Subtitle``."""
    chunks = before.split(",")
    authors: list[str] = []
    for chunk in chunks:
        name = re.sub(r"^\s*(?:and|&)\s+", "", chunk).strip()
        if not is_full_name(name):
            break
        authors.append(name)
    return ", ".join(authors), ",".join(chunks[len(authors):])


def _split_unmarked(text: str) -> tuple[str, str, str]:
    block = PUB_BLOCK.search(text)
    if block:
        head, title = _chicago_head(text[:block.start()])
        return head, title, text[block.start():]
    lead = leading_authors_re().match(text) or INVERTED_HEAD.match(text)
    head = lead.group(0) if lead else ""
    body = text[len(head):]
    end = _title_end(body)
    return head, body[:end], body[end:]


def _split_volume(title: str) -> tuple[str, str | None]:
    found = re.search(rf"[,.]?\s+(?:{alternation(forms('volume'))})\.\s*(\d+)\b.*$", title)
    if not found:
        return title, None
    return title[:found.start()], found.group(1)


def _split_contributors(title: str) -> tuple[str, dict[str, list[str]]]:
    """A title without its ``…, ed. X`` / ``…, trans. Y`` part, and those names by role."""
    roles = {"editors": forms("editor_markers"), "translators": forms("translator_markers")}
    for role, markers in roles.items():
        found = re.search(rf",\s*(?:{alternation(markers)})\s+(?P<names>[^,]+(?:,\s*[^,]+)*)$", title)
        if found and (split_authors(found.group("names")) or is_name(found.group("names"))):
            names = split_authors(found.group("names")) or [found.group("names").strip()]
            return title[:found.start()], {role: names}
    return title, {}


def parse_bibliographic(text: str) -> dict[str, Any]:
    """Authors, title and publication fields of one bibliographic reference."""
    closing = VOLUME_PAGES.search(text) if not PUB_BLOCK.search(text) else None
    body = text[:closing.start()] if closing else text
    head, title, tail = _split_marked(body) or _split_unmarked(body)
    fields = tail_fields(tail.lstrip())
    title, volume = _split_volume(title.strip(TRIM))
    title, contributors = _split_contributors(title)
    if closing:
        fields.update(volume=closing.group("volume"), pages=normalize_pages(closing.group("pages")))
    if isinstance(fields.get("publisher"), str):
        fields["publisher"] = fields["publisher"].strip("«»\"“”„ ")  # Сеул, «Ырю мунхва са», 1988
    found: dict[str, Any] = {
        "authors": split_authors(head.strip(NAME_TRIM)),
        "title": title.strip(TRIM) or None,
        **{k: fields.get(k) for k in ("container", "place", "publisher", "year", "pages")},
        "editors": fields.get("editors") or contributors.get("editors") or [],
        "issue": fields.get("issue"),
        "volume": fields.get("volume") or volume,
    }
    if "translators" in contributors:
        found["translators"] = contributors["translators"]
    return found
