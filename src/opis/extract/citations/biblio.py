"""Bibliographic references in Russian (GOST-like) and English (Chicago-like) forms.

A reference is cut into a head (authors), a title, and a tail (see ``bibtail``). Titles marked with
``*asterisks*``, or with quotation marks after the authors, are taken as marked; otherwise the title
runs from the authors to the first tail element. Editors and translators named inside the title part
(``…, trans. Neil Silver``) and a closing ``7:148–50`` (volume 7, pages 148-50) are taken out first.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from opis.extract.citations.authors import COUPLE, is_full_name, is_name, leading_authors_re, split_authors
from opis.extract.citations.bibtail import NAME_TRIM, TRIM, YEAR, imprint_block, tail_fields, tail_patterns
from opis.extract.citations.folios import PAGE_PATTERN, normalize_pages
from opis.extract.citations.terms import alternation, forms, issue_date_words

# British single quotes may hold apostrophes ('… America's Korean Policy …'): a quote followed by a letter is one.
MARKED_TITLE = re.compile(r"\*(?P<t>[^*]+)\*|[\"“„«](?P<q>[^\"“”„«»]+)[\"”»]"
                          r"|(?<![^\s(])['‘](?P<s>[^\s'‘’](?:[^'‘’]|['’](?=\w)){0,300}?)['’](?!\w)")
VOLUME_PAGES = re.compile(rf",?\s*(?P<volume>\d+):\s*(?P<pages>{PAGE_PATTERN})\.?\s*$")
INVERTED_HEAD = re.compile(r"^[A-Z][\w'’-]+,\s[A-Z][\w.'’ -]*?\.\s")


def _split_marked(text: str) -> tuple[str, str, str] | None:
    """(head, title, tail) around a title in asterisks, or in quotes after the authors."""
    found = MARKED_TITLE.search(text)
    if not found:
        return None
    head = text[:found.start()]
    quoted = found.group("q") if found.group("q") is not None else found.group("s")
    if quoted is not None and head.strip(TRIM) and not split_authors(head):
        return None
    return head, found.group("t") or quoted, text[found.end():]


def _title_end(body: str) -> int:
    """Where an unmarked title ends: at a slash, a place, a page marker, or a year standing alone."""
    ends = [m.start() for m in re.finditer(r"\s//?\s", body)]
    # GOST's area separator: "Title (…). — «Журнал», 1992" (a dash inside a title has no full stop before it)
    ends += [m.start() + 1 for m in re.finditer(r"\.\s+[—–]\s", body)]
    for name in ("place", "imprint_place", "pages"):
        ends += [m.start() for m in tail_patterns()[name].finditer(body)]
    ends += [m.start(1) for m in re.finditer(rf"[.,]\s({YEAR})(?=[.,]|\s*$)", body)]
    ends += [m.start(1) for m in _issue_date().finditer(body)]
    return min(ends, default=len(body))


@cache
def _issue_date() -> re.Pattern[str]:
    """A newspaper's issue date after its title: ``Нодон синмун. 19 марта 1956 г.``, ``Pravda, March 3, 1950``."""
    month = alternation(issue_date_words())
    return re.compile(rf"[.,]\s((?:\d{{1,2}}\s+(?:{month})|(?:{month})\.?\s+\d{{1,2}},?)\s+{YEAR})")


def _chicago_head(before: str) -> tuple[str, str]:
    """(authors, title) before a Chicago publication block: ``A B, C D, and E F, Title, Subtitle``; two authors
    are joined by "and" with no comma (``O. B. Borisov and B. T. Koloskov, Title``)."""
    chunks = before.split(",")
    authors: list[str] = []
    taken = 0
    for chunk in chunks:
        name = re.sub(r"^\s*(?:and|&)\s+", "", chunk).strip()
        pair = re.split(r"\s+(?:and|&)\s+", name)
        if is_full_name(name) or not authors and len(chunks) > 1 and re.fullmatch(COUPLE, name):
            authors.append(name)
        elif len(pair) == 2 and len(chunks) > 1 and all(is_full_name(p) for p in pair):
            authors.append(name)
        else:
            break
        taken += 1
    return ", ".join(authors), ",".join(chunks[taken:])


# A Latin name of two to four words opening a Chicago note: "Simon Winchester, The Man Who Loved China, New York:
# Harper Collins, 2008, pp. 199–216". A possessive marks a title ("China’s Road"), not a given name.
LATIN_NAME = r"(?:[A-Z][a-z-]*\.?\s){1,3}(?:(?:van|von|de|der|du|la|le)\s)?[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*"
# "Allyn and Adele Rickett": two given names sharing one surname (a couple opens a note, so only there).
LATIN_COUPLE = r"[A-Z][a-z]+\s(?:and|&)\s[A-Z][a-z]+\s[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*"
CHICAGO_LEAD = re.compile(rf"^(?P<names>{LATIN_COUPLE}|{LATIN_NAME}(?:,\s(?:and\s)?{LATIN_NAME})*"
                          rf"(?:,?\s(?:and|&)\s{LATIN_NAME})?),\s(?=[A-Z“\"‘'])")
