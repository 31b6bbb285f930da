from __future__ import annotations

import pytest

from opis.names import chinese


@pytest.mark.parametrize(
    ("pinyin", "wade_giles", "palladius"),
    [
        ("mao", "mao", "мао"),
        ("ze", "tsê", "цзэ"),
        ("dong", "tung", "дун"),
        ("zhou", "chou", "чжоу"),
        ("en", "ên", "энь"),
        ("lai", "lai", "лай"),
        ("xi", "hsi", "си"),
        ("jin", "chin", "цзинь"),
        ("qing", "ch'ing", "цин"),
        ("zi", "tzŭ", "цзы"),
        ("si", "ssŭ", "сы"),
        ("shi", "shih", "ши"),
        ("ri", "jih", "жи"),
        ("ge", "ko", "гэ"),
        ("guo", "kuo", "го"),
        ("gui", "kuei", "гуй"),
        ("hui", "hui", "хуэй"),
        ("xue", "hsüeh", "сюэ"),
        ("yu", "yü", "юй"),
        ("lü", "lü", "люй"),
        ("lian", "lien", "лянь"),
        ("you", "yu", "ю"),
        ("er", "êrh", "эр"),
    ],
)
def test_syllable_table(pinyin: str, wade_giles: str, palladius: str) -> None:
    assert chinese.convert(pinyin, "wade-giles") == wade_giles
    assert chinese.convert(pinyin, "palladius") == palladius


@pytest.mark.parametrize(
    ("han", "pinyin", "wade_giles", "palladius"),
    [
        ("毛泽东", "Mao Zedong", "Mao Tsê-tung", "Мао Цзэдун"),
        ("周恩来", "Zhou Enlai", "Chou Ên-lai", "Чжоу Эньлай"),
        ("邓小平", "Deng Xiaoping", "Têng Hsiao-p'ing", "Дэн Сяопин"),
        ("彭德怀", "Peng Dehuai", "P'êng Tê-huai", "Пэн Дэхуай"),
        ("欧阳修", "Ouyang Xiu", "Ou-yang Hsiu", "Оуян Сю"),  # two-character surname
    ],
)
def test_names(han: str, pinyin: str, wade_giles: str, palladius: str) -> None:
    assert chinese.romanize(han, "pinyin", name=True) == pinyin
    assert chinese.romanize(han, "wade-giles", name=True) == wade_giles
    assert chinese.romanize(han, "palladius", name=True) == palladius


def test_places() -> None:
    assert chinese.romanize("北京") == "Beijing"
    assert chinese.romanize("西安") == "Xi'an"
    assert chinese.romanize("北京", "wade-giles") == "Pei-ching"


def test_palladius_read_back_to_pinyin() -> None:
    assert chinese.from_palladius("Цзэдун") == (("ze", "dong"),)
    assert chinese.from_palladius("Эньлай") == (("en", "lai"),)
    assert chinese.from_palladius("Штыков") == ()


def test_unknown_scheme() -> None:
    with pytest.raises(ValueError, match="unknown Chinese scheme"):
        chinese.romanize("毛泽东", "yale")


def test_palladius_reader_takes_any_length_without_recursion() -> None:
    """Issue 20: about a thousand Cyrillic capitals overflowed the stack (a recursive reader)."""
    readings = chinese.from_palladius("А" * 5000)
    assert readings == (("a",) * 5000,)
    assert chinese.from_palladius("Ж" * 5000) == ()


def test_palladius_readings_are_every_split_longest_syllable_first() -> None:
    table = chinese._from_palladius()

    def every(word: str) -> list[tuple[str, ...]]:  # all splits, the longest first syllable first
        if not word:
            return [()]
        return [(p, *rest) for end in range(min(len(word), 6), 0, -1) for p in table.get(word[:end], ())
                for rest in every(word[end:])]

    for word in ("Цзэдун", "Сиань", "Эньлай", "Лиань", "Аньань", "Хуаньань"):
        assert chinese.from_palladius(word) == tuple(every(word.lower())[:8]), word
