from __future__ import annotations

import pytest

from opis.extract.names.entities import AuthorityIndex, find_names
from opis.model import Authority
from opis.sample import load_sample


@pytest.fixture(scope="module")
def index() -> AuthorityIndex:
    return AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))


def _linked(text: str, index: AuthorityIndex) -> list[tuple[str, str]]:
    return [(f["text"], f["preferred"]) for f in find_names(text, index)]


@pytest.mark.parametrize(("text", "preferred"), [
    ("Terentii Shtykov reported", "Terentii Shtykov"),
    ("письмо Штыкова Сталину", "Terentii Shtykov"),
    ("김일성은 모스크바에", "Kim Il Sung"),
    ("Ким Ир Сен прибыл", "Kim Il Sung"),
    ("the port of Chŏngjin", "Chongjin"),
    ("в порту Чхонджин", "Chongjin"),
])
def test_names_link_across_scripts(index: AuthorityIndex, text: str, preferred: str) -> None:
    assert preferred in [p for _, p in _linked(text, index)]


def test_lower_case_words_and_lone_initials_are_not_names(index: AuthorityIndex) -> None:
    found = _linked("It was seen as a matter for D. and the port, as a rule.", index)
    assert all(t[0].isupper() and len(t) > 1 for t, _ in found), found


@pytest.mark.parametrize("text", ["In May he left.", "See the note.", "Чистяков И.М. Указ. соч.", "Андреев В.И."])
def test_single_words_need_an_exact_match(index: AuthorityIndex, text: str) -> None:
    found = _linked(text, index)
    assert all(t not in ("May", "See", "И", "М", "В", "Андреев") for t, _ in found), found


def test_russian_names_without_an_authority_are_reported_unlinked(index: AuthorityIndex) -> None:
    from opis.extract.base import ExtractContext
    from opis.extract.names.entities import extract_names

    text = "Штыков сообщил, что Иванов Пётр Семёнович прибыл в Хабаровск."
    found = {f["text"]: f for f in extract_names(ExtractContext(text=text, names=index))}
    assert found["Штыков"]["preferred"] == "Terentii Shtykov"
    assert found["Иванов Пётр Семёнович"]["authority"] is None
    assert found["Иванов Пётр Семёнович"]["type"] == "person"
    assert found["Хабаровск"]["type"] == "place"


def test_only_paragraphs_with_cyrillic_reach_the_russian_tagger() -> None:
    from opis.extract.names.ner_ru import russian_runs

    english = "The Secretary met the Ambassador in Washington.\n\n"
    russian = "Хрущев встретился с Кеннеди в Вене.\n\nГромыко был там же."
    text = english * 3 + russian + "\n\n" + english
    runs = russian_runs(text)
    assert [text[a:b] for a, b in runs] == [russian]
    assert russian_runs(english * 4) == []


def test_russian_names_in_an_english_text_keep_their_offsets() -> None:
    from opis.extract.names.ner_ru import russian_entities

    quote = "В Москве Андрей Громыко принял посла."
    text = "The memorandum reads:\n\n" + quote + "\n\nEnd of the memorandum."
    spans = {text[a:b] for a, b, _ in russian_entities(text)}
    assert spans == {quote[a:b] for a, b, _ in russian_entities(quote)}
    assert "Андрей Громыко" in spans
