from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_text_without_cyrillic_never_reaches_the_russian_tagger(monkeypatch: pytest.MonkeyPatch) -> None:
    from opis.extract.names import ner_ru
    from opis.extract.pipeline import extract_all

    def no_tagger() -> None:
        raise AssertionError("the Russian NER model was asked for")

    monkeypatch.setattr(ner_ru, "_tagger", no_tagger)
    english = "Ambassador Kennan met Mr. Molotov in Moscow on 5 May 1952.\n\nThe Secretary of State replied."
    assert ner_ru.russian_entities(english) == []
    assert extract_all(english, "en")["names"] == []
    with pytest.raises(AssertionError, match="NER model"):
        ner_ru.russian_entities("Громыко был там же.")


def test_russian_names_in_an_english_text_keep_their_offsets() -> None:
    from opis.extract.names.ner_ru import russian_entities

    quote = "В Москве Андрей Громыко принял посла."
    text = "The memorandum reads:\n\n" + quote + "\n\nEnd of the memorandum."
    spans = {text[a:b] for a, b, _ in russian_entities(text)}
    assert spans == {quote[a:b] for a, b, _ in russian_entities(quote)}
    assert "Андрей Громыко" in spans


# The scan reads only the windows a name could fill; these pin it to the plain definition: every
# size from five words down at every word, a window skipped if it starts or ends at a lower-case
# word or a lone letter or runs across a break, the first that resolves kept and the scan resumed
# after it.
def _every_window(text: str, index: AuthorityIndex) -> list[tuple[int, int, str]]:
    import re

    from opis.extract.names.entities import _WORD, MAX_WINDOW

    words = list(_WORD.finditer(text))
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_WINDOW, len(words) - i), 0, -1):
            first, last = words[i].group(), words[i + size - 1].group()
            if first[0].islower() or last[0].islower() or len(last) < 2:
                continue
            start, end = words[i].start(), words[i + size - 1].end()
            if size > 1 and re.search(r"[\n.;:,()]", text[start:end]):
                continue
            entry = index.resolve(text[start:end], single_word=size == 1)
            if entry is not None:
                found.append((start, end, entry.authority))
                i += size
                break
        else:
            i += 1
    return found


_PIECES = st.sampled_from(["Kim", "Il", "Sung", "Terentii", "Shtykov", "Штыкова", "Ким", "Ир", "Сен", "Chŏngjin",
                           "Seoul", "Moscow", "May", "See", "the", "of", "a", "D", "T-34", "Il-sung", "Shtykov's",
                           "ʼA", "Pyong", "Yang", "Pyongyang", "Hamhung", "Ae", "Sh", "Tykov", "Chong", "Jin",
                           "Shtikov",
                           "1Kim", "x_Kim", "김일성은", "毛泽东", " ", "  ", ", ", ". ", "\n", "(", ")", "-", "'"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(" ".join))
def test_the_scan_finds_what_every_window_finds(index: AuthorityIndex, text: str) -> None:
    assert [(f["start"], f["end"], f["authority"]) for f in find_names(text, index)] == _every_window(text, index)


@settings(max_examples=500)
@given(st.text(alphabet="ab AZ1_'’ʼ‘-.,\nЖя김", max_size=40))
def test_words_and_gaps_split_as_the_word_pattern_does(text: str) -> None:
    import re

    from opis.extract.names.entities import _WORD, _words_and_gaps

    assert _words_and_gaps(text) == re.split(f"({_WORD.pattern})", text)


def test_the_tagger_alone_finds_the_spans_natashas_document_does() -> None:
    """Russian NER calls the tagger straight on the text; natasha's Doc (segmented first) must give
    the same spans on a Russian text: the dev set's Russian citations text, and real endnotes (a
    scholar's book on the DPRK, in the dev set's real/ folder)."""
    from pathlib import Path

    from natasha import Doc, Segmenter

    from opis.extract.names.ner_ru import TYPES, _tagged, _tagger

    devset = Path(__file__).parents[1] / "data" / "devset"
    for path in (devset / "heldout-citations-ru" / "text.txt", devset / "real" / "heldout-blind-ru-ebook" / "text.txt"):
        text = path.read_text(encoding="utf-8").strip()
        doc = Doc(text)
        doc.segment(Segmenter())
        doc.tag_ner(_tagger())
        expected = [(s.start, s.stop, TYPES[s.type]) for s in doc.spans if s.type in TYPES]
        assert expected
        assert _tagged(text) == expected
