"""Every extractor family in linear time on hostile text: a size-scaled time budget, so that a
quadratic scan fails here rather than wedging an ingest (issue 20).

Hypothesis builds a short unit of text from pieces each family's grammar reacts to (years,
superscripts, archival abbreviations, digit groups, tabs, capitals ...); the unit is repeated to a
small and to an eight times larger text. Linear work takes about eight times as long on the
larger one; quadratic work takes sixty-four. The bound, twenty times the small text's CPU time
plus a little, is loose enough for a loaded machine and still far below quadratic. A second,
absolute bound (CPU seconds per kilobyte) catches a cubic case even on the small text, and an
alarm stops one that would never end.
"""

from __future__ import annotations

import signal
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opis.extract.names.entities import AuthorityIndex
from opis.extract.pipeline import extract_all
from opis.model import Authority
from opis.sample import load_sample

SMALL = 4_000  # characters
GROWTH = 8
RATIO = 20.0  # linear is 8, quadratic 64
SLACK_S = 0.15
PER_KB_S = 0.25  # CPU seconds per kilobyte: some thirty times what any family needs today
ALARM_S = 120

PIECES: dict[str, list[str]] = {
    "dates": ["1950", " ", "1950-е", "1940s", "May", "June 25,", "25 июня", "с", "по", "between", "and", "–", "-",
              "/", "winter", "of", "XX", "век", "г.", "1.06.46", "\n", "early", "the", "1951–52", "from", "to",
              "by", "since", "¹", "\n\n"],
    "citations": ["¹", "²³", " ", "РГАЭ", "Ф.", "413", "Оп.", "13", "Д.", "5467", "Л.", "12–14", ";", ".", "\n",
                  "\n\n", "Ibid.", "Там же.", "С.", "op. cit.", "https://example.org/a", "(", ")", "Vol.", "pp.",
                  "Moscow:", "Nauka,", "1995", "NARA", "RG 59", "Box 4", "АВП РФ", "п.", "\"", "См.:", "см.: ",
                  "Оп. 98 с.", "Л.", "JCS 1776/560", "в: ", "Рак Tong-hwan.", "Т. 29.", " and ", "PRO,",
                  "FO371-99238", "see p. 5", "telegram 12,", "Yu, p. 4.", "Chapel Hill: Press, 2000",
                  # wave 10: a legend behind "//", an archive the vocabulary lacks, a legend per document
                  " // ", "ЦАОДМ, ф. 3, оп. 52, д. 27, л. 18-32.", "Архив:\n", "1 ", "PRC Ministry of Foreign Affairs "
                  "Archive, Document 118-00235-03"],
    "quantities": ["5", "253", "000", " ", "t", "tons", "$", "million", "руб.", "тыс.", "about", "до", "с", "%", ",",
                   "3,7", "yens", "(", ")", "workers", "from", "1,000", "1950", "or", "corresponded", "\n", "."],
    "tables": ["\t", "10", "-", "Total", "\n", "  ", "A)", "5", "7", "12", "№", "3,5", "итого", "¹", "\n\n", "x"],
    "footnotes": ["¹", "²", "³⁴", " ", "\n", "\n\n", "See", "text", ".", "1", "2)", "*", "Ibid.", "[1]", "\f",
                  "94 Running Head", "Head 95", "18 and 27, 1950", "of the", "http://www.", ", p. 71.",
                  # wave 10: numbered headings holding the markers of the notes after them, date lines
                  "3. Telegram State1 Wood2\n", "1. Source: ", "1 марта 1921, № 23\n"],
    # The statements extractor's own readers: note blocks under a rule, note numbers glued to stops, print titles,
    # "he"/"him" looked up among titled names, passives, recommendations.
    "statements": ["Mr.1 ", "He ", "him ", "________________\n", "1 Source: ", "Recommendation\n\n", "That you ",
                   "requested that he ", "assured by Mr. Stassen that ", "concurred, ", "General Hull ", "Hull ",
                   "9. Memorandum From the Chief (Jones) to the Director (Wilson)1\n\n", "\n\n", "asked ",
                   "as approved by the President", ". ", "soon.5 The ", "informed him I would ", "agreed that ",
                   "Ким Ир Сен:\n", "Дадим ", "asked Mr. Murphy if ", "if they agree to ", "нуждается в ",
                   # noun acts judged against the requests before them, resolutions, refusals with no cue word
                   "the request for aid ", "I concur in the JCS recommendation regarding ", "Утвердить ",
                   "Ваше предложение об ", "считаем неприемлемым. ", "Вам не следует ", "risks far greater than "
                   "advantages ", "Rhee agreed ", "Request ", "Готов принять ", "По мнению МИД СССР, "],
    "names": ["Штыков", "Kim", "Il", "Sung", "김일성은", "毛泽东", "АААААААААААА", " ", ".", "\n", "Mao",
              "Tse-tung", "Ким", "Ир", "Сен", "Shtykov", "Чхонджин", "Иванов", "Хабаровск", ",", "-"],
}


