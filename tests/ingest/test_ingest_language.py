"""The small language guess."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.ingest.language import guess_language


@pytest.mark.parametrize("text, lang", [
    ("Совершенно секретно. Справка о поставках оборудования заводам.", "ru"),
    ("СРОЧНО ТОВАРИЩУ МОЛОТОВУ ДОКЛАДЫВАЮ", "ru"),
    ("The Ambassador called on the Secretary of State to discuss the situation in Korea.", "en"),
    ("Reurtel 583 Dec 22. Fol note being sent to the Amb.", "en"),
    ("대한민국 정부는 북한의 경제 상황에 관한 보고서를 발표하였다.", "ko"),
    ("中华人民共和国外交部关于朝鲜问题的声明", "zh"),
    ("中華民國外交部關於韓國問題的聲明", "zh"),
    ("日本国外務省は朝鮮半島の情勢について報告した。", "ja"),
    ("Міністерство закордонних справ України повідомило", None),  # Ukrainian, not Russian
    ("Министерството на външните работи съобщи, че ъгълът е въпросът", None),  # Bulgarian
    ("Le ministre des affaires étrangères a reçu la note du gouvernement.", None),
    ("Der Minister hat die Note der Regierung erhalten und ist nicht einverstanden.", None),
    ("12 34 — 56", None),
    ("", None),
])
def test_guess(text: str, lang: str | None) -> None:
    assert guess_language(text) == lang


def test_mostly_english_with_russian_citations_is_english() -> None:
    text = ("The monograph on economic relations remains the most complete account of the period. " * 5
            + "См.: Андреев В.И. СССР - КНДР. Москва, 1983.")
    assert guess_language(text) == "en"


# Every script but Hangul, kana and Han in the first 0x600 code points and the Latin Extended
# Additional block, and the odd cases of case folding (dotted I, final sigma).
_CHARS = st.characters(codec=None, max_codepoint=0x600) | st.characters(min_codepoint=0x1DF0, max_codepoint=0x1F10) \
    | st.sampled_from(list("\uac00\u3042\u4e00İıΣς \n"))


@settings(max_examples=500)
@given(st.text(alphabet=_CHARS, max_size=60))
def test_latin_letters_are_counted_as_script_of_reads_them(text: str) -> None:
    from opis.ingest.language import _latin_count, script_of

    assert _latin_count(text) == sum(1 for ch in text if script_of(ch) == "latin")
