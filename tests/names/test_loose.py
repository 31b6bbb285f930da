"""The loose skeletons (opis.names.loose): the fine key and the cross-script keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.names.keys import cross_keys, names_match
from opis.names.loose import MAX_CROSS, _canonical, cross_skeletons, skeleton

_LATIN = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz'-ŏŭšžčê "), max_size=24)
_CYRILLIC = st.text(st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюя -"), max_size=16)
_HANGUL = st.text(st.sampled_from("김일성청진장평양개고함흥신의주박헌영두봉"), max_size=5)
_NAME = st.one_of(_LATIN, _CYRILLIC, _HANGUL)


@pytest.mark.parametrize(("a", "b"), [("Chongjin", "Cheongjin"), ("Chongjin", "Ch'ŏngjin"), ("Shtykov", "Shtikov"),
                                      ("Kim Il Sung", "Kim Ilsŏng"), ("Mao Zedong", "Mao Tse-tung"),
                                      ("Hamhung", "Hamheung"), ("Kaesong", "Gaeseong")])
def test_spellings_of_one_name_share_the_fine_key(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [("Changjin", "Chongjin"), ("Sunchon", "Songjin"), ("Ignatiev", "Ignatov"),
                                      ("Kaesong", "Kosong"), ("Tanchon", "Tongchon"), ("Kim", "Kem")])
def test_the_fine_key_parts_vowel_classes(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


@settings(max_examples=500, deadline=None)
@given(_LATIN)
def test_every_latin_spelling_has_the_cross_key_of_its_fine_key(latin: str) -> None:
    # So two Latin names the fine key joins always share a cross key: the fine key never joins
    # what the cross keys part.
    fine = skeleton(latin)
    assert not fine or _canonical(fine) in cross_skeletons([(latin, False)])


@settings(max_examples=300, deadline=None)
@given(_LATIN, _LATIN)
def test_the_fine_key_never_matches_what_the_cross_keys_part(a: str, b: str) -> None:
    if skeleton(a) and skeleton(a) == skeleton(b):
        assert set(cross_skeletons([(a, False)])) & set(cross_skeletons([(b, False)]))


@settings(max_examples=300, deadline=None)
@given(_NAME, _NAME)
def test_names_meet_symmetrically(a: str, b: str) -> None:
    assert names_match(a, b) == names_match(b, a)


@settings(max_examples=300, deadline=None)
@given(_NAME)
def test_cross_keys_are_bounded(name: str) -> None:
    assert len(cross_keys(name)) <= MAX_CROSS + 1  # the variants and the fine key's own


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Kim Il Sung", "Ким Ир Сен"), ("Hamhung", "Хамхын"), ("Kaesong", "Кэсон"), ("Pyongyang", "Пхеньян"),
    ("Pak Hon-yong", "Пак Хон Ен"), ("Sinuiju", "Синыйджу"), ("Ignatiev", "Игнатьев")])
def test_russian_renderings_share_a_cross_key(latin: str, cyrillic: str) -> None:
    assert cross_keys(latin) & cross_keys(cyrillic)


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Kim", "Кемь"), ("Changjin", "Чхонджин"), ("Kosong", "Кэсон"), ("Ignatov", "Игнатьев"), ("Sinchon", "Сунчхон"),
    ("Sunchon", "Синчхон"), ("Hungnam", "Хамхын")])
def test_vowel_classes_part_what_the_coarse_key_joined(latin: str, cyrillic: str) -> None:
    assert not cross_keys(latin) & cross_keys(cyrillic)
