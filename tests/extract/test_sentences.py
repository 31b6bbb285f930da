"""The sentence splitter: properties that hold for any text (hypothesis), and real sentences from
the seed paper, FRUS and the sample's Soviet documents cut where a reader would cut them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.sentences import split_sentences
from tests.conftest import SHARED

ALPHABET = st.sampled_from(list("abcXYZ абвЖЗИ 金日成김일성。！？.!?…»«\"()[]-—–\n\n  \f12.,:;ФОпДЛтгеMrUS"))


def _texts(text: str, language: str | None = None) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, language)]


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=300), st.sampled_from([None, "ru", "en", "ko", "zh", "ja", "x-unknown"]))
def test_spans_cover_every_visible_character_once_in_order(text: str, language: str | None) -> None:
    spans = split_sentences(text, language)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[last:start].strip() == ""  # nothing but white space between sentences
        last = end
    assert text[last:].strip() == ""
    assert spans == split_sentences(text, language)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("abc где XYZ,")), min_size=1, max_size=30).filter(str.strip),
                min_size=1, max_size=6))
def test_paragraph_breaks_always_end_a_sentence(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    spans = split_sentences(text)
    assert len(spans) == len(paragraphs)  # no end punctuation inside: one sentence a paragraph


@pytest.mark.parametrize(("text", "language", "expected"), [
    # the sample's record of conversation: speaker lines, an ellipsis closing a line
    ("Сталин: Дадим кредит в сумме 200 миллионов рублей, то есть 40 миллионов долларов…\n[…]", "ru",
     ["Сталин: Дадим кредит в сумме 200 миллионов рублей, то есть 40 миллионов долларов…", "[…]"]),
    ("СТАЛИН: Правильно, что не проявляют. Сейчас проявлять себя и не нужно.", "ru",
     ["СТАЛИН: Правильно, что не проявляют.", "Сейчас проявлять себя и не нужно."]),
    # initials and abbreviations of the seed paper's Russian notes; an archival citation is one sentence
    ("Чистяков И.М. Указ. соч. С. 281 – 282. Лебедев Н.Г. Ibid. P. 36.", "ru",
     ["Чистяков И.М. Указ. соч. С. 281 – 282.", "Лебедев Н.Г. Ibid. P. 36."]),
    ("RGAE. F. 413. Op. 13. D. 5466. L. 23. The table lists 170 posts.", "en",
     ["RGAE. F. 413. Op. 13. D. 5466. L. 23.", "The table lists 170 posts."]),
    ("АП РФ. Ф. 39. Оп. 1. Д. 31. Л. 33. Примечание", "ru", ["АП РФ. Ф. 39. Оп. 1. Д. 31. Л. 33.", "Примечание"]),
    ("…в направлении трех районов, т. е. в направлении. Ждем Вашего ответа.", "ru",
     ["…в направлении трех районов, т. е. в направлении.", "Ждем Вашего ответа."]),
    ("Советская сторона передала станки, насосы и т. д. Затем начались поставки.", "ru",
     ["Советская сторона передала станки, насосы и т. д.", "Затем начались поставки."]),
    ("Объясните тов. Ким Ир Сену, что вопрос конфиденциален.", "ru",
     ["Объясните тов. Ким Ир Сену, что вопрос конфиденциален."]),
    # FRUS: titles, U.S., initials, a note marker after the full stop
    ("In conclusion I said that Mr. Lovett[1] had asked me to express his regret. Dr. Chough said that he "
     "too was sorry.", "en",
     ["In conclusion I said that Mr. Lovett[1] had asked me to express his regret.",
      "Dr. Chough said that he too was sorry."]),
    ("the withdrawal of U.S. occupation forces from Korea, there is attached (Tab A)[2] a copy.", "en",
     ["the withdrawal of U.S. occupation forces from Korea, there is attached (Tab A)[2] a copy."]),
    ("Korea.[3]\n\nThere is also attached (Tab B)[2] a copy. W. W[alton] B[utterworth]", "en",
     ["Korea.[3]", "There is also attached (Tab B)[2] a copy.", "W. W[alton] B[utterworth]"]),
    ("Gen. MacArthur was asked. He said: “No.” Then he left!", "en",
     ["Gen. MacArthur was asked.", "He said: “No.”", "Then he left!"]),
    ("1. The first point. 2. The second point.", "en", ["1. The first point.", "2. The second point."]),
    # Chinese and Japanese end at 。！？ with no space; Korean uses spaced full stops
    ("金日成同志来了。他说：好！然后走了", "zh", ["金日成同志来了。", "他说：好！", "然后走了"]),
    ("スターリンは答えた。「よろしい。」と言った。", "ja", ["スターリンは答えた。", "「よろしい。」", "と言った。"]),
    ("김일성이 모스크바에 왔다. 스탈린은 동의했다.", "ko", ["김일성이 모스크바에 왔다.", "스탈린은 동의했다."]),
])
def test_real_sentences(text: str, language: str, expected: list[str]) -> None:
    assert _texts(text, language) == expected


def test_seed_paper_notes_keep_their_citations_whole() -> None:
    """Every Russian footnote line of the seed paper that is a bare citation ends at its last full stop."""
    seed = SHARED / "seeds" / "004_211dc3dc4bb9e61b.txt"
    if not seed.exists():
        pytest.skip("the shared seeds are not here")
    lines = [ln for ln in Path(seed).read_text(encoding="utf-8").splitlines() if ln.startswith(("¹", "²", "³", "⁶"))]
    assert lines
    for line in lines:
        sentences = _texts(line, "ru")
        assert all(not s.endswith((" С.", " Т.", " Л.", " Ф.", " Оп.", " Д.")) for s in sentences), sentences
