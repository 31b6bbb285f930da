"""The date grammar: a small recursive-descent parser over tokens, vocabulary from dates.yaml.

Each ``_point_*`` method tries one shape of calendar value at token ``i`` and returns the value
with the index after it; ``expression`` tries every shape of date phrase (single values, intervals,
"by"/"since" bounds, "X and Y" pairs, centuries) and keeps the longest. Years left out of the text
("June 25") stay ``None`` here; dates.py fills them from context.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from opis.extract.dates.vocab import DateVocab, load
from opis.extract.quantities.vocab import measure_at
from opis.extract.tokens import Token, longest

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "Х": 10, "І": 1, "С": 100}
_ROMAN_LONGEST = 6  # characters: no longer word is read as a Roman numeral (XXVIII is six)
_DATE_DIGITS = frozenset({1, 2, 4})  # the lengths of the numbers a date phrase can open with (day, year)
WINTER = 24  # the season code of winter in dates.yaml (EDTF's)


@dataclass(frozen=True, slots=True)
class Point:
    """One calendar value as written; ``part`` slices it (early/mid/late/halves)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    part: str | None = None
    decade: int | None = None
    century: int | None = None
    inferred: bool = False

    @property
    def needs_year(self) -> bool:
        return self.year is None and self.decade is None and self.century is None

    @property
    def within_year(self) -> bool:
        """A value finer than a whole year (a month, day, season or part of a year)."""
        finer = self.month is not None or self.season is not None or self.part is not None
        return self.year is not None and finer


@dataclass(frozen=True, slots=True)
class Found:
    """A date phrase: ``mode`` is point, range, by, since, after or before; tokens first..last-1."""

    lo: Point | None
    hi: Point | None
    mode: str
    first: int
    last: int

    def points(self) -> list[Point]:
        return [p for p in (self.lo, self.hi) if p is not None]


Hit = tuple[Point, int]


def _best(hits: Sequence[Hit | None]) -> Hit | None:
    best: Hit | None = None
    for hit in hits:
        if hit is not None and (best is None or hit[1] > best[1]):
            best = hit
    return best


