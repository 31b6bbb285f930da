"""Extraction in its limited child process: the same findings as in process, and a text past the time limit
answered with a limits note (the text kept without findings) while the next text is served by a fresh child."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from opis.extract.bounded import BoundedExtractor, ExtractorPool, run_extraction
from opis.extract.pipeline import extract_all

LETTER = ("On 14 May 1947 Shtykov asked Moscow for 40 engineers; РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 92.\n\n"
          "The loan of 212 million rubles was approved in March 1949.")


def test_the_child_finds_what_the_pipeline_finds() -> None:
    assert run_extraction(LETTER, "en", time_limit=120) == extract_all(LETTER, "en")


def test_a_text_past_the_time_limit_is_answered_and_the_next_text_still_served() -> None:
    slow = "1950 " * 400_000  # seconds of date reading; the limit below is a fraction of that
    with BoundedExtractor(time_limit_s=0.2) as bounded:
        stopped = bounded.extract(slow, "en")
        assert set(stopped) == {"language", "limits"}
        (note,) = stopped["limits"]
        assert note["limit"] == "time" and "kept without findings" in note["reason"]
        bounded.time_limit_s = 120
        assert bounded.extract(LETTER, "en") == extract_all(LETTER, "en")


def test_a_pool_of_two_children_answers_texts_from_two_threads_as_the_pipeline_does() -> None:
    texts = [LETTER, "Pyongyang, 3 June 1950: 1,200 tons of grain.", LETTER.upper(), "Москва, 5 марта 1953 г."]
    with ExtractorPool(2) as pool, ThreadPoolExecutor(2) as threads:
        found = list(threads.map(lambda t: pool.extract(t, None), texts))
    assert found == [extract_all(t, None) for t in texts]
