"""The shared tokenizer, and the shortcuts the date and quantity scans take over its tokens.

The tokenizer builds its tokens column by column; each test here holds it, or a shortcut, to the
plain way of doing the same thing (a token at a time; every shape of the grammar at every token).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.dates.grammar import Found, Grammar, Hit, _best
from opis.extract.dates.running import view_tokens
from opis.extract.quantities.extractor import _candidates, read_quantity
from opis.extract.textview import blank, footnote_spans
from opis.extract.tokens import CACHE_CHARS, SUPERSCRIPTS, Token, token, tokenize

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = sorted(p for p in (DATA / "devset").rglob("*.txt"))


# The tokenizer's pattern as it was first written: numbers, superscripts, words, any other mark.
PLAIN = re.compile(rf"\d+|[{SUPERSCRIPTS}]+|[^\W\d_{SUPERSCRIPTS}]+|\S")


def one_at_a_time(text: str) -> list[Token]:
    tokens, last = [], 0
    for m in PLAIN.finditer(text):
        tokens.append(token(m.group(), m.start(), m.end(), text[last:m.start()]))
        last = m.end()
    return tokens


def test_token_fields_say_what_they_mean() -> None:
    one, two, three = tokenize("İstanbul\t1950 ⁴⁵")
    assert (one.text, one.low, one.is_word, one.is_num, one.gap) == ("İstanbul", "İstanbul".lower(), True, False, "")
    assert (two.start, two.end, two.gap, two.is_num, two.same_line, two.group_gap) == (9, 13, "\t", True, False, False)
    assert (three.text, three.is_num, three.is_word, three.group_gap) == ("⁴⁵", False, False, True)
    assert not tokenize("٣")[0].is_num  # an Arabic-Indic digit is a digit, but no number the grammars read


@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(DATA)))
def test_tokenize_is_token_at_a_time_on_real_texts(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert list(tokenize(text)) == one_at_a_time(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZяЁ1٣⁴ .,-\n\t\r\u00a0\u2009İß_½")) | st.characters(), max_size=80))
def test_tokenize_is_token_at_a_time(text: str) -> None:
    assert list(tokenize(text)) == one_at_a_time(text)


FOOTNOTED = st.lists(st.sampled_from(["¹⁷ RGAE. F. 413.", "² Ibid.", "In 1950", "25 June", "\n", "\n\n", " ", "\t",
                                      "\r\n", "⁵", "text", "1946 г."]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(FOOTNOTED)
def test_view_tokens_are_the_tokens_of_the_blanked_text(text: str) -> None:
    spans = footnote_spans(text)
    view = blank(text, spans)
    assert list(view_tokens(text, view, spans)) == one_at_a_time(view)


# -- the date grammar: shapes tried only where they can apply ------------------------------------

def every_point_shape(g: Grammar, i: int, bare: bool) -> Hit | None:
    return _best([g.numeric(i), g.with_article(i, bare), g.part(i, bare), g.season(i, bare), g.day_month(i),
                  g.month_form(i, bare), g.decade(i), g.year(i)])


def every_expression_shape(g: Grammar, i: int) -> Found | None:
    best: Found | None = None
    for found in (g.bounded(i), g.opened(i), g.interval(i, i, and_ok=False), g.pair(i), g.century(i),
                  g.winter_span(i), g.single(i)):
        if found is not None and (best is None or found.last > best.last):
            best = found
    return best


DATE_WORDS = ["June", "june", "Jun", ".", "25", "1", "31", "7", "1950", "1940", "51", "150", "19500", ",", "the", "The",
              "of", "late", "early", "first", "half", "summer", "winter", "by", "since", "between", "and", "from",
              "to", "–", "-", "/", "s", "'s", "th", "st", "century", "XX", "I", "в", "конце", "1946", "г", "года",
              "июня", "с", "по", "до", "не", "позднее", "зимой", "е", "гг", "up", "no", "later", "than", "in",
              "rubles", "mln", "t", "F", "№", "1.06.46", "1950-06-25"]
# Every date phrase of the dev set's gold files, as written: joined with each other and with the
# words above, they make phrases of every shape, and near-misses of them.
GOLD_DATES = sorted({str(d["text"]) for path in (DATA / "devset").rglob("dates.json")
                     for d in json.loads(path.read_text(encoding="utf-8"))})
DATE_TEXTS = sorted(p for p in (DATA / "devset").glob("*dates*/text.txt"))


def date_text() -> st.SearchStrategy[str]:
    pieces = st.tuples(st.sampled_from(["", " ", " ", "\n", "\t"]),
                       st.sampled_from(DATE_WORDS) | st.sampled_from(GOLD_DATES))
    return st.lists(pieces, max_size=25).map(lambda ps: "".join(gap + word for gap, word in ps))


def assert_same_as_every_shape(tokens: Sequence[Token]) -> None:
    candidates = set(Grammar(tokens).candidates())
    for i in range(len(tokens)):
        fast, plain = Grammar(tokens), Grammar(tokens)
        assert fast.point(i, True) == every_point_shape(plain, i, True)
        assert fast.point(i, False) == every_point_shape(plain, i, False)
        whole = every_expression_shape(Grammar(tokens), i)
        assert Grammar(tokens).expression(i) == whole
        if whole is not None:
            assert i in candidates, i


@settings(max_examples=400, deadline=None)
@given(date_text())
def test_the_date_grammar_finds_what_every_shape_at_every_token_finds(text: str) -> None:
    assert_same_as_every_shape(tokenize(text))


# One phrase of each shape the grammar's docstrings name.
SHAPES = ["the 24 of August 1950", "1 марта", "25 июня 1950 г.", "October 7–11, 1945", "с 7 по 11 октября", "1951–52",
          "XIX–XX вв.", "the 20th and 21st century", "зимой 1950/1951 г.", "the winter of 1950/51", "1940's",
          "1940-х гг.", "к концу 1947 г.", "not later than June 1950", "first half of 1950", "25th of May, 1950",
          "в первой половине 1950 г.", "1.06.46", "1950-06-25", "in June", "March and April 1950", "25-го мая",
          "winter and spring 1950", "between 1950 and 1953", "from 1950 to 1953", "since fall of 1947", "mid-1950",
          "early in 1950", "by 12 June", "1940s – 1950s", "the 1990s – 2010s", "до 1 января 1950 г."]


@pytest.mark.parametrize("phrase", SHAPES)
def test_the_date_grammar_finds_what_every_shape_finds_in_each_shape(phrase: str) -> None:
    assert_same_as_every_shape(tokenize(f"In {phrase}, and then"))


@pytest.mark.parametrize("path", DATE_TEXTS, ids=lambda p: p.parent.name)
def test_the_date_grammar_finds_what_every_shape_finds_in_real_texts(path: Path) -> None:
    assert_same_as_every_shape(tokenize(path.read_text(encoding="utf-8")))


QUANTITY_WORDS = ["5", "253", "24", "500", "3", ",", "7", ".", "mln", "млн", "rubles", "руб", "t", "tons", "two",
                  "пять", "about", "более", "$", "US", "%", "percent", "industrial", "enterprises", "from", "155",
                  "coal", "mines", "до", "1950", "F", "№", "years", "locomotive", "depots", "thousand"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", " ", " ", "\n"]), st.sampled_from(QUANTITY_WORDS)), max_size=25))
def test_quantities_start_only_at_candidates(pieces: list[tuple[str, str]]) -> None:
    tokens = tokenize("".join(gap + word for gap, word in pieces))
    candidates = set(_candidates(tokens))
    for i in range(len(tokens)):
        if i not in candidates:
            assert read_quantity(tokens, i, []) is None


def test_the_scans_skip_most_tokens_of_real_prose() -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in REAL[:6])
    tokens = tokenize(text)
    words = sum(1 for tok in tokens if re.fullmatch(r"\w+", tok.text))
    assert len(Grammar(tokens).candidates()) < words / 4
    assert len(_candidates(tokens)) < words / 4


def test_tokens_of_a_text_are_kept_for_the_next_extractor_unless_it_is_long() -> None:
    short = "Signed 25 June 1950 for 3,7 mln. rubles."
    assert tokenize(short) is tokenize("".join(list(short)))  # an equal text, as the next extractor passes it
    long = short * (CACHE_CHARS // len(short) + 1)
    assert tokenize(long) is not tokenize(long)  # made again: a long text's tokens are not held after use
    assert list(tokenize(long)) == one_at_a_time(long)