# What a Chicago note has after its title: an imprint without brackets, or a page locator.
CHICAGO_TAIL = re.compile(r":\s[^,:]{2,80},\s(?:1[5-9]|20)\d\d\b|,\s*pp?\.\s*\d")


def _chicago_lead(text: str) -> re.Match[str] | None:
    """The authors opening a Chicago note that has no publication block in brackets, or None."""
    found = CHICAGO_LEAD.match(text)
    if found is None or not CHICAGO_TAIL.search(text, found.end()):
        return None
    first = found.group("names").split()[0]
    months = issue_date_words()
    after = text[found.end():].split(" ", 1)[0].strip(",.")
    if first in forms("not_name_words") or after in months or after.rstrip(".") in months:
        return None  # "The Korean War, …", "New York Times, March 3, 1950": a title, a newspaper's date
    return found


def _split_unmarked(text: str) -> tuple[str, str, str]:
    block = imprint_block(text)
    if block:
        head, title = _chicago_head(text[:block.start()])
        return head, title, text[block.start():]
    chicago = _chicago_lead(text)
    if chicago:
        body = text[chicago.end():]
        end = _title_end(body)
        return chicago.group("names"), body[:end], body[end:]
    lead = leading_authors_re().match(text) or INVERTED_HEAD.match(text)
    head = lead.group(0) if lead else ""
    body = text[len(head):]
    end = _title_end(body)
    return head, body[:end], body[end:]


# An edition statement closing the title part: "…, 2nd ed.", "…, rev. ed.", "2-е изд." (raw keeps it).
EDITION = re.compile(r"[,.]?\s+(?:\d+(?:st|nd|rd|th)|rev\.|revised|\d+-е)\s+(?:ed|edn|edition|изд)\.?$")


def _split_volume(title: str) -> tuple[str, str | None]:
    found = re.search(rf"[,.]?\s+(?:{alternation(forms('volume'))})\.\s*(\d+)\b.*$", title)
    if not found:
        return title, None
    return title[:found.start()], found.group(1)


def _split_contributors(title: str) -> tuple[str, dict[str, list[str]]]:
    """A title without its ``…, ed. X`` / ``…, trans. Y`` part, and those names by role."""
    roles = {"editors": forms("editor_markers"), "translators": forms("translator_markers")}
    for role, markers in roles.items():
        # "Title (edited by Walter G. Hermes), a volume in the … Series": the brackets name the editors, and
        # what follows them is the series the book belongs to, not its title (raw keeps it).
        bracketed = re.search(rf"\s*\((?:{alternation(markers)})\s+(?P<names>[^()]+)\)", title)
        if bracketed and (split_authors(bracketed.group("names")) or is_name(bracketed.group("names"))):
            names = split_authors(bracketed.group("names")) or [bracketed.group("names").strip()]
            return title[:bracketed.start()], {role: names}
        found = re.search(rf",\s*(?:{alternation(markers)})\s+(?P<names>[^,]+(?:,\s*[^,]+)*)$", title)
        if found and (split_authors(found.group("names")) or is_name(found.group("names"))):
            names = split_authors(found.group("names")) or [found.group("names").strip()]
            return title[:found.start()], {role: names}
    return title, {}


PROSE_LEAD = re.compile(r"(?:^|\s)(?:in|In|see|See|by|from|cf\.)\s+(?=[A-Z])")


def reference_in_prose(text: str) -> int | None:
    """Where a Chicago reference starts after prose in the same sentence (``…, are summarized in Robert K.
    Sawyer, Military Advisors in Korea … (Washington, Government Printing Office, 1962), p. 37``): after the last
    ``in``/``see``/``by`` that a full name and a comma follow, when the text does not open with authors."""
    block = imprint_block(text)
    if not block:
        return None
    before = text[:block.start()]
    if _chicago_head(before)[0]:
        return None
    window = max(0, len(before) - 400)  # a name and a title; looking further back would be quadratic
    for lead in reversed(list(PROSE_LEAD.finditer(before, window))):
        if _chicago_head(before[lead.end():])[0]:
            return lead.end()
    return None


def parse_bibliographic(text: str) -> dict[str, Any]:
    """Authors, title and publication fields of one bibliographic reference."""
    closing = VOLUME_PAGES.search(text) if not imprint_block(text) else None
    body = text[:closing.start()] if closing else text
    head, title, tail = _split_marked(body) or _split_unmarked(body)
    fields = tail_fields(tail.lstrip())
    title, volume = _split_volume(EDITION.sub("", title.strip(TRIM)))
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
