"""The query language: what parses to what, and that nothing a user types is an error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from opis.index.compile import compile_query
from opis.index.query import MAX_LEAVES, And, MatchAll, Not, Or, Phrase, Word, parse


def test_operators_fields_phrases_prefix_fuzzy() -> None:
    assert parse("coal Sakhalin") == And((Word("coal"), Word("Sakhalin")))
    assert parse("coal OR oil") == Or((Word("coal"), Word("oil")))
    assert parse("coal -oil") == And((Word("coal"), Not(Word("oil"))))
    assert parse("NOT oil") == Not(Word("oil"))
    assert parse('"Soviet specialists"') == Phrase("Soviet specialists")
    assert parse("(coal OR oil) AND Sakhalin") == And((Or((Word("coal"), Word("oil"))), Word("Sakhalin")))
    assert parse('author:"Kim Il Sung"') == Phrase("Kim Il Sung", "author")
    assert parse("genre:(letter OR report)") == Or((Word("letter", "genre"), Word("report", "genre")))
    assert parse("Title:loan") == Word("loan", "title")
    assert parse("Shtyk*") == Word("Shtyk", prefix=True)
    assert parse("Shtykof~ Shtykof~2 x~9") == And((Word("Shtykof", fuzzy=1), Word("Shtykof", fuzzy=2),
                                                   Word("x", fuzzy=2)))
    assert parse("and or not") == And((Word("and"), Word("or"), Word("not")))  # lower case: words


def test_what_does_not_parse_is_searched_as_words() -> None:
    assert parse('"open quote') == And((Word("open"), Word("quote")))
    assert parse("(coal") == Word("coal")
    assert parse("coal AND") == And((Word("coal"), Word("AND")))
    assert parse("unknown:field") == Word("unknown:field")
    assert parse("title:") == Word("title")
    assert parse("") == parse("   ") == parse("(((") == MatchAll()
    assert parse("a*") == Word("a")  # a one-letter prefix would expand to half the index: a word
    deep = "(" * 40 + "coal" + ")" * 40
    assert parse(deep) == Word("coal")
    many = parse(" ".join(f"w{i}" for i in range(200)))
    assert isinstance(many, And) and len(many.children) == MAX_LEAVES


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.lists(st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "-", "*", "~", "title:", "coal", "Штыков",
                                   "김일성", "毛泽东", " ", ":", "~2", "+"]), max_size=20).map("".join))
def test_any_string_parses_and_compiles(text: str) -> None:
    for exact in (False, True):
        compiled = compile_query(parse(text), exact)
        assert compiled.query is not None