class Grammar:
    def __init__(self, tokens: Sequence[Token], vocab: DateVocab | None = None) -> None:
        self.t = tokens
        self.v = vocab or load()
        self._points: dict[tuple[int, bool], Hit | None] = {}
        self._starters = _starters(self.v) if vocab is not None else _default_starters()
        self._articles = self.v.words["articles"]
        self._months = _month_words(self.v)

    def forget_before(self, i: int) -> None:
        """Drop remembered values that start before token i (a left-to-right scan never asks again)."""
        self._points = {key: hit for key, hit in self._points.items() if key[0] >= i}

    def candidates(self) -> list[int]:
        """The tokens a date phrase can begin at, in order (one pass: the scan skips the rest unread):
        a number of 1, 2 or 4 digits (every shape reads a day, century or year of that many), a word
        some shape opens with, or a Roman numeral; but an article only before a date-like token on its
        line ("the" opens a date only through what comes after it, and it is the commonest English
        word), and a number of 1 or 2 digits only before what can follow a day or a century."""
        starters, t = self._starters, self.t
        # One comprehension over the fields (a chain of C-level maps with operator.and_/or_ measured slower).
        found = [i for i, tok in enumerate(t) if (tok.is_num and len(tok.text) in _DATE_DIGITS) or tok.low in starters
                 or (tok.text[0] in _ROMAN and len(tok.text) <= _ROMAN_LONGEST and _roman(tok.text) is not None)]
        only_article = _default_only_articles() if self.v is load() else _only_articles(self.v)
        after_day = _after_small_number(self.v)
        return [i for i in found if (t[i].low not in only_article or self._date_like(i + 1))
                and (after_day is None or not t[i].is_num or len(t[i].text) > 2 or t[i].low in starters
                     or (i + 1 < len(t) and t[i + 1].low in after_day))]

    def _date_like(self, j: int) -> bool:
        """Token j continues the line and could be read by some shape: a number, a starter or a Roman numeral."""
        if not self.cont(j):
            return False
        tok = self.t[j]
        return tok.is_num or tok.low in self._starters or tok.text[0] in _ROMAN

    # -- token helpers -------------------------------------------------------------------
    def low(self, i: int) -> str:
        return self.t[i].low if 0 <= i < len(self.t) else ""

    def cont(self, i: int) -> bool:
        """Token i exists and continues the phrase on the same line."""
        return 0 <= i < len(self.t) and self.t[i].same_line

    def is_word(self, i: int, key: str) -> bool:
        return self.cont(i) and self.low(i) in self.v.words[key]

    def skip(self, i: int, key: str) -> int:
        return i + 1 if self.is_word(i, key) else i

    def number(self, i: int, digits: tuple[int, ...]) -> int | None:
        if 0 <= i < len(self.t) and self.t[i].is_num and len(self.t[i].text) in digits:
            return int(self.t[i].text)
        return None

    def adjacent(self, i: int, text: str) -> bool:
        return 0 <= i < len(self.t) and self.t[i].adjacent and self.t[i].text == text

    # -- atoms -----------------------------------------------------------------------------
    def year(self, i: int) -> Hit | None:
        y = self.number(i, (4,))
        if y is None or not self.v.year_min <= y <= self.v.year_max or not self._year_context(i):
            return None
        return Point(year=y), self.year_word(i + 1)

    def _year_context(self, i: int) -> bool:
        t = self.t
        if i >= 2 and t[i - 1].text == "." and t[i - 2].low in self.v.words["reference_markers"]:
            return False
        if i >= 1 and t[i - 1].text == "№":
            return False
        if i >= 2 and t[i - 1].text in ".,:" and t[i - 1].adjacent and t[i].adjacent and t[i - 2].is_num:
            return False  # 3,1946 or 12.1946: part of another number or a date written with dots
        if i + 2 < len(t) and t[i + 1].text in ".,:" and t[i + 1].adjacent and t[i + 2].adjacent and t[i + 2].is_num:
            return False
        if i + 1 < len(t) and t[i + 1].adjacent and t[i + 1].is_word and t[i + 1].low not in self.v.words["year_words"]:
            return False
        return not measure_at(t, i + 1)

    def year_word(self, j: int) -> int:
        if self.is_word(j, "year_words"):
            j += 1
            if self.adjacent(j, "."):
                j += 1
        return j

    def month(self, i: int) -> tuple[int, int, bool] | None:
        """(month, index after, whether it was an abbreviation)."""
        if not 0 <= i < len(self.t) or not self.t[i].is_word:
            return None
        tok, low, v = self.t[i], self.low(i), self.v
        if low in v.months_en and tok.text[0].isupper():
            return v.months_en[low], i + 1, False
        if low in v.months_ru:
            return v.months_ru[low], i + 1, False
        abbr = v.months_en_abbr.get(low) if tok.text[0].isupper() else None
        abbr = abbr or v.months_ru_abbr.get(low)
        if abbr:
            return abbr, i + 2 if self.adjacent(i + 1, ".") else i + 1, True
        return None

    def day(self, i: int) -> tuple[int, int] | None:
        d = self.number(i, (1, 2))
        if d is None or not 1 <= d <= 31:
            return None
        j = i + 1
        if 0 <= j < len(self.t) and self.t[j].adjacent and self.low(j) in self.v.words["ordinal_suffixes"]:
            j += 1
        elif self.adjacent(j, "-") and self.t[j + 1 : j + 2] and self.t[j + 1].adjacent:
            if self.low(j + 1) in self.v.words["ordinal_suffixes"]:
                j += 2
        return d, j

    def year_after(self, j: int, comma: bool) -> Hit | None:
        """A year continuing a phrase at j, optionally after a comma ("June 25, 1950")."""
        if comma and self.cont(j) and self.t[j].text == ",":
            hit = self.year(j + 1) if self.cont(j + 1) else None
            if hit:
                return hit
        return self.year(j) if self.cont(j) else None

    # -- calendar values -------------------------------------------------------------------
    def point(self, i: int, bare: bool) -> Hit | None:
        """The longest calendar value at i; ``bare`` admits a month or season without a year."""
        key = (i, bare)
        if key not in self._points:
            hit, either = self._point(i, bare)
            self._points[key] = hit
            if either:  # no shape that reads ``bare`` applies at i: the other answer is the same
                self._points[(i, not bare)] = hit
        return self._points[key]

    def _point(self, i: int, bare: bool) -> tuple[Hit | None, bool]:
        """The hit, and whether it is the same whatever ``bare`` is."""
        if not 0 <= i < len(self.t):
            return None, True  # every shape reads token i first
        # Each shape is tried only when token i passes the test the shape itself opens with (the
        # others would give None at once); the order, and so which of equally long hits wins, is kept.
        tok, v = self.t[i], self.v
        low, digits = tok.low, len(tok.text) if tok.is_num else 0
        hits: list[Hit | None] = []
        either = True
        if digits:
            hits.append(self.numeric(i))
        if low in self._articles:
            hits.append(self.with_article(i, bare))
            either = False
        if low in v.words["part_prefixes"] or low in v.part_table.firsts or v.part_table.empty is not None:
            hits.append(self.part(i, bare))
            either = False
        if low in v.seasons:
            hits.append(self.season(i, bare))
            either = False
        if 0 < digits <= 2:
            hits.append(self.day_month(i))
        if low in self._months:
            hits.append(self.month_form(i, bare))
            either = False
        if digits == 4:
            hits.append(self.decade(i))
            hits.append(self.year(i))
        return _best(hits), either

    def numeric(self, i: int) -> Hit | None:
        """1.06.46, 25.06.1950 (day.month.year) or 1950-06-25 (ISO)."""
        if not (i + 1 < len(self.t) and self.t[i + 1].adjacent and self.t[i + 1].text in ".-"):
            return None  # both forms go on with a full stop or a hyphen (most numbers do not)
        parts = [self.t[k] for k in range(i, min(i + 5, len(self.t)))]
        if len(parts) < 5 or not all(p.adjacent for p in parts[1:]):
            return None
        a, s1, b, s2, c = parts
        if not (a.is_num and b.is_num and c.is_num) or s1.text != s2.text:
            return None
        if s1.text == "." and len(a.text) <= 2 and len(b.text) <= 2 and len(c.text) in (2, 4):
            y = int(c.text) + (self.v.two_digit_century if len(c.text) == 2 else 0)
            return self._valid(Point(y, int(b.text), int(a.text)), i + 5)
        if s1.text == "-" and len(a.text) == 4 and len(b.text) == 2 and len(c.text) == 2:
            return self._valid(Point(int(a.text), int(b.text), int(c.text)), i + 5)
        return None

    def _valid(self, p: Point, j: int) -> Hit | None:
        if p.year is None or p.month is None or p.day is None or not 1 <= p.month <= 12:
            return None
        if not self.v.year_min <= p.year <= self.v.year_max:
            return None
        return (p, j) if 1 <= p.day <= calendar.monthrange(p.year, p.month)[1] else None

    def with_article(self, i: int, bare: bool) -> Hit | None:
        if self.low(i) not in self.v.words["articles"]:
            return None
        j = i + 1
        if not self._date_like(j):  # each shape below opens with a number or a starter word
            return None
        hit = _best([self.part(j, bare), self.season(j, bare), self.day_month(j), self.decade(j)])
        return (hit[0], hit[1]) if hit else None

    def part(self, i: int, bare: bool) -> Hit | None:
        j = i + 1 if self.low(i) in self.v.words["part_prefixes"] else i
        found = longest(self.t, j, self.v.part_table) if (j == i or self.cont(j)) else None
        if found is None:
            return None
        pid, k = found
        if self.adjacent(k, "-"):
            k += 1
        k = self.skip(self.skip(k, "of_words"), "articles")
        if not self.cont(k):
            return None
        sub = _best([self.season(k, bare), self.month_form(k, True), self.decade(k), self.year(k)])
        if sub is None or sub[0].day is not None or sub[0].part is not None:
            return None
        return replace(sub[0], part=pid), sub[1]

    def season(self, i: int, bare: bool) -> Hit | None:
        code = self.v.seasons.get(self.low(i)) if 0 <= i < len(self.t) else None
        if code is None:
            return None
        j = self.skip(i + 1, "of_words")
        hit = self.year(j) if self.cont(j) else None
        if hit:
            return Point(year=hit[0].year, season=code), hit[1]
        return (Point(season=code), i + 1) if bare else None

    def day_month(self, i: int) -> Hit | None:
        """25 June 1950, 25 июня 1950 г., the 24 of August, 1 марта."""
        d = self.day(i)
        if d is None:
            return None
        j = self.skip(d[1], "of_words")
        m = self.month(j) if self.cont(j) else None
        if m is None:
            return None
        y = self.year_after(m[1], comma=True)
        if y:
            return Point(y[0].year, m[0], d[0]), y[1]
        return Point(month=m[0], day=d[0]), m[1]

    def month_form(self, i: int, bare: bool) -> Hit | None:
        """June 25, 1950; June 25; September 1945; июнь 1950 г.; a bare month after "in"/"в"."""
        m = self.month(i)
        if m is None:
            return None
        month, j, abbr = m
        english = self.low(i) in self.v.months_en or self.low(i) in self.v.months_en_abbr
        d = self.day(j) if english and self.cont(j) else None
        if d is not None:
            y = self.year_after(d[1], comma=True)
            return (Point(y[0].year, month, d[0]), y[1]) if y else (Point(month=month, day=d[0]), d[1])
        y = self.year_after(j, comma=True)
        if y:
            return Point(y[0].year, month), y[1]
        opened = i > 0 and self.t[i].same_line and self.low(i - 1) in self.v.words["month_openers"]
        return (Point(month=month), j) if (bare or opened) and not abbr else None

    def decade(self, i: int) -> Hit | None:
        """1940s, 1940's, 1940-е (годы), 1940-х гг."""
        y = self.number(i, (4,))
        if y is None or y % 10 or not self.v.year_min <= y <= self.v.year_max:
            return None
        j = i + 1
        if self.adjacent(j, "'") or self.adjacent(j, "-") or self.adjacent(j, "’"):
            j += 1
        if not (j < len(self.t) and self.t[j].adjacent and self.low(j) in self.v.words["decade_suffixes"]):
            return None
        return Point(decade=y), self.year_word(j + 1)

    # -- phrases ---------------------------------------------------------------------------
    def expression(self, i: int) -> Found | None:
        """The longest date phrase starting at token i."""
        # As in _point: a shape is tried only when token i passes its opening test, in the same order.
        tok, v = self.t[i], self.v
        low, digits = tok.low, len(tok.text) if tok.is_num else 0
        article = low in self._articles
        point = self.point(i, bare=True)
        shapes: list[Found | None] = []
        if low in v.bound_table.firsts or v.bound_table.empty is not None:
            shapes.append(self.bounded(i))
        if low in v.words["range_openers"]:
            shapes.append(self.opened(i))
        if point is not None or 0 < digits <= 2:
            shapes.append(self.interval(i, i, and_ok=False))
        if point is not None:
            shapes.append(self.pair(i))
        if article or 0 < digits <= 2 or (tok.text[0] in _ROMAN and _roman(tok.text) is not None):
            shapes.append(self.century(i))
        if article or v.seasons.get(low) == WINTER:
            shapes.append(self.winter_span(i))
        shapes.append(self.single(i))
        best: Found | None = None
        for found in shapes:
            if found is not None and (best is None or found.last > best.last):
                best = found
        return best

    def single(self, i: int) -> Found | None:
        hit = self.point(i, bare=False)
        return Found(hit[0], hit[0], "point", i, hit[1]) if hit else None

    def bounded(self, i: int) -> Found | None:
        """by June 1, 1946 / since fall of 1947 / after 1945 / before September 1957 / к концу 1947 г."""
        b = longest(self.t, i, self.v.bound_table)
        if b is None or not self.cont(b[1]):
            return None
        kind, j = b
        hit = self.point(j, bare=True)
        if hit is None:
            return None
        lo, hi = (hit[0], None) if kind in ("since", "after") else (None, hit[0])
        return Found(lo, hi, kind, i, hit[1])

    def opened(self, i: int) -> Found | None:
        """between 1950 and 1953 / с 7 по 11 октября / from X to Y (the "from" stays outside)."""
        low = self.low(i)
        if low not in self.v.words["range_openers"] or not self.cont(i + 1):
            return None
        first = i + 1 if low in self.v.words["silent_openers"] else i
        return self.interval(i + 1, first, and_ok=low == "between")

    def interval(self, i: int, first: int, and_ok: bool) -> Found | None:
        a = self.point(i, bare=True)
        j = a[1] if a else i + 1
        sep = longest(self.t, j, self.v.joiner_table) if self.cont(j) else None
        if sep is None and and_ok and self.is_word(j, "and_words"):
            sep = ("and", j + 1)
        if sep is None or not self.cont(sep[1]):
            return None
        k = self.skip(sep[1], "inner_prepositions")
        if a is None:
            return self._day_span(i, k, first)
        b = self.point(k, bare=True) or self._short_year(a[0], k) or self._bare_day(a[0], k)
        return self._join(a[0], b[0], first, b[1]) if b else None

    def _day_span(self, i: int, k: int, first: int) -> Found | None:
        """7–11 октября 1945 г. / с 7 по 11 октября: a bare day opens the interval."""
        d = self.number(i, (1, 2))
        b = self.point(k, bare=True)
        if d is None or b is None or b[0].day is None or not 1 <= d < b[0].day:
            return None
        return self._join(replace(b[0], day=d), b[0], first, b[1])

    def _short_year(self, a: Point, k: int) -> Hit | None:
        """1951–52: a two-digit end takes the century of the start."""
        nn = self.number(k, (2,))
        if nn is None or a.year is None or a.month is not None or a.season is not None or a.part is not None:
            return None
        y = a.year // 100 * 100 + nn
        return (Point(year=y), self.year_word(k + 1)) if y > a.year else None

    def _bare_day(self, a: Point, k: int) -> Hit | None:
        """October 7–11, 1945: the end is a bare day in the start's month."""
        d = self.day(k)
        if d is None or a.day is None or a.month is None or d[0] <= a.day:
            return None
        y = self.year_after(d[1], comma=True)
        end = Point(y[0].year if y else a.year, a.month, d[0])
        return end, y[1] if y else d[1]

    def pair(self, i: int) -> Found | None:
        """winter and spring 1950 / March and April 1950: the first value takes the second's year."""
        a = self.point(i, bare=True)
        if a is None or not a[0].needs_year or not self.is_word(a[1], "and_words"):
            return None
        b = self.point(a[1] + 1, bare=False) if self.cont(a[1] + 1) else None
        if b is None or b[0].needs_year:
            return None
        return self._join(a[0], b[0], i, b[1])

    def _join(self, lo: Point, hi: Point, first: int, last: int) -> Found | None:
        if lo.needs_year and not hi.needs_year and hi.year is not None:
            back = lo.month is not None and hi.month is not None and lo.month > hi.month
            lo = replace(lo, year=hi.year - back)
        elif hi.needs_year and not lo.needs_year and lo.year is not None:
            ahead = lo.month is not None and hi.month is not None and hi.month < lo.month
            hi = replace(hi, year=lo.year + ahead)
        return Found(lo, hi, "range", first, last)

    def winter_span(self, i: int) -> Found | None:
        """the winter of 1950/51, зимой 1950/1951 г.: December of the first year to February of the next."""
        start = i + 1 if self.low(i) in self.v.words["articles"] else i
        if not self.cont(start) or self.v.seasons.get(self.low(start)) != WINTER:
            return None
        j = self.skip(start + 1, "of_words")
        y = self.number(j, (4,)) if self.cont(j) else None
        if y is None or not (self.adjacent(j + 1, "/") or self.adjacent(j + 1, "-") or self.adjacent(j + 1, "–")):
            return None
        nxt = self.number(j + 2, (2, 4)) if j + 2 < len(self.t) and self.t[j + 2].adjacent else None
        if nxt is None or nxt % 100 != (y + 1) % 100:
            return None
        return Found(Point(year=y, month=12), Point(year=y + 1, month=2), "range", i, self.year_word(j + 3))

    def century(self, i: int) -> Found | None:
        """the 20th century / 20th and 21st century / XX век / XIX–XX вв."""
        if self.low(i) in self.v.words["articles"] and self.cont(i + 1):
            found = self.century(i + 1)
            return Found(found.lo, found.hi, found.mode, i, found.last) if found else None
        a = self._century_number(i)
        if a is None:
            return None
        lo, hi, j = a[0], a[0], a[1]
        if self.is_word(j, "and_words") or (self.cont(j) and self.t[j].text in "-–—"):
            b = self._century_number(j + 1) if self.cont(j + 1) else None
            if b is not None and b[0] > lo:
                hi, j = b
        if not self.is_word(j, "century_words"):
            return None
        j = j + 2 if self.adjacent(j + 1, ".") else j + 1
        return Found(Point(century=lo), Point(century=hi), "range" if hi != lo else "point", i, j)

    def _century_number(self, i: int) -> tuple[int, int] | None:
        n = self.number(i, (1, 2))
        if n is not None:
            ok = i + 1 < len(self.t) and self.t[i + 1].adjacent and self.low(i + 1) in ("st", "nd", "rd", "th")
            return (n, i + 2) if ok and 1 <= n <= 21 else None
        if not 0 <= i < len(self.t):
            return None
        value = _roman(self.t[i].text)
        return (value, i + 1) if value and value <= 21 else None


