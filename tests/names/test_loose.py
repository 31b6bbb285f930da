"""The loose skeletons (opis.names.loose): the fine key refines the coarse one."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.names.loose import skeleton

_LATIN = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz'-ŏŭšžčê "), max_size=24)


def _coarsened(fine: str) -> str:
    """The coarse skeleton from the fine one: every vowel class one, runs collapsed."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeio]", "a", fine))


@settings(max_examples=500, deadline=None)
@given(_LATIN)
def test_the_fine_key_is_the_coarse_key_with_vowel_classes(latin: str) -> None:
    # So two names the fine key joins are always joined by the coarse key: it only ever parts more.
    assert _coarsened(skeleton(latin, fine=True)) == skeleton(latin)


@pytest.mark.parametrize(("a", "b"), [("Chongjin", "Cheongjin"), ("Chongjin", "Ch'ŏngjin"), ("Shtykov", "Shtikov"),
                                      ("Kim Il Sung", "Kim Ilsŏng"), ("Mao Zedong", "Mao Tse-tung"),
                                      ("Hamhung", "Hamheung"), ("Kaesong", "Gaeseong")])
def test_spellings_of_one_name_share_the_fine_key(a: str, b: str) -> None:
    assert skeleton(a, fine=True) == skeleton(b, fine=True)


@pytest.mark.parametrize(("a", "b"), [("Changjin", "Chongjin"), ("Sunchon", "Songjin"), ("Ignatiev", "Ignatov"),
                                      ("Kaesong", "Kosong"), ("Tanchon", "Tongchon"), ("Kim", "Kem")])
def test_vowel_classes_part_what_the_coarse_key_joins(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b) and skeleton(a, fine=True) != skeleton(b, fine=True)
