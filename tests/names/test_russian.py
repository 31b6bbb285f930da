from __future__ import annotations

import pytest

from opis.names import russian


@pytest.mark.parametrize(
    ("cyrillic", "scheme", "expected"),
    [
        ("Штыков", "ala-lc", "Shtykov"),
        ("Шты́ков", "bgn-pcgn", "Shtykov"),  # the stress mark is dropped, not transliterated
        ("Штыков", "iso9", "Štykov"),
        ("Мерецков", "ala-lc", "Meret͡skov"),
        ("Мерецков", "bgn-pcgn", "Meretskov"),
        ("Мерецков", "iso9", "Mereckov"),
        ("Чистяков", "ala-lc", "Chisti͡akov"),
        ("Чистяков", "bgn-pcgn", "Chistyakov"),
        ("Чистяков", "scholarly", "Čistjakov"),
        ("Романенко", "bgn-pcgn", "Romanenko"),
        ("Молотов", "iso9", "Molotov"),
        ("Терентий", "ala-lc", "Terentiĭ"),
        ("Терентий", "bgn-pcgn", "Terentiy"),
        ("Терентий", "iso9", "Terentij"),
        ("Хрущёв", "ala-lc", "Khrushchëv"),
        ("Хрущёв", "iso9", "Hruŝëv"),
        ("Ежов", "bgn-pcgn", "Yezhov"),  # BGN/PCGN: е is ye at the start of a word
        ("Григорьев", "bgn-pcgn", "Grigor’yev"),  # ... and after ь
        ("Юрий", "ala-lc", "I͡uriĭ"),
        ("Юрий", "iso9", "Ûrij"),
        ("Объединение", "ala-lc", "Obʺedinenie"),
        ("Петровъ", "ala-lc", "Petrov"),  # pre-1918 final hard sign is not written
        ("ЦК ВКП(б)", "bgn-pcgn", "TSK VKP(b)"),
    ],
)
def test_schemes(cyrillic: str, scheme: str, expected: str) -> None:
    assert russian.romanize(cyrillic, scheme) == expected


def test_common_english_variants() -> None:
    assert russian.variants("Терентий") == ("Terentiy", "Terenty", "Terentii", "Terenti")
    assert set(russian.variants("Чистяков")) == {"Chistyakov", "Chistiakov"}
    assert set(russian.variants("Семёнов")) == {"Semyonov", "Semenov"}
    assert {"Grigoryev", "Grigoriev", "Grigorev"} <= set(russian.variants("Григорьев"))
    assert {"Ilyich", "Ilich"} <= set(russian.variants("Ильич"))
    assert set(russian.variants("Мария")) == {"Mariya", "Maria"}
    assert russian.variants("Щербаков")[0] == "Shcherbakov"
    assert russian.variants("Хрущёв") == ("Khrushchev", "Khrushchov", "Khrushchyov")


def test_plain_folds_ligatures_and_marks_but_keeps_case() -> None:
    assert russian.plain(russian.romanize("Цветаева Юлия", "ala-lc")) == "Tsvetaeva Iuliia"
    assert russian.plain("Obʺedinenie Grigor’yev") == "Obedinenie Grigoryev"


def test_other_text_passes_through() -> None:
    assert russian.romanize("генерал T. Ф. Штыков, 1947", "bgn-pcgn") == "general T. F. Shtykov, 1947"


def test_romanizations_cover_every_scheme() -> None:
    assert set(russian.romanizations("Штыков")) == set(russian.SCHEMES)


def test_unknown_scheme() -> None:
    with pytest.raises(ValueError, match="unknown Russian scheme"):
        russian.romanize("Штыков", "gost-1876")