def _starters(v: DateVocab, articles: bool = True) -> frozenset[str]:
    """Lower-case words a date phrase may begin with (``articles``: counting those that open one only
    through the word after them)."""
    words = set(v.months_en) | set(v.months_en_abbr) | set(v.months_ru) | set(v.months_ru_abbr) | set(v.seasons)
    for table in (v.part_table, v.bound_table, v.opener_table):
        words |= {phrase[0] for phrase, _ in table}
    return frozenset(words | (v.words["articles"] if articles else set()) | v.words["part_prefixes"])


@cache
def _default_starters() -> frozenset[str]:
    return _starters(load())


def _only_articles(v: DateVocab) -> frozenset[str]:
    """Articles that open a date phrase only through the word after them."""
    return v.words["articles"] - _starters(v, articles=False)


@cache
def _default_only_articles() -> frozenset[str]:
    return _only_articles(load())


def _after_small_number(v: DateVocab) -> frozenset[str] | None:
    """What may follow a number of one or two digits that starts a date phrase: the mark of a
    numeric date (25.06.1950), an ordinal suffix (25th, 25-го), "of", a month, a range joiner
    (7–11 октября) or a century's suffix (20th century). None when a joiner may be empty (then anything may)."""
    return _default_after_small_number() if v is load() else _words_after_small_number(v)


@cache
def _default_after_small_number() -> frozenset[str] | None:
    return _words_after_small_number(load())


def _words_after_small_number(v: DateVocab) -> frozenset[str] | None:
    if v.joiner_table.empty is not None:
        return None
    return frozenset({".", "-", "st", "nd", "rd", "th"} | v.words["ordinal_suffixes"] | v.words["of_words"]
                     | _month_words(v) | v.joiner_table.firsts)


@cache
def _default_months() -> frozenset[str]:
    v = load()
    return frozenset(v.months_en) | set(v.months_en_abbr) | set(v.months_ru) | set(v.months_ru_abbr)


def _month_words(v: DateVocab) -> frozenset[str]:
    """Lower-case words ``month`` reads as a month (in some case or capitalisation)."""
    return _default_months() if v is load() else (
        frozenset(v.months_en) | set(v.months_en_abbr) | set(v.months_ru) | set(v.months_ru_abbr))


def _roman(text: str) -> int | None:
    if not text or len(text) > _ROMAN_LONGEST or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for k, ch in enumerate(text):
        value = _ROMAN[ch]
        nxt = _ROMAN[text[k + 1]] if k + 1 < len(text) else 0
        total += -value if value < nxt else value
    return total
