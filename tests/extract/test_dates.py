"""Dates in running text: the spec's examples, year context, footnotes, the dev set, and properties."""

from __future__ import annotations

import calendar
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.base import EXTRACTORS, ExtractContext
from opis.extract.dates.running import extract_dates, find_dates
from opis.model.edtf import parse_edtf
from tests.extract.devset import DEVSET, DEVSET_NAMES, devset_text


def only(text: str) -> dict[str, object]:
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "phrase", "edtf", "earliest", "latest"),
    [
        ("It began on June 25, 1950.", "June 25, 1950", "1950-06-25", "1950-06-25", "1950-06-25"),
        ("Приказ от 25 июня 1950 г. гласил", "25 июня 1950 г.", "1950-06-25", "1950-06-25", "1950-06-25"),
        ("By June 1, 1946, the plants ran.", "By June 1, 1946", "../1946-06-01", None, "1946-06-01"),
        ("in late May 1950 Kim asked", "late May 1950", "1950-05-21/1950-05-31", "1950-05-21", "1950-05-31"),
        ("during 1946 – 1948 trade grew", "1946 – 1948", "1946/1948", "1946-01-01", "1948-12-31"),
        ("in the summer of 1946 it was", "the summer of 1946", "1946-22", "1946-06-01", "1946-08-31"),
        ("в конце 1946 г. было", "в конце 1946 г.", "1946-10/1946-12", "1946-10-01", "1946-12-31"),
        ("from October 7 to October 11, 1945 in", "October 7 to October 11, 1945", "1945-10-07/1945-10-11",
         "1945-10-07", "1945-10-11"),
        ("Presence for 1.06.46.", "1.06.46", "1946-06-01", "1946-06-01", "1946-06-01"),
        ("the period of the 1990s – 2010s, research", "the 1990s – 2010s", "199X/201X", "1990-01-01",
         "2019-12-31"),
        ("and since fall of 1947 – the", "since fall of 1947", "1947-23/..", "1947-09-01", None),
        ("(on March 20 – on May 8, 1946)", "March 20 – on May 8, 1946", "1946-03-20/1946-05-08", "1946-03-20",
         "1946-05-08"),
        ("He did so in winter and spring 1950, as", "winter and spring 1950", "1950-24/1950-21", "1950-01-01",
         "1950-05-31"),
        ("The middle 1940s was a time", "The middle 1940s", "1944/1946", "1944-01-01", "1946-12-31"),
        ("production after 1945 was absent", "after 1945", "1946/..", "1946-01-01", None),
        ("they left before September 1957.", "before September 1957", "../1957-08", None, "1957-08-31"),
        ("С 7 по 11 октября 1947 г. прошло", "С 7 по 11 октября 1947 г.", "1947-10-07/1947-10-11", "1947-10-07",
         "1947-10-11"),
        ("В первой половине 1947 г. на", "В первой половине 1947 г.", "1947-01/1947-06", "1947-01-01", "1947-06-30"),
        ("в середине 1950-х гг. на", "в середине 1950-х гг.", "1954/1956", "1954-01-01", "1956-12-31"),
        ("In 1951–52 Beijing paid", "1951–52", "1951/1952", "1951-01-01", "1952-12-31"),
        ("the 20th century saw", "the 20th century", "19XX", "1900-01-01", "1999-12-31"),
        ("в XX веке", "XX веке", "19XX", "1900-01-01", "1999-12-31"),
        ("Between 1950 and 1953 the", "Between 1950 and 1953", "1950/1953", "1950-01-01", "1953-12-31"),
        ("до осени 1949 г. работы", "до осени 1949 г.", "../1949-23", None, "1949-11-30"),
        ("In mid-1950 the Chinese", "mid-1950", "1950-05/1950-08", "1950-05-01", "1950-08-31"),
        ("in the winter of 1950/51 the front", "the winter of 1950/51", "1950-12/1951-02", "1950-12-01", "1951-02-28"),
        ("зимой 1950/1951 г. фронт", "зимой 1950/1951 г.", "1950-12/1951-02", "1950-12-01", "1951-02-28"),
        ("Report of 1950-06-25 says", "1950-06-25", "1950-06-25", "1950-06-25", "1950-06-25"),
    ],
)
def test_spec_examples(text: str, phrase: str, edtf: str, earliest: str | None, latest: str | None) -> None:
    found = only(text)
    assert (found["text"], found["edtf"], found["earliest"], found["latest"]) == (phrase, edtf, earliest, latest)
    assert text[int(str(found["start"])) : int(str(found["end"]))] == phrase


