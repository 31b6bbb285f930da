"""The tail of a bibliographic reference, after its title: container, editors, place, publisher,
year, volume, issue and pages, in Russian (``// Журнал. №3. 1983. С. 8 – 22``) and Chicago
(``Journal 4 (Place: Publisher, 1999), 12-14``) forms.

Each element is found by its own pattern; free text (container, editors, publisher) runs from its
marker to the next element found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from opis.extract.citations.authors import LOW, UP, split_authors
from opis.extract.citations.folios import PAGE_PATTERN, normalize_pages
from opis.extract.citations.terms import alternation, forms, issue_date_words, place_abbreviations

YEAR = r"(?<![\d/.\-–])(?:1[5-9]\d\d|20\d\d)(?![\d/\-–])"
TRIM = " \t.,;:"
NAME_TRIM = " \t,;:/"


@cache
def pub_block() -> re.Pattern[str]:
    """Chicago's publication block, ``(Place: Publisher, Year)``, or a journal issue's date, ``(Spring 1978)``,
    ``(March 1995)`` (the season or month is not a place)."""
    dated = rf"(?:(?:{alternation(issue_date_words())})\s+(?:\d{{1,2}},?\s+)?)"
    return re.compile(rf"\((?:(?P<place>[^():]+):\s*)?(?:(?P<publisher>[^()]+?),\s*)?{dated}?(?P<year>{YEAR})\)")


@dataclass
class Span:
    field: str
    start: int
    end: int
    value: str


@cache
def tail_patterns() -> dict[str, re.Pattern[str]]:
    def marker(key: str) -> str:
        return rf"(?<![\w])(?:{alternation(forms(key))})\.?\s*"

    places = (*forms("places"), *place_abbreviations())
    return {
        "pages": re.compile(rf"{marker('pages')}(?P<v>{PAGE_PATTERN})(?![\w])"),
        "issue": re.compile(rf"{marker('issue')}(?P<v>\d+(?:[-–/]\d+)?)(?![\w])"),
        "volume": re.compile(rf"{marker('volume')}(?P<v>\d+)(?![\w])"),
        "year": re.compile(rf"(?P<v>{YEAR})"),
        "place": re.compile(
            rf"(?:^|(?<=[.,(/]\s)|(?<=[.,(]))(?P<v>{alternation(places)})(?=\s*[:,]|\.?\s+\d{{4}}|\.?$)"
        ),
        # GOST imprint: any place, known or not, between a dash and a spaced colon ("– Хабаровск : Изд-во").
        "imprint_place": re.compile(rf"(?:^|\s)[–—-]\s(?P<v>[{UP}][{LOW}]+(?:[- ][{UP}][{LOW}]+)?)(?=\s:\s)"),
        "editors": re.compile(rf"(?:^|(?<=/\s)|(?<=/))(?:{alternation(forms('editor_markers'))})\s*"),
        # "// Журнал", "In Book", or GOST's "— «Журнал»" (a dash before a name in quotation marks)
        "container": re.compile(r"^\s*//?\s*|^\s*[Ii]n:?\s+|^\s*[—–]\s*(?=[«\"“„])"),
    }


def _spans(tail: str) -> list[Span]:
    found: list[Span] = []
    for name, pattern in tail_patterns().items():
        hits = list(pattern.finditer(tail))
        if not hits:
            continue
        hit = hits[-1] if name in ("pages", "year") else hits[0]
        found.append(Span(name, hit.start(), hit.end(), hit.groupdict().get("v") or ""))
    return _drop_overlaps(found)


def _drop_overlaps(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not any(k.start <= span.start < k.end for k in kept):
            kept.append(span)
    return kept


def _following_text(tail: str, span: Span, spans: list[Span], trim: str = TRIM) -> str:
    """Text after ``span`` up to the next element, trimmed."""
    ends = [s.start for s in spans if s.start >= span.end]
    return tail[span.end:min(ends, default=len(tail))].strip(trim)


def parse_tail(tail: str) -> dict[str, Any]:
    """Container, editors, place, publisher, year, volume, issue and pages found in ``tail``."""
    out: dict[str, Any] = {}
    spans = _spans(tail)
    for span in spans:
        if span.field == "container":
            out["container"] = _following_text(tail, span, spans).strip("«»\"“”„ ") or None
        elif span.field == "editors":
            out["editors"] = _following_text(tail, span, spans, NAME_TRIM) or None
        elif span.field in ("place", "imprint_place"):
            out["place"] = place_abbreviations().get(span.value, span.value)
            # "Hong Kong: US Consulate. No date (1953?)": the publisher's name ends with its sentence
            out["publisher"] = re.split(r"\.\s+(?=[A-Z])", _following_text(tail, span, spans))[0].strip(TRIM) or None
        else:
            out[span.field] = normalize_pages(span.value) if span.field == "pages" else span.value
    if isinstance(out.get("editors"), str):
        out["editors"] = split_authors(out["editors"]) or [out["editors"]]
    return out


def _without(text: str, spans: list[Span]) -> str:
    for span in sorted(spans, key=lambda s: -s.start):
        text = text[:span.start] + text[span.end:]
    return re.sub(r"\s{2,}", " ", text).strip(TRIM)


# A chapter's book: "in Title, ed. Name" (Chicago puts the editors after the container's title).
_LEAD_IN = re.compile(r"^\s*[Ii]n:?\s+")
_JOURNAL_VOLUME = re.compile(r"(?<=[^\W\d])\s+(?P<v>\d{1,4})$")
_TRAILING_EDITORS = re.compile(r",\s*(?:eds?\.|edited by)\s+(?P<v>[^,()]+)$")


def _parse_chicago_tail(tail: str, block: re.Match[str]) -> dict[str, Any]:
    """``Container No. 4 (Place: Publisher, Year): pages`` with the publication block already found."""
    before = _LEAD_IN.sub("", tail[:block.start()].strip(TRIM))
    out: dict[str, Any] = {}
    editors = _TRAILING_EDITORS.search(before)
    if editors:
        out["editors"] = split_authors(editors.group("v").strip(NAME_TRIM)) or [editors.group("v").strip(NAME_TRIM)]
        before = before[:editors.start()]
    numbers = [s for s in _spans(before) if s.field in ("issue", "volume")]
    out.update({s.field: s.value for s in numbers})
    journal = _JOURNAL_VOLUME.search(before) if block.group("place") is block.group("publisher") is None else None
    if journal and "volume" not in out and "issue" not in out:
        # A journal's issue, dated with no place or publisher: "Diplomatic History 2 (Spring 1978)" is volume 2.
        out["volume"] = journal.group("v")
        before = before[:journal.start()]
    if before:
        out["container"] = _without(before, numbers) or None
    place, publisher = block.group("place"), block.group("publisher")
    if place is None and publisher and publisher.split(",")[0].strip(TRIM) in _known_places():
        place, publisher = _place_then_publisher(publisher)
    out.update({"place": place, "publisher": publisher, "year": block.group("year")})
    pages = re.match(rf"^[\s,:]*(?:(?:{alternation(forms('pages'))})\.?\s*)?(?P<v>{PAGE_PATTERN})", tail[block.end():])
    if pages:
        out["pages"] = normalize_pages(pages.group("v"))
    return {k: (v.strip(TRIM) if isinstance(v, str) else v) for k, v in out.items()}


# A state, province or country abbreviated after a place: "Cambridge, Mass.", "Princeton, NJ", "Oxford, U.K".
_REGION = re.compile(r"[A-Z][A-Za-z.]{0,5}")


def _place_then_publisher(text: str) -> tuple[str, str | None]:
    """``Moscow`` or ``Cambridge, Mass.`` is a place with no publisher; ``Washington, Government Printing Office``
    is a place and then its publisher (the comma stands where Chicago puts a colon)."""
    first, _, rest = text.partition(",")
    rest = rest.strip(TRIM)
    if not rest or _REGION.fullmatch(rest):
        return text, None
    return first.strip(TRIM), rest


@cache
def _known_places() -> frozenset[str]:
    return frozenset((*forms("places"), *place_abbreviations()))


@cache
def _loose_imprint() -> re.Pattern[str]:
    places = alternation(tuple(_known_places()))
    return re.compile(rf",\s*(?P<publisher>[A-Z][\w&.'’ -]{{1,60}}?):\s*(?P<place>{places})\.?,?\s+(?P<year>{YEAR})")


@cache
def _open_imprint() -> re.Pattern[str]:
    """Chicago's imprint without its brackets, as e-books and PDF text print it: ``…, Chapel Hill: University of
    North Carolina Press, 2000, pp. 10–42``. The place need not be known when the publisher reads as one (a
    word of ``publisher_words``): ``Cold War: A History, 1990`` is a title, not an imprint."""
    places = alternation(tuple(_known_places()))
    words = alternation(forms("publisher_words"))
    name = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
    publisher = r"[A-Z][^,:;()]{0,60}?"
    return re.compile(
        rf",\s+(?P<place>{places}|{name}(?=:\s{publisher}\b(?:{words})\b)):\s*(?P<publisher>{publisher}),\s"
        rf"(?P<year>{YEAR})(?!\d)")


def imprint_block(text: str) -> re.Match[str] | None:
    """A publication block: Chicago's bracketed one, a British imprint without brackets, the publisher first
    (``…, Hutchinson: London 1968 pp. 279–80``), or a Chicago one without brackets (``_open_imprint``). All have
    the groups ``place``, ``publisher`` and ``year``."""
    return pub_block().search(text) or _loose_imprint().search(text) or _open_imprint().search(text)


def tail_fields(tail: str) -> dict[str, Any]:
    """The publication fields of ``tail``; a tail that is only a page range gives pages."""
    block = imprint_block(tail)
    if block:
        return _parse_chicago_tail(tail, block)
    bare = re.fullmatch(rf"[\s,.:]*(?P<v>{PAGE_PATTERN})[\s.]*", tail)
    return {"pages": normalize_pages(bare.group("v"))} if bare else parse_tail(tail)
