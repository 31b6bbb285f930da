"""The date grammar's vocabulary (extract/data/dates.yaml) as typed lookup tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from opis import vocab
from opis.extract.tokens import PhraseTable, phrase

Table = PhraseTable


@dataclass(frozen=True)
class Part:
    """Which slice of a month (days), year (months), decade (years) or season (its months) is meant."""

    id: str
    month: tuple[int, int]
    year: tuple[int, int]
    decade: tuple[int, int]
    season: tuple[int, int]


@dataclass(frozen=True)
class DateVocab:
    months_en: dict[str, int]
    months_en_abbr: dict[str, int]
    months_ru: dict[str, int]
    months_ru_abbr: dict[str, int]
    seasons: dict[str, int]
    parts: dict[str, Part]
    part_table: Table
    bound_table: Table
    opener_table: Table
    joiner_table: Table
    words: dict[str, frozenset[str]]
    year_min: int
    year_max: int
    two_digit_century: int


def raw() -> dict[str, Any]:
    return vocab.read_mapping("opis.extract", "data/dates.yaml")


def _by_form(entries: dict[Any, Any], key: str) -> dict[str, int]:
    return {str(form): int(num) for num, forms in entries.items() for form in forms[key]}


def _table(groups: dict[str, list[str]]) -> Table:
    return PhraseTable((phrase(str(form)), str(value)) for value, forms in groups.items() for form in forms)


def _part(pid: str, entry: dict[str, Any]) -> Part:
    def pair(key: str) -> tuple[int, int]:
        lo, hi = entry[key]
        return int(lo), int(hi)

    return Part(pid, pair("month"), pair("year"), pair("decade"), pair("season"))


_WORD_LISTS = ("range_openers", "and_words", "articles", "of_words", "inner_prepositions", "month_openers",
               "year_words", "decade_suffixes", "century_words", "ordinal_suffixes", "reference_markers",
               "part_prefixes", "silent_openers")


@cache
def load() -> DateVocab:
    d = raw()
    parts = {str(pid): _part(str(pid), entry) for pid, entry in d["parts"].items()}
    return DateVocab(
        months_en=_by_form(d["months"], "en"),
        months_en_abbr=_by_form(d["months"], "en_abbr"),
        months_ru=_by_form(d["months"], "ru"),
        months_ru_abbr=_by_form(d["months"], "ru_abbr"),
        seasons={str(form): int(code) for code, forms in d["seasons"].items() for form in forms},
        parts=parts,
        part_table=_table({pid: d["parts"][pid]["forms"] for pid in parts}),
        bound_table=_table(d["bounds"]),
        opener_table=_table({str(w): [str(w)] for w in d["range_openers"]}),
        joiner_table=_table({str(w): [str(w)] for w in d["range_joiners"]}),
        words={key: frozenset(str(w) for w in d.get(key, [])) for key in _WORD_LISTS},
        year_min=int(d["year_min"]),
        year_max=int(d["year_max"]),
        two_digit_century=int(d["two_digit_century"]),
    )
