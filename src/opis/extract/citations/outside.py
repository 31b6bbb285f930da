"""Citations that stand outside any footnote: a source line under a document's title (``Source: AVPRF fond
0102, opis 16, delo 7``; ``Архив: ГАРФ. Ф. Р-5446. Оп. 1. Д. 20. Л. 4.``; FRUS's ``761.94114/12–2249:
Telegram``, ``S/P Files: Lot 64 D 563``; a repository's reference alone on its line) and an archival reference
in parentheses in running text (``(РГАСПИ. Ф. 17. Оп. 3. Д. 1074. Л. 22)``, ``(895.50 Recovery/1–549)``).

Only archival references are taken outside notes (a book named in running text is prose, not apparatus), and a
digital archive's citation line that gives the original's archival reference (kind ``web``, with its levels).
Each comes back with ``footnote: null``, ``where`` ("line" or "parentheses") and ``offset``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from opis.extract.base import Finding
from opis.extract.citations.levels import find_levels
from opis.extract.citations.repositories import by_abbreviation, by_name
from opis.extract.citations.terms import alternation, forms
from opis.extract.citations.us_records import DECIMAL_FILE

PARENS = re.compile(r"\((?P<inner>[^()\n]{4,300}?(?:\([^()\n]*\)[^()\n]*?)*)\)")
MAX_LINE = 300
# A file series and its lot file, FRUS's source line for records outside the Central Files: "S/P Files: Lot 64 D 563".
LOT_FILE = re.compile(r"^[^\d,;:]{2,60}:\s*Lot\s+\d{2}\s?D\s?\d{1,4}\b")
NAME_PARTICLES = frozenset({"of", "the", "and", "der", "des", "du", "de", "für", "im"})
# A document's title and where it is kept, joined as GOST joins a part and the whole it stands in: "Из доклада
# … 6 декабря 1941 г. // ЦАОДМ, ф. 3, оп. 52, д. 27, л. 18-32."
WHOLE = re.compile(r"\s//\s+(?=\S)")
# An archive's abbreviation the vocabulary lacks, alone before labelled levels ("ЦАОДМ, ф. 3, оп. 52"): kept as written.
ABBREVIATION = re.compile(r"^\s*([A-ZА-ЯЁ]{3,8})\s*[,.]?\s*$")


def _source_label() -> re.Pattern[str]:
    return re.compile(rf"^\(?\s*(?:{alternation(forms('source_labels'))})\s*:\s*")


def opens_with_reference(text: str) -> bool:
    """Whether ``text`` starts as an archival reference: a decimal file, a labelled run of levels, or an
    archive's abbreviation with numbers after it."""
    if DECIMAL_FILE.match(text) or LOT_FILE.match(text):
        return True
    run = find_levels(text)
    if len(run.fields) >= 2 and (run.start == 0 or _archive_name(text[:run.start])
                                 or ABBREVIATION.match(text[:run.start])):
        return True
    head = re.match(r"^[^\d]{2,60}?(?=\d)", text)
    return bool(head and _archive_name(head.group(0)))


def _digital_archive_citation(line: str) -> bool:
    """A digital archive's citation of a document on a line of its own (``"Journal of …," August 14, 1957, History
    and Public Policy Program Digital Archive, AVPRF F. 0102, Op. 13, P. 72, Delo 5, Listy 165-192. …``): it names
    the digital archive and the archival source of the original."""
    return "Digital Archive" in line and len(find_levels(line).fields) >= 2


def _archive_name(head: str) -> bool:
    """Whether ``head`` is an archive's name or abbreviation, not a sentence that names one."""
    words = re.findall(r"[^\W\d_][\w'’-]*", head)
    if not all(w[0].isupper() or w in NAME_PARTICLES for w in words):
        return False
    # an abbreviation, or the archive's full name as its first part ("PRC Ministry of Foreign Affairs Archive,
    # Document 118-00235-03")
    return bool(by_abbreviation(head) or "," in head and by_name(head.split(",", 1)[0]))


def _spans(text: str, inside: list[tuple[int, int]]) -> Iterator[tuple[int, str, str]]:
    """(offset, candidate text, where) outside the notes."""
    offset = 0
    for line in text.splitlines(keepends=True):
        start, stripped = offset, line.strip()
        offset += len(line)
        if not stripped or any(a <= start < b for a, b in inside):
            continue
        label = _source_label().match(stripped)
        body = stripped[label.end():].rstrip(")") if label else stripped
        if len(stripped) <= MAX_LINE and (label or opens_with_reference(body)):
            yield start + line.index(stripped[:1]), body, "line"
            continue
        whole = list(WHOLE.finditer(stripped))
        if whole and len(stripped) - whole[-1].end() <= MAX_LINE and opens_with_reference(stripped[whole[-1].end():]):
            yield start + line.index(stripped[:1]) + whole[-1].end(), stripped[whole[-1].end():], "line"
            continue
        if len(stripped) <= 2 * MAX_LINE and _digital_archive_citation(stripped):
            yield start + line.index(stripped[:1]), stripped, "line"
            continue
        for found in PARENS.finditer(line):
            inner = found.group("inner").strip()
            label = _source_label().match(inner)
            inner = inner[label.end():] if label else inner
            if opens_with_reference(inner):
                yield start + found.start(), inner, "parentheses"


def outside_citations(text: str, inside: list[tuple[int, int]],
                      parse: Callable[[str], list[Finding]]) -> list[Finding]:
    """Archival citations outside the spans ``inside`` (the notes), in text order; ``parse`` reads the
    citations of one candidate (a source line may join two archives' references with "and")."""
    found = []
    for offset, candidate, where in _spans(text, inside):
        for cited in parse(candidate):
            # a web page's citation counts when it gives the original's archival reference
            if cited["kind"] == "archival" or cited["kind"] == "web" and cited.get("repository"):
                found.append({**cited, "footnote": None, "where": where, "offset": offset})
    return found
