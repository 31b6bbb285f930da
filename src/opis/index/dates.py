"""Date filters: EDTF bounds in, an overlap condition on each document's earliest/latest days out.

``--from 1950-05 --to 1950-06`` means the days 1950-05-01 .. 1950-06-30 (the from value's
earliest day, the to value's latest day). A document matches when its own interval shares at
least one day with that range, so a letter dated only "1950-05" matches a search for
1950-05-20 .. 1950-06-30. Undated documents have no interval and do not match a date filter.

The overlap is a condition on two day-number columns, which tantivy checks by scanning them (9 ms
for a million documents). A closed range is matched through the year values the index already
holds for the year facet instead: a document spanning at most ten years has one value per year it
touches, so it overlaps the range exactly when it has a year lying wholly inside the range, or a
boundary year and the day condition; a dated document with no year values carries the term
``span:wide`` and is checked by days. Only the few boundary-year and wide documents are checked by
days, which makes a filtered common word about 40% faster at a million documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import tantivy

from opis.index import fields as F
from opis.index.clauses import any_of, every
from opis.model.edtf import EdtfError, parse_edtf


class DateFilterError(ValueError):
    """A --from/--to value is not EDTF; the message says which and why."""


@dataclass(frozen=True)
class DateRange:
    start: date | None = None
    end: date | None = None

    @classmethod
    def from_edtf(cls, start: str | None, end: str | None) -> DateRange:
        lo = _bound(start, "from", first=True)
        hi = _bound(end, "to", first=False)
        if lo and hi and lo > hi:
            raise DateFilterError(f"the date range ends ({hi}) before it starts ({lo})")
        return cls(lo, hi)

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None

    def queries(self) -> list[tantivy.Query]:
        """Conditions that together match the documents whose [earliest, latest] overlaps [start,
        end]; a search adds them as top-level clauses (nested in a query of their own they cost
        about 4% more at a million documents)."""
        clauses = []
        if self.end is not None:
            clauses.append(_range(F.EARLIEST, None, self.end.toordinal()))
        if self.start is not None:
            clauses.append(_range(F.LATEST, self.start.toordinal(), None))
        return clauses

    def year_query(self) -> tantivy.Query | None:
        """The same documents through year terms (see the module's doc); None for a range open
        at one end or longer than MAX_SPAN_YEARS."""
        if self.start is None or self.end is None or self.end.year - self.start.year > MAX_SPAN_YEARS:
            return None
        inside: list[tantivy.Query] = []
        edges: list[tantivy.Query] = []
        for year in range(self.start.year, self.end.year + 1):
            whole = self.start <= date(year, 1, 1) and date(year, 12, 31) <= self.end
            (inside if whole else edges).append(_year(year))
        by_days = self.queries()
        checked = [every([any_of(edges), *by_days])] if edges else []
        wide = every([tantivy.Query.term_query(F.schema(), F.SPAN, F.WIDE), *by_days])
        return any_of([*inside, *checked, wide])

    def conditions(self) -> list[tantivy.Query]:
        """What a search adds as top-level clauses: the year form when there is one, else the
        day conditions (none for an open range)."""
        by_years = self.year_query()
        return [by_years] if by_years is not None else self.queries()

    def query(self) -> tantivy.Query:
        """Documents whose [earliest, latest] overlaps [start, end]."""
        return every(self.queries())


MAX_SPAN_YEARS = 200  # a longer closed range is checked by days (too many year terms)


def _year(year: int) -> tantivy.Query:
    return tantivy.Query.term_query(F.schema(), F.FACETS["year"], str(year))


def _range(field: str, lo: int | None, hi: int | None) -> tantivy.Query:
    return tantivy.Query.range_query(F.schema(), field, tantivy.FieldType.Integer, lower_bound=lo, upper_bound=hi)


def _bound(value: str | None, name: str, first: bool) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        parsed = parse_edtf(value)
    except EdtfError as exc:
        raise DateFilterError(f"{name}: {exc}") from None
    found = parsed.earliest if first else parsed.latest
    if found is None:  # an open end ("../1950" as a from value): no bound on that side
        return None
    return found
