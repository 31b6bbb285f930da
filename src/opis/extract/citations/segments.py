"""Cut a footnote into its citations: at semicolons outside brackets and quotes, dropping lead-ins
("See for example:", "См. также") and gluing back pieces that are not citations (a comment that
itself holds a semicolon).
"""

from __future__ import annotations

import re
from functools import cache

from opis.extract.citations.cues import BACKREF_ANYWHERE, reads_as_reference
from opis.extract.citations.ibid import find_backref
from opis.extract.citations.levels import find_levels
from opis.extract.citations.outside import opens_with_reference
from opis.extract.citations.repositories import by_abbreviation
from opis.extract.citations.terms import alternation, forms

# "d. 212, pp. 14-30, and d. 215, pp. 3-9": another delo of the same opis starts a citation of its own.
ANOTHER_DELO = re.compile(r",?\s+(?:and|и)\s+(?=(?:d|D|д|Д|delo|Delo|дело)\.?\s*\d)")
# "APRF, Fond 45, …, Listy 12-13 and AVPRF, Fond 059a, …": a second archive's reference joined by "and".
AND = re.compile(r",?\s+(?:and|и)\s+")
ARCHIVE_AHEAD = 90  # how far after "and" the second archive's name is looked for
BACKREF_SENTENCE = re.compile(r"(?<=\.)\s+(?=(?:Ibid|Там же)(?![\w]))")
OPENERS = {"(": ")", "[": "]", "«": "»", "“": "”"}
CITATION_HINT = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|https?://|\*[^*]+\*|RG\s\d|\d{3}\.\d+[A-Z]?\d*/")


@cache
def _lead_in_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{alternation(forms('lead_ins'))})(?![\w])[\s:,]*")


def strip_lead_in(text: str) -> str:
    return _lead_in_re().sub("", text, count=1).strip()


@cache
def _prose_colon_re() -> re.Pattern[str]:
    return re.compile(rf"(?<=[\s,])(?:{alternation(forms('prose_colon_words'))}):\s+(?=\S)")


# Prose is words with no digit: a reference's fields (years, numbers, levels) are never in it.
PROSE_WORDS = 3
PROSE_LIMIT = 300


def prose_lead(text: str) -> int | None:
    """Where a reference starts after a sentence of prose that introduces it with a word and a colon
    (``…, в частности, в: ChosOn chOnsa …``), or None. Only the text's first ``PROSE_LIMIT`` characters are
    looked at, and the prose must hold at least ``PROSE_WORDS`` words and no digit."""
    found = _prose_colon_re().search(text, 0, PROSE_LIMIT)
    if found is None:
        return None
    before = text[:found.start()]
    if any(ch.isdigit() for ch in before) or len(before.split()) < PROSE_WORDS:
        return None
    return found.end()