def test_yearless_dates_take_the_year_of_the_nearest_finer_date_before_them() -> None:
    text = "In February 1950, Kim asked for loans planned for 1951. By June 1, soldiers trained."
    by_june = find_dates(text)[-1]
    assert by_june["edtf"] == "../1950-06-01" and by_june["year_from_context"] is True


def test_yearless_date_falls_back_to_any_year_before_it() -> None:
    text = "Relations, 1947-1950\n\nKim would not have launched the war on June 25 without approval."
    assert find_dates(text)[-1]["edtf"] == "1950-06-25"


def test_yearless_date_without_context_is_not_reported() -> None:
    assert find_dates("It happened on June 25 at dawn.") == []


def test_intervals_lend_years_within_themselves() -> None:
    assert only("from December 20 to January 5, 1946")["edtf"] == "1945-12-20/1946-01-05"
    assert only("October 7–11, 1945")["edtf"] == "1945-10-07/1945-10-11"


@pytest.mark.parametrize(
    "text",
    [
        "the most part from 1034 industrial enterprises",
        "including 170 people (20 of them)",
        "the verb may be used in March of troops",  # lower-case month words and a bare "March"
        "the 25th army and the 38th parallel",
        "RGAE. F. 413. Op. 13. D. 1950. L. 92.",
        "a bare 1.2.3 version",
        "the end of the year and the beginning of the Cold War",
        "Total amount: 1 900 thousand yens and 1950 tons",
    ],
)
def test_no_dates_in(text: str) -> None:
    assert find_dates(text) == []


def test_footnote_paragraphs_are_skipped() -> None:
    text = "Trade grew in 1946.\n\n¹ Бажанова Н.Е. Москва, Наука. 1993.\n\nIt fell in 1948."
    assert [d["edtf"] for d in find_dates(text)] == ["1946", "1948"]


def test_registered_extractor() -> None:
    assert EXTRACTORS.get("dates").run is extract_dates
    assert extract_dates(ExtractContext("in May 1947"))[0]["edtf"] == "1947-05"


@pytest.mark.parametrize("name", DEVSET_NAMES)
def test_devset(name: str) -> None:
    text = devset_text(name)
    gold = json.loads((DEVSET / name / "dates.json").read_text(encoding="utf-8"))
    found = find_dates(text)
    key = ("text", "edtf", "earliest", "latest", "start", "end")
    assert [{k: d[k] for k in key} for d in found] == [{k: g[k] for k in key} for g in gold]


# -- properties -------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_and_always_consistent(text: str) -> None:
    for d in find_dates(text):
        value = parse_edtf(str(d["edtf"]))
        assert d["earliest"] == (value.earliest.isoformat() if value.earliest else None)
        assert d["latest"] == (value.latest.isoformat() if value.latest else None)
        assert text[int(str(d["start"])) : int(str(d["end"]))] == d["text"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["June", "25", ",", "1950", "late", "the", "of", "summer", "by", "since", "–", "-",
                                 "июня", "г.", "в", "конце", "1.06.46", "1940s", "and", "XX", "век", " ", "\n", "\t",
                                 "¹", "to", "between", "с", "по", "mid", "early", "1951", "52"]), max_size=14))
def test_never_crashes_on_date_like_noise(words: list[str]) -> None:
    text = " ".join(words)
    for d in find_dates(text):
        parse_edtf(str(d["edtf"]))


EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
RU_MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                 "ноября", "декабря"]
RU_MONTHS_PREP = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
                  "ноябре", "декабре"]
# The documented conventions, restated independently of the extractor's data.
THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
THIRDS_RU = {"early": "в начале", "mid": "в середине", "late": "в конце"}
SEASONS = {"spring": (3, 5, "весной"), "summer": (6, 8, "летом"), "autumn": (9, 11, "осенью"),
           "winter": (1, 2, "зимой")}


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


