from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opis.names import korean
from opis.names.hangul import Syllable, compose, decompose, pronounce


def test_decompose_by_unicode_arithmetic() -> None:
    assert decompose("청") == Syllable("ㅊ", "ㅓ", "ㅇ")
    assert decompose("가") == Syllable("ㄱ", "ㅏ", "")
    assert decompose("힣") == Syllable("ㅎ", "ㅣ", "ㅎ")
    with pytest.raises(ValueError):
        decompose("A")


@given(st.integers(min_value=0xAC00, max_value=0xD7A3))
def test_compose_inverts_decompose(code: int) -> None:
    assert compose(decompose(chr(code))) == chr(code)


@pytest.mark.parametrize(
    ("hangul", "spoken"),
    [
        ("독립", "동닙"),  # nasalization after ㄹ -> ㄴ
        ("신라", "실라"),  # lateralization
        ("종로", "종노"),
        ("한국어", "한구거"),  # liaison
        ("좋다", "조타"),  # ㅎ aspirates the next stop
        ("굳이", "구지"),  # palatalization
        ("닭이", "달기"),  # a double final splits before a vowel
    ],
)
def test_sound_changes(hangul: str, spoken: str) -> None:
    assert "".join(compose(s) for s in pronounce([decompose(c) for c in hangul])) == spoken


@pytest.mark.parametrize(
    ("hangul", "rr", "mr", "kontsevich"),
    [
        ("청진", "Cheongjin", "Ch'ŏngjin", "Чхонджин"),
        ("평양", "Pyeongyang", "P'yŏngyang", "Пхёнъян"),
        ("성진", "Seongjin", "Sŏngjin", "Сонджин"),
        ("함흥", "Hamheung", "Hamhŭng", "Хамхын"),
        ("원산", "Wonsan", "Wŏnsan", "Вонсан"),
        ("신의주", "Sinuiju", "Sinŭiju", "Синиджу"),
        ("신라", "Silla", "Silla", "Силла"),
        ("독립", "Dongnip", "Tongnip", "Тоннип"),
        ("압록강", "Amnokgang", "Amnokkang", "Амноккан"),
    ],
)
def test_places(hangul: str, rr: str, mr: str, kontsevich: str) -> None:
    assert korean.romanize(hangul, "rr") == rr
    assert korean.romanize(hangul, "mr") == mr
    assert korean.romanize(hangul, "kontsevich") == kontsevich


@pytest.mark.parametrize(
    ("hangul", "rr", "mr", "kontsevich"),
    [
        ("김일성", "Gim Ilseong", "Kim Ilsŏng", "Ким Ильсон"),
        ("김책", "Gim Chaek", "Kim Ch'aek", "Ким Чхэк"),
        ("김두봉", "Gim Dubong", "Kim Tubong", "Ким Тубон"),
        ("박헌영", "Bak Heonyeong", "Pak Hŏnyŏng", "Пак Хонён"),
        ("최용건", "Choe Yonggeon", "Ch'oe Yonggŏn", "Чхве Ёнгон"),
        ("김정일", "Gim Jeongil", "Kim Chŏngil", "Ким Чонъиль"),
        ("한복남", "Han Boknam", "Han Poknam", "Хан Покнам"),  # no assimilation inside given names
        ("남궁억", "Namgung Eok", "Namgung Ŏk", "Намгун Ок"),  # two-syllable surname
    ],
)
def test_personal_names(hangul: str, rr: str, mr: str, kontsevich: str) -> None:
    assert korean.romanize(hangul, "rr", name=True) == rr
    assert korean.romanize(hangul, "mr", name=True) == mr
    assert korean.romanize(hangul, "kontsevich", name=True) == kontsevich


def test_other_text_passes_through() -> None:
    assert korean.romanize("김일성 (1912)", "mr", name=True) == "Kim Ilsŏng (1912)"


def test_unknown_scheme() -> None:
    with pytest.raises(ValueError, match="unknown Korean scheme"):
        korean.romanize("청진", "yale")