@pytest.fixture(scope="module")
def names() -> AuthorityIndex:
    return AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))


def _repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def ring(*_: object) -> None:
        raise TimeoutError(f"extraction ran past {seconds}s of wall-clock time")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _cpu(run: Callable[[], Any]) -> float:
    with _alarm(ALARM_S):
        started = time.process_time()
        run()
        return time.process_time() - started


def _check_linear(family: str, unit: str, names: AuthorityIndex | None) -> None:
    def timed(size: int) -> float:
        text = _repeated(unit, size)
        return _cpu(lambda: extract_all(text, None, names, only=(family,)))

    timed(200)  # vocabularies and models load once, outside the measurement
    small = min(timed(SMALL), timed(SMALL))
    large = timed(SMALL * GROWTH)
    if large > RATIO * small + SLACK_S:
        large = min(large, timed(SMALL * GROWTH))  # one more try before calling it superlinear
    assert large <= RATIO * small + SLACK_S, (
        f"{family}: {SMALL * GROWTH} characters took {large:.2f}s, {SMALL} took {small:.2f}s "
        f"(ratio {large / max(small, 1e-9):.0f}, linear is {GROWTH}) on unit {unit!r}")
    assert large <= PER_KB_S * SMALL * GROWTH / 1000 + 1, f"{family}: {large:.2f}s for {SMALL * GROWTH} characters"


def _units(family: str) -> st.SearchStrategy[str]:
    pieces = st.lists(st.sampled_from(PIECES[family]), min_size=1, max_size=24)
    return pieces.map("".join).filter(lambda s: s.strip() != "")


_SETTINGS = settings(max_examples=6, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(_units("statements"))
def test_statements_in_linear_time(unit: str) -> None:
    _check_linear("statements", unit, None)


@_SETTINGS
@given(_units("dates"))
def test_dates_in_linear_time(unit: str) -> None:
    _check_linear("dates", unit, None)


@_SETTINGS
@given(_units("citations"))
def test_citations_in_linear_time(unit: str) -> None:
    _check_linear("citations", unit, None)


@_SETTINGS
@given(_units("quantities"))
def test_quantities_and_rates_in_linear_time(unit: str) -> None:
    _check_linear("quantities", unit, None)
    _check_linear("rates", unit, None)


@_SETTINGS
@given(_units("tables"))
def test_tables_in_linear_time(unit: str) -> None:
    _check_linear("tables", unit, None)


@_SETTINGS
@given(_units("footnotes"))
def test_footnotes_in_linear_time(unit: str) -> None:
    _check_linear("footnotes", unit, None)


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_units("names"))
def test_names_in_linear_time(names: AuthorityIndex, unit: str) -> None:
    _check_linear("names", unit, names)


@pytest.mark.parametrize(("family", "unit"), [
    ("dates", "1950 "),  # issue 20: 100 KB took 39 s
    ("citations", "¹ РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 12–14.\n\n"),  # 2 MB took 128 s
    ("citations", "РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 12–14; "),  # one footnote of many citations
    ("tables", "10\t20\t30\t" * 40 + "\n"),  # 120 columns: every triple of columns was tried on every row
    ("tables", "¹ A note.\n\n1\t2\n3\t4\n"),  # every line was checked against every footnote
    ("quantities", "1950 "),  # every number was checked against every date
    ("quantities", "000 "),  # a run of digit groups was read again from every group
    ("rates", "It cost $5. "),  # every sentence looked at every sum of money
    ("names", "А"),  # a thousand capitals overflowed the stack in the Palladius reader
])
def test_reported_cases_in_linear_time(names: AuthorityIndex, family: str, unit: str) -> None:
    _check_linear(family, unit, names if family == "names" else None)


def test_russian_names_take_memory_by_the_piece_not_by_the_text() -> None:
    """The NER tagger held a whole text at once: about 1.5 GB for a megabyte (issue 20: 4.9 GB)."""
    from opis.extract.names.ner_ru import russian_entities

    text = _repeated("Штыков прибыл в Хабаровск 25 июня. ", 200_000)
    russian_entities(text[:200])  # the model loads outside the measurement
    tracemalloc.start()
    try:
        found = russian_entities(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(found) > 100
    assert peak < 150 * 2**20, f"{peak / 2**20:.0f} MB for {len(text)} characters"
