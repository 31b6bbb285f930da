"""Dates in running text (English and Russian) as EDTF with their earliest and latest day.

``find_dates(text)`` returns one dict per date phrase: the phrase as written (``text``, ``start``,
``end`` in characters), its EDTF value and the day bounds ``opis.model.edtf`` derives from it.
Footnote paragraphs (a line opening with a superscript number) are skipped: their years are
publication dates of the works cited, not dates of the story. A phrase without a year ("June 25")
takes it from the text before it: the year of the nearest preceding date finer than a year
(a month, day, season or part of a year), else of the nearest preceding date of any kind; with no
date before it, it is not reported. Once a document has stated its own date on a dateline (a short line
holding a full date: ``Washington, July 10, 1953—7 p.m.``), a phrase without a year takes that year unless
a finer date in its own paragraph says otherwise: a 1953 telegram's "July 9" is 1953 even after a mention
of June 25, 1950 in an earlier paragraph. The conventions are in docs/extraction-dates-quantities-tables.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.dates.edtf import to_edtf
from opis.extract.dates.grammar import Found, Grammar, Point
from opis.extract.textview import blank, footnote_spans
from opis.extract.tokens import Token, token, tokenize
from opis.model.edtf import EdtfError, parse_edtf

_FORGET_EVERY = 4096


def scan(tokens: Sequence[Token], limit: int = 0) -> list[Found]:
    """Every date phrase, left to right, longest first; years not yet filled from context. With
    ``limit``, the scan stops once it has found that many."""
    grammar = Grammar(tokens)
    found: list[Found] = []
    after = forgotten = 0  # the token after the last phrase found: a phrase starts at or after it
    # Only tokens a phrase may start at are tried; the rest could give nothing.
    for i in grammar.candidates():
        if i < after:
            continue
        if i - forgotten > _FORGET_EVERY:  # keep the grammar's memory bounded on long texts
            grammar.forget_before(i)
            forgotten = i
        hit = grammar.expression(i)
        if hit is not None and _complete(hit) and _edtf_or_none(hit) is None:
            hit = grammar.single(i)  # e.g. an "interval" that runs backwards: keep its first value
        if hit is None:
            continue
        found.append(hit)
        if len(found) == limit:
            break
        after = hit.last
    return found


def _complete(found: Found) -> bool:
    lo, hi = found.lo, found.hi
    return not ((lo is not None and lo.needs_year) or (hi is not None and hi.needs_year))


@lru_cache(maxsize=1024)  # the scan asks of each phrase it finds, and _dates again; values are frozen
def _edtf_or_none(found: Found) -> str | None:
    try:
        return to_edtf(found)
    except (EdtfError, ValueError):
        return None


DATELINE_PLACE = 40
DATELINE_AFTER = re.compile(
    r"[\s.,;:—–-]*(?:г\.|года)?[\s.,;:—–-]*(?:\d{1,2}(?::\d\d)?\s*(?:[ap]\.?\s?m\.?|ч\.)?)?[\s.\]]*")


@dataclass
class Layout:
    """Where paragraphs start and which date phrases stand on a dateline, for the document-year rule."""

    text: str = ""
    tokens: Sequence[Token] = ()
    paragraphs: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, tokens: Sequence[Token]) -> Layout:
        return cls(text, tokens, [0] + [m.end() for m in re.finditer(r"\n[ \t]*\n", text)])

    def paragraph(self, f: Found) -> int:
        return bisect_right(self.paragraphs, self.tokens[f.first].start) if self.tokens else 0

    def dateline(self, f: Found) -> bool:
        """A full date (to the day) standing on a line of its own, after at most a place and before at most a
        time: ``Seoul, July 10, 1953—7 p.m.``, ``[Washington,] January 5, 1949.``, ``Москва, 5 июля 1953 г.``"""
        if not self.tokens or not any(p.day is not None and p.year is not None for p in f.points()):
            return False
        start, end = self.tokens[f.first].start, self.tokens[f.last - 1].end
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        before, after = self.text[line_start:start], self.text[end:line_end if line_end >= 0 else len(self.text)]
        return bool(len(before) <= DATELINE_PLACE and not re.search(r"\b[a-zа-яё]{3,}", before)
                    and DATELINE_AFTER.fullmatch(after))


def resolve_years(found: list[Found], layout: Layout | None = None) -> list[Found]:
    """Give year-less phrases the year of their context (see the module doc); drop those without one."""
    layout = layout or Layout()
    within: tuple[int, int] | None = None  # (year, paragraph)
    anywhere: int | None = None
    document: int | None = None
    out: list[Found] = []
    for f in found:
        if not _complete(f):
            here = layout.paragraph(f)
            if document is not None and (within is None or within[1] != here):
                year: int | None = document
            else:
                year = within[0] if within is not None else anywhere
            if year is None:
                continue
            f = _fill(f, year)
        out.append(f)
        years = [p.year for p in f.points() if p.year is not None]
        if years:
            anywhere = years[-1]
            if any(p.within_year for p in f.points()):
                within = (years[-1], layout.paragraph(f))
            if _complete(f) and layout.dateline(f):
                document = years[-1]
    return out


def _fill(f: Found, year: int) -> Found:
    lo, hi = f.lo, f.hi
    if hi is not None and hi.needs_year:
        hi = replace(hi, year=year, inferred=True)
    if lo is not None and lo.needs_year:
        back = hi is not None and lo.month is not None and hi.month is not None and lo.month > hi.month
        lo = replace(lo, year=(hi.year if hi is not None and hi.year else year) - back, inferred=True)
    return replace(f, lo=lo, hi=hi)


def find_dates(text: str, limit: int = 0) -> list[Finding]:
    return _dates(text, limit)[0]


def _dates(text: str, limit: int) -> tuple[list[Finding], int | None]:
    """The date findings, and where reading stopped if ``limit`` phrases were found before the end."""
    spans = footnote_spans(text)
    view = blank(text, spans)
    tokens = view_tokens(text, view, spans)
    found = scan(tokens, limit)
    out: list[Finding] = []
    for f in resolve_years(found, Layout.of(view, tokens)):
        edtf = _edtf_or_none(f)
        if edtf is not None:
            out.append(_finding(text, tokens, f, edtf))
    stopped = limit and len(found) == limit and found[-1].last < len(tokens)
    return out, tokens[found[-1].last].start if stopped else None


def view_tokens(text: str, view: str, spans: list[tuple[int, int]]) -> Sequence[Token]:
    """``tokenize(view)`` for ``view = blank(text, spans)``, from the tokens of ``text`` (which the
    quantities extractor reads too, so they are made once): a span opens a line and ends before a line
    break, so no token crosses its edges; the tokens inside it go, and the token after it gets the
    whitespace the view has before it."""
    tokens = tokenize(text)
    if not spans:
        return tokens
    starts = [tok.start for tok in tokens]
    segments: list[tuple[int, int]] = []  # token index ranges between the spans
    done = 0
    for start, end in spans:
        first = bisect_left(starts, start, done)
        segments.append((done, first))
        done = bisect_left(starts, end, first)
    segments.append((done, len(tokens)))
    kept = list(tokens[segments[0][0]:segments[0][1]])
    for first, after in segments[1:]:
        if first < after:  # a span (with its tokens) was left out just before this token
            tok = tokens[first]
            since = kept[-1].end if kept else 0
            kept.append(token(tok.text, tok.start, tok.end, view[since:tok.start]))
            kept.extend(tokens[first + 1:after])
    return kept


def _finding(text: str, tokens: Sequence[Token], f: Found, edtf: str) -> Finding:
    start, end = tokens[f.first].start, tokens[f.last - 1].end
    value = parse_edtf(edtf)
    finding: Finding = {
        "text": text[start:end],
        "edtf": edtf,
        "earliest": value.earliest.isoformat() if value.earliest else None,
        "latest": value.latest.isoformat() if value.latest else None,
        "start": start,
        "end": end,
    }
    if any(p.inferred for p in f.points()):
        finding["year_from_context"] = True
    return finding


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the date phrases (quantities leave numbers inside them alone)."""
    return [(d["start"], d["end"]) for d in find_dates(text)]


@extractor("dates")
def extract_dates(ctx: ExtractContext) -> list[Finding]:
    found, stopped_at = _dates(ctx.text, ctx.max_findings)
    if stopped_at is not None:
        ctx.stopped("dates", len(found), stopped_at)
    return found


__all__ = ["Point", "find_dates", "date_spans", "extract_dates", "resolve_years", "scan"]
