"""The small language guess."""

from __future__ import annotations

import pytest

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
