"""Offices named instead of people, resolved for the statement's date: the US chiefs of mission (POCOM) and the
offices of the sample authority records (Shtykov, ambassador of the USSR to the DPRK 1948-1950; Stalin, chairman
of the Council of Ministers)."""

from __future__ import annotations

from datetime import date

import pytest

from opis.extract.names.entities import AuthorityIndex
from opis.extract.offices.holders import OfficeTable, office_phrases, resolve
from opis.extract.pipeline import extract_all
from opis.model import Authority
from opis.sample import load_sample


@pytest.fixture(scope="module")
def index() -> AuthorityIndex:
    return AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))


def _id(index: AuthorityIndex, name: str) -> str:
    return next(a for a, kind, _ in index.lookup(name) if kind == "person")


@pytest.mark.parametrize(("phrase", "on", "who"), [
    ("the American ambassador in Seoul", "1949-06-30", "John J. Muccio"),
    ("the US ambassador to Korea", "1952-12", "Ellis O. Briggs"),
    ("the American ambassador in Moscow", "1950-05", "Alan G. Kirk"),
    ("the American ambassador in Moscow", "1952-06-01", "George F. Kennan"),
    ("the Soviet ambassador", "1949-03", "Terentii Shtykov"),
    ("советский посол", "1949-03-05", "Terentii Shtykov"),
    ("Председатель Совета Министров СССР", "1950-05", "Joseph Stalin"),
])
def test_who_held_the_office_that_day(index: AuthorityIndex, phrase: str, on: str, who: str) -> None:
    held = resolve(index.office_table(), phrase, on)
    assert held is not None and held.name == who


@pytest.mark.parametrize(("phrase", "on"), [
    ("the Soviet ambassador", "1947-05"),  # no Soviet embassy in Pyongyang before 1948
    ("the Chairman", "1950-01"),  # Stalin, Mao and others chaired something then: not one person
    ("the American ambassador in Seoul", "1949"),  # Muccio took post in April 1949: the year is too coarse
    ("the American ambassador in Seoul", None),
])
def test_unknown_or_ambiguous_stays_unresolved(index: AuthorityIndex, phrase: str, on: str | None) -> None:
    assert resolve(index.office_table(), phrase, on) is None


def test_us_chiefs_link_to_an_authority_when_one_is_known(index: AuthorityIndex) -> None:
    held = resolve(index.office_table(), "the American ambassador in Seoul", "1950-06-25")
    assert held is not None and held.authority == _id(index, "John J. Muccio")
    unlinked = resolve(OfficeTable([], None), "the American ambassador in Seoul", "1950-06-25")
    assert unlinked is not None and unlinked.name == "John J. Muccio" and unlinked.authority is None
    assert held.start == date(1949, 4, 20)


def test_a_statement_by_an_office_names_its_holder(index: AuthorityIndex) -> None:
    text = ("On June 30, 1949, the American ambassador in Seoul asked Washington for 20 aircraft. "
            "In March 1949 the Soviet ambassador requested 4 ships from Moscow.")
    first, second = extract_all(text, "en", index, only=("statements",))["statements"]
    assert first["agent"]["text"] == "the American ambassador in Seoul"
    assert first["agent"]["holder"]["name"] == "John J. Muccio"
    assert first["agent"]["authority"] == _id(index, "John J. Muccio")
    assert second["agent"]["authority"] == _id(index, "Terentii Shtykov")
    assert second["agent"]["holder"]["from"] == "1948-01-01"


def test_phrases_do_not_overlap() -> None:
    text = "the American ambassador in Seoul met the Soviet ambassador in Pyongyang"
    found = office_phrases(text, 0, len(text))
    assert [text[s:e] for s, e, _ in found] == ["the American ambassador in Seoul",
                                               "the Soviet ambassador in Pyongyang"]
