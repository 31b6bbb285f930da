"""opis.names.known: forms from vocab/authority_names.yaml, found by a whole name only."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from opis.names.known import direct_order, known_forms, missing_forms


def test_an_inverted_english_name_gains_hangul_hanja_and_cyrillic() -> None:
    values = {f.value for f in missing_forms("person", ["Rhee, Syngman"])}
    assert {"이승만", "李承晩", "Ли Сын Ман", "Syngman Rhee"} <= values
    assert "Rhee, Syngman" not in values


def test_found_by_any_form_after_folding() -> None:
    assert known_forms("person", ["이승만"]) == known_forms("person", ["SYNGMAN RHEE"]) != ()
    assert known_forms("person", ["Pyun Yung-Tai"]) == known_forms("person", ["卞榮泰"]) != ()


def test_a_shared_surname_or_another_kind_finds_nothing() -> None:
    assert known_forms("person", ["Rhee"]) == ()
    assert known_forms("person", ["Rhee, Philip"]) == ()
    assert known_forms("person", ["Kim, Yong-u"]) == ()
    assert known_forms("place", ["Syngman Rhee"]) == ()


def test_direct_order() -> None:
    assert direct_order("Rhee, Syngman") == "Syngman Rhee"
    assert direct_order("Hoover, Herbert, Jr.") == "Hoover, Herbert, Jr."
    assert direct_order("Kim Il Sung") == "Kim Il Sung"


@given(st.lists(st.text(max_size=30), max_size=5))
def test_any_names_never_fail_and_missing_forms_are_missing(names: list[str]) -> None:
    assert not set(f.value for f in missing_forms("person", names)) & set(names)
