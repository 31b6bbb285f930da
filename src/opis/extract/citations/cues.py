"""Whether a piece of text reads as a reference, on evidence stronger than a year.

Real notes are often prose ("Not printed.", "On October 1, 1953, a treaty was signed…"); prose with a
date must not become a bibliographic citation, and a run of numbered body paragraphs must not become
notes. A piece is a reference when it holds one of: two archival levels (``F. 17. Op. 3``); a
back-reference (Ibid., Там же, op. cit.); a US decimal file (``795.00/6-2550``), a record label
(``RG 59``, ``Lot 66 D 70``) or a US record's series (``Department of Defense Files``); a page locator
(``p. 12``, ``pp. 3–9``, ``С. 38``); a publication tail
(``(Moscow, 1994)``, ``М., 1948.``, ``Hutchinson: London 1968``, ``Москва, Наука. 1993``); a title in
asterisks, or in quotation marks followed by a page; a known archive's abbreviation with a number; a
URL; or FRUS (``Foreign Relations, 1948``).
"""

from __future__ import annotations

import re
from functools import cache

from opis.extract.citations.ibid import find_backref
from opis.extract.citations.levels import find_levels
from opis.extract.citations.repositories import by_abbreviation
from opis.extract.citations.schemes import by_patterns, unknown_archive
from opis.extract.citations.terms import alternation, forms, place_abbreviations
from opis.extract.citations.us_records import DECIMAL_FILE, parse_us_record

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
TAILS = (
    re.compile(rf"\([^()]*\b{YEAR}\)"),  # (Moscow, 1994) (Washington, Government Printing Office, 1962)
    re.compile(rf":\s*[A-ZА-ЯЁ][\w .-]+,?\s+{YEAR}(?!\d)"),  # Hutchinson: London 1968
    # a newspaper's issue: Правда. 3 мая 1950 г.
    re.compile(rf"^[A-ZА-ЯЁ«\"][^.]{{2,80}}\.\s+\d{{1,2}}\s+[^\W\d]+\s+{YEAR}\s*(?:г\.|года)?\.?$"),
    # the same with the year first: Правда. 1956. 6 марта.
    re.compile(rf"^[A-ZА-ЯЁ«\"][^.]{{2,80}}\.\s+{YEAR}\.\s+\d{{1,2}}\s+[^\W\d]+\.?$"),
    re.compile(rf"\b(?:RG|Record Group)\s+\d+|\bLot\s+\d+\s*D\s*\d+|\bFRUS\b|Foreign Relations,\s*{YEAR}|https?://"),
)
# A dateline ("Washington, January 7, 1955") is not a publication tail.
MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|"
         r"июля|августа|сентября|октября|ноября|декабря))")
MARKED_TITLE = re.compile(r"\*[^*]{3,}\*|[\"“«][^\"”»]{3,}[\"”»],?\s*\d+(?:\s*[-–]\s*\d+)?\.?$")
BACKREF_ANYWHERE = re.compile(r"(?:^|[\s(;,])(?:Ibid|ibid|Ibidem|Там же|там же|op\. cit|Указ\. соч)(?![\w])")


@cache
def _place_year_re() -> re.Pattern[str]:
    """A known place of publication with a year close after it: ``Москва, Наука. 1993``, ``Princeton. 1989``."""
    places = (*forms("places"), *place_abbreviations())
    return re.compile(rf"(?<![\w])(?:{alternation(places)})[,:.](?:(?!{MONTH})[^;]){{0,45}}?(?<!\d){YEAR}(?!\d)")


@cache
def _page_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.])(?:{alternation(forms('pages'))})\.\s?\d+")


def _names_archive(text: str) -> bool:
    return bool(re.search(r"\d", text)) and by_abbreviation(text) is not None


def reads_as_reference(text: str) -> bool:
    """Whether ``text`` holds a reference (see the module docstring)."""
    if len(find_levels(text).fields) >= 2 or find_backref(text) or BACKREF_ANYWHERE.search(text):
        return True
    if DECIMAL_FILE.search(text) or _page_re().search(text) or parse_us_record(text):
        return True
    if MARKED_TITLE.search(text) or _place_year_re().search(text):
        return True
    if any(p.search(text) for p in TAILS) or _names_archive(text) or _unknown_archive(text):
        return True
    return by_patterns(text, None) is not None  # "11. doboz, 22/а, 08103/2/1954": a box, a file, a document


def _unknown_archive(text: str) -> bool:
    """An archive the vocabulary does not know, named at the head, with numbers after it."""
    name = unknown_archive(text)
    return bool(name and re.search(r"\d", text[len(name):]))