def _split_top_level(text: str) -> list[str]:
    pieces, closers, current = [], [], ""
    for ch in text:
        if ch in OPENERS:
            closers.append(OPENERS[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
        if ch == ";" and not closers:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return pieces


def _another_archive(piece: str) -> list[str]:
    """``piece`` cut where "and" joins two archival references, each naming its archive and with numbers of
    its own (``…, PRO, FO371-99238, pp. 13–15, and British Embassy to Foreign Office, …, PRO, FO371-99345``);
    ``pp. 61–2 and 116–22`` names no archive after "and" and stays whole. Each "and" looks a bounded way
    back and ahead, so the piece is read in linear time."""
    out, start = [], 0
    for found in AND.finditer(piece):
        left = piece[max(start, found.start() - 3 * ARCHIVE_AHEAD):found.start()]
        right = piece[found.end():found.end() + ARCHIVE_AHEAD]
        if (re.search(r"\d", left) and by_abbreviation(left)
                and re.search(r"\d", right) and by_abbreviation(right)):
            out.append(piece[start:found.start()])
            start = found.end()
    out.append(piece[start:])
    return out


def looks_like_citation(text: str) -> bool:
    """Whether a piece of a footnote reads as a reference rather than a comment."""
    text = strip_lead_in(text)
    return bool(find_backref(text) or find_levels(text).fields or CITATION_HINT.search(text)
                or reads_as_reference(text))


def _sentences_of_backrefs(pieces: list[str]) -> list[str]:
    """``Kim Il Sung in the Khrushchev Era. P. 54–55. Ibid. P. 57.``: a back-reference opening a sentence
    starts a citation of its own, when what stands before it is a reference (not an author's name, as in
    ``Лебедев Н.Г. Ibid. P. 36.``)."""
    out: list[str] = []
    for piece in pieces:
        parts = BACKREF_SENTENCE.split(piece)
        out.append(parts[0])
        for part in parts[1:]:
            if reads_as_reference(out[-1]):
                out.append(part)
            else:
                out[-1] += " " + part
    return out


@cache
def _after_locator_re() -> re.Pattern[str]:
    """A sentence boundary after the page locator that closes a reference (``… М., 1948. C. 70–71. Интервью
    с …``)."""
    return re.compile(rf"(?<![\w.])(?:{alternation(forms('pages'))})\.\s?\d[\d\s,–-]*\d?\.\s+(?=[A-ZА-ЯЁ])")


def _opens_with_level(text: str) -> bool:
    run = find_levels(text)
    return bool(run.fields) and run.start == 0


def _sentences_after_locators(pieces: list[str]) -> list[str]:
    """Two references in one note with no semicolon between them: a sentence after a page locator that holds
    a year (or otherwise reads as a reference) starts a citation of its own; one that does not is a comment
    and stays with the reference. Each stretch up to the next locator is judged once (linear time)."""
    out: list[str] = []
    for piece in pieces:
        cuts = [m.end() for m in _after_locator_re().finditer(piece)]
        start = 0
        for at, upto in zip(cuts, [*cuts[1:], len(piece)][:len(cuts)], strict=True):
            rest = piece[at:upto]
            if _opens_with_level(rest) or BACKREF_ANYWHERE.search(rest):
                continue  # "P. 6. D. 65": the P. was a papka, and the run of levels goes on
            if not (CITATION_HINT.search(rest) or reads_as_reference(rest)):
                continue
            out.append(piece[start:at].rstrip())
            start = at
        out.append(piece[start:])
    return out


@cache
def _see_re() -> re.Pattern[str]:
    """A "see" lead-in that opens a reference inside a piece: one ending in a colon anywhere after a space
    (``… за независимость см.: Гарушьянц Ю. М. …``), a capitalised one after a sentence (``… официально. См. …``)."""
    colon = [f for f in forms("lead_ins") if f.endswith(":")]
    capital = [f for f in forms("lead_ins") if f[:1].isupper() and not f.endswith(":")]
    lower = [f[:1].lower() + f[1:] for f in colon]
    return re.compile(rf"(?<=\s)(?=(?:{alternation(colon + lower)})\s)|(?<=[.!?…])\s+(?=(?:{alternation(capital)})\s)")


def _sentences_of_see(pieces: list[str]) -> list[str]:
    """A reference after prose in one note, opened by "see" (``Там же. Л. 152–153. Впервые … официально. См.:
    Надиров Ш. Цеденбал …``): it starts a citation of its own when it reads as a reference; the prose before
    it stays with the reference before."""
    out: list[str] = []
    for piece in pieces:
        parts = _see_re().split(piece)
        out.append(parts[0])
        for part in parts[1:]:
            if reads_as_reference(strip_lead_in(part)) and out[-1].strip():
                out.append(part)
            else:
                out[-1] += (" " if out[-1] and not out[-1].endswith(" ") else "") + part
    return out


@cache
def _cross_reference_re() -> re.Pattern[str]:
    words = alternation(forms("cross_reference_words"))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)[^;]{{0,120}}?[\s,]pp?\.\s*\d+|(?<!\w)see\s+pp?\.\s*\d+",
                      re.IGNORECASE)