@st.composite
def rendered_dates(draw: st.DrawFn) -> tuple[str, date, date]:
    y = draw(st.integers(1900, 2030))
    m = draw(st.integers(1, 12))
    d = draw(st.integers(1, last_day(y, m)))
    ru = draw(st.booleans())
    shape = draw(st.sampled_from(["day", "month", "third", "season", "year"]))
    if shape == "day":
        text = f"{d} {RU_MONTHS_GEN[m - 1]} {y} г." if ru else draw(
            st.sampled_from([f"{EN_MONTHS[m - 1]} {d}, {y}", f"{d} {EN_MONTHS[m - 1]} {y}"]))
        return text, date(y, m, d), date(y, m, d)
    if shape == "month":
        text = f"в {RU_MONTHS_PREP[m - 1]} {y} г." if ru else f"in {EN_MONTHS[m - 1]} {y}"
        return text, date(y, m, 1), date(y, m, last_day(y, m))
    if shape == "third":
        third = draw(st.sampled_from(sorted(THIRDS)))
        lo, hi = THIRDS[third]
        text = f"{THIRDS_RU[third]} {RU_MONTHS_GEN[m - 1]} {y} г." if ru else f"in {third} {EN_MONTHS[m - 1]} {y}"
        return text, date(y, m, lo), date(y, m, min(hi, last_day(y, m)))
    if shape == "season":
        name = draw(st.sampled_from(sorted(SEASONS)))
        first, last, ru_word = SEASONS[name]
        text = f"{ru_word} {y} г." if ru else f"in the {name} of {y}"
        return text, date(y, first, 1), date(y, last, last_day(y, last))
    return (f"в {y} г." if ru else f"in {y}"), date(y, 1, 1), date(y, 12, 31)


@settings(max_examples=300, deadline=None)
@given(rendered_dates())
def test_rendered_dates_parse_back(case: tuple[str, date, date]) -> None:
    text, earliest, latest = case
    found = only(f"Something happened {text} and ended.")
    assert (found["earliest"], found["latest"]) == (earliest.isoformat(), latest.isoformat())


@settings(max_examples=150, deadline=None)
@given(rendered_dates(), rendered_dates())
def test_rendered_intervals_parse_back(a: tuple[str, date, date], b: tuple[str, date, date]) -> None:
    (ta, lo, _), (tb, _, hi) = sorted([a, b], key=lambda c: c[1])
    if lo > hi:
        return
    strip = ("in the ", "in ", "в ")
    ta_bare = next((ta[len(p):] for p in strip if ta.startswith(p) and not ta.startswith("в начале")
                    and not ta.startswith("в середине") and not ta.startswith("в конце")), ta)
    tb_bare = next((tb[len(p):] for p in strip if tb.startswith(p) and not tb.startswith("в начале")
                    and not tb.startswith("в середине") and not tb.startswith("в конце")), tb)
    found = only(f"It lasted {ta_bare} – {tb_bare}, more or less.")
    assert (found["earliest"], found["latest"]) == (lo.isoformat(), hi.isoformat())


def test_a_year_less_date_takes_the_documents_year_from_its_dateline() -> None:
    """A 1953 telegram's "July 9" is 1953, though 1950 was the last year mentioned before it."""
    text = ("Telegram From the Embassy in Korea to the Department of State\n\nSeoul, July 10, 1953—7 p.m.\n\n"
            "The attack of June 25, 1950 is remembered by all.\n\nOn July 9 Rhee told me he would not sign.\n")
    found = {d["text"]: d["edtf"] for d in find_dates(text)}
    assert found["July 9"] == "1953-07-09"
    assert found["June 25, 1950"] == "1950-06-25"


def test_a_finer_date_in_the_same_paragraph_still_gives_the_year() -> None:
    text = "Moscow, 5 March 1953\n\nIn June 1950 the war began; on June 28 Seoul fell.\n"
    found = {d["text"]: d["edtf"] for d in find_dates(text)}
    assert found["June 28"] == "1950-06-28"


def test_a_sentence_with_a_date_is_not_a_dateline() -> None:
    text = "Notes of 1960.\n\nThe attack of June 25, 1950 came.\n\nOn July 9 troops landed.\n"
    assert {d["text"]: d["edtf"] for d in find_dates(text)}["July 9"] == "1950-07-09"
