"""Words for EDTF values: the examples readers meet, and every value the parser accepts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opis.model.edtf import EdtfError, parse_edtf
from opis.model.edtf_words import edtf_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1950-06-25", "25 June 1950"),
        ("1950-06?", "June 1950?"),
        ("1946-06~", "about June 1946"),
        ("1946?", "1946?"),
        ("1950%", "about 1950?"),
        ("2016/", "from 2016"),
        ("1945/..", "from 1945"),
        ("../1947-10", "until October 1947"),
        ("1950-21", "spring 1950"),
        ("1950-24", "winter 1950"),
        ("195X", "1950s"),
        ("19XX", "1900s"),
        ("1950-XX", "1950"),
        ("1950-05-XX", "May 1950"),
        ("1912-04-15/1994-07-08", "15 April 1912 – 8 July 1994"),
    ],
)
def test_words(text: str, words: str) -> None:
    assert edtf_words(text) == words


def test_not_edtf_is_refused() -> None:
    with pytest.raises(EdtfError):
        edtf_words("June 1950")


# What no reader should see: EDTF's own syntax (ISO digits, unspecified X, qualifiers ~ %, interval marks).
RAW = re.compile(r"\d{4}-\d|X|~|%|\.\.|/")
_year = st.from_regex(r"\A\d{2}(\d{2}|\dX|XX)\Z", fullmatch=True)
_month = st.sampled_from([f"{m:02d}" for m in (*range(1, 13), 21, 22, 23, 24)] + ["XX"])
_day = st.sampled_from([f"{d:02d}" for d in range(1, 32)] + ["XX"])
_q = st.sampled_from(["", "?", "~", "%"])


@st.composite
def _dates(draw: st.DrawFn) -> str:
    parts = [draw(_year)]
    if draw(st.booleans()):
        parts.append(draw(_month))
        if draw(st.booleans()):
            parts.append(draw(_day))
    return "-".join(parts) + draw(_q)


_values = st.one_of(_dates(), st.tuples(st.one_of(_dates(), st.sampled_from(["", ".."])),
                                        st.one_of(_dates(), st.sampled_from(["", ".."]))).map("/".join))


@given(_values)
def test_every_accepted_value_has_words_without_edtf_syntax(text: str) -> None:
    try:
        parse_edtf(text)
    except EdtfError:
        return  # the parser refuses it, so no page ever holds it
    words = edtf_words(text)
    assert words and not RAW.search(words), (text, words)