NUMBERED_POINTER = re.compile(r"(?:pp?\.|telegrams?|despatch|airgram|instruction|No\.)\s*\d+(?:\s*(?:and|,)\s*\d+)*",
                              re.IGNORECASE)
YEAR_IN = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")


def cross_reference(piece: str) -> bool:
    """Whether ``piece`` only points at pages of the edition it stands in (``see also telegram 1190 to New Delhi,
    January 30, p. 148``; ``see editorial note, p. 115``; ``see p. 150``): a page after one of the edition's
    documents, and no year, archival level, decimal file or address that a reference to another work has."""
    if not _cross_reference_re().search(piece) or BACKREF_ANYWHERE.search(piece):
        return False  # "See letter of November 9, 1948, ibid., p. 1324" points into another volume
    rest = NUMBERED_POINTER.sub(" ", piece)  # a telegram's or a page's number is not a year
    return not (YEAR_IN.search(rest) or find_levels(rest).fields or CITATION_HINT.search(rest))


def split_citations(text: str) -> list[str]:
    """The citations of one footnote, lead-ins removed, in order. A leading piece that does not read as
    a reference (the description of a document before its archival reference) goes with the next one."""
    merged: list[str] = []
    carried = ""
    pieces = [p for piece in _split_top_level(text) for d in ANOTHER_DELO.split(piece) for p in _another_archive(d)]
    for piece in _sentences_of_backrefs(_sentences_of_see(_sentences_after_locators(pieces))):
        if merged and not looks_like_citation(piece):
            merged[-1] += ";" + piece
        elif not merged and piece.strip() and not reads_as_reference(piece):
            carried += piece + ";"
        elif piece.strip():
            merged.append(carried + piece)
            carried = ""
    if carried:
        merged.append(carried.rstrip(";"))
    return [c for c in (strip_lead_in(m) for m in merged) if c]


def sentence_brackets(text: str) -> list[tuple[int, int]]:
    """Top-level parenthesised groups that may hold a note's references: those standing as sentences of
    their own (``Not printed. (…)``, ``…leadership.” (…)``) and those opening with an archival reference or a
    back-reference (``See the report (RGASPI, f. 17, …; ibid.)``); a publication block inside a reference
    (``Title (Place, 1990)``) is neither."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            start = i if depth == 1 else start
        elif ch == ")" and depth:
            depth -= 1
            inner = text[start + 1:i].strip()
            if depth == 0 and (re.search(r"[.!?…”\"»]\s*$", text[:start]) or opens_with_reference(inner)
                               or find_backref(inner)):
                spans.append((start, i + 1))
    return spans


def _with_own_brackets(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """A note that reads as a reference and also holds archival references in brackets of their own
    (``… С. 61. (Список кандидатов …. Ф. 17. Оп. 128. Д. 618)``, ``… feasible (793B.00/1–651).``): each such
    bracket is a part of its own, and so is the text around them where it reads as a reference."""
    own = [(a, b) for a, b in spans if opens_with_reference(text[a + 1:b - 1])
           or len(find_levels(text[a + 1:b - 1]).fields) >= 3]
    if not own:
        return [text]
    parts, cursor = [], 0
    for a, b in own:
        parts += [text[cursor:a], text[a + 1:b - 1]]
        cursor = b
    parts.append(text[cursor:])
    return [part for k, part in enumerate(parts) if k % 2 or reads_as_reference(part)]


def reference_parts(text: str) -> list[str]:
    """The parts of a note that hold its references: the note itself, or, when the note is prose with
    references in parentheses of their own ("Not printed. (Department of State, Central Files,
    795B.00/1–755)"), those parentheses."""
    spans = sentence_brackets(text)
    starts, ends = [0] + [e for _, e in spans], [s for s, _ in spans] + [len(text)]
    outside = "".join(text[a:b] for a, b in zip(starts, ends, strict=True))
    if spans and reads_as_reference(outside):
        return _with_own_brackets(text, spans)
    if not spans:
        return [text]
    inner = [text[a + 1:b - 1] for a, b in spans if reads_as_reference(text[a + 1:b - 1])]
    return inner or [text]
