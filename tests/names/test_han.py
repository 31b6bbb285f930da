"""The written form of Han names (opis.names.han): variants made one, different characters kept apart."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.names.han import written_form
from opis.names.keys import names_match
from opis.names.scripts import Script, script_of

# CJK Unified Ideographs, the compatibility block (Korean duplicate Hanja) and the variants table's letters.
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.characters(
    min_codepoint=0xF900, max_codepoint=0xFAD9) | st.sampled_from("淸靑晩硏敎眞値鄕卽旣槪為説")


@pytest.mark.parametrize(("a", "b"), [("毛泽东", "毛澤東"), ("刘少奇", "劉少奇"), ("淸津", "清津"),
                                      ("李承晩", "李承晚"), ("\uf90a日成", "金日成")])
def test_one_character_in_two_print_standards_is_one_written_form(a: str, b: str) -> None:
    assert written_form(a) == written_form(b)


@pytest.mark.parametrize(("a", "b"), [("柳", "劉"), ("城津", "淸津"), ("張", "章"), ("乾", "幹")])
def test_different_characters_stay_apart(a: str, b: str) -> None:
    assert written_form(a) != written_form(b)
    assert not names_match(a, b)


@settings(max_examples=300, deadline=None)
@given(st.text(_HAN, min_size=1, max_size=6))
def test_the_written_form_is_stable_and_han(text: str) -> None:
    once = written_form(text)
    assert written_form(once) == once
    assert len(once) == len(text)  # one character for one: a conversion table never spells a reading
    # Still Han characters (some compatibility-block characters, such as 﨟 U+FA1F, are unified ones and stay).
    assert all(script_of(ch) is Script.HAN for ch in once)


@settings(max_examples=300, deadline=None)
@given(st.text(_HAN, min_size=1, max_size=4), st.text(_HAN, min_size=1, max_size=4))
def test_two_han_names_meet_exactly_when_written_alike(a: str, b: str) -> None:
    assert names_match(a, b) == (written_form(a) == written_form(b)) == names_match(b, a)


def test_a_character_kept_by_an_opencc_phrase_is_converted_on_the_next_pass() -> None:
    # OpenCC's phrase table keeps 丰 in 丰仪 (丰儀); alone, 丰 is 豐. Found by the stability property above.
    assert written_form("丰仪") == written_form("丰儀") == "豐儀"
