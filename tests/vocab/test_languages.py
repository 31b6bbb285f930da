from __future__ import annotations

from opis import vocab


def test_iso639_2_both_ways_for_the_archive_languages() -> None:
    assert [vocab.iso639_2(t) for t in ("ru", "ru-Cyrl", "en", "ko-Hang", "zh-Hans")] == ["rus", "rus", "eng",
                                                                                          "kor", "chi"]
    assert [vocab.language_of_iso639_2(c) for c in ("rus", "eng", "kor", "chi", "zho", "ZHO", "ger", "deu")] == [
        "ru", "en", "ko", "zh", "zh", "zh", "de", "de"]
    assert vocab.iso639_2("xx") is None and vocab.language_of_iso639_2("xxx") is None


def test_every_language_reads_back_from_its_codes() -> None:
    for item in vocab.load("languages"):
        ours = str(item["id"])
        assert len(ours) == 2 and len(str(item["b"])) == 3
        assert vocab.language_of_iso639_2(vocab.iso639_2(ours) or "") == ours
        assert vocab.language_of_iso639_2(str(item.get("t", item["b"]))) == ours


def test_shortest_tag_rewrites_only_a_known_three_letter_language() -> None:
    assert [vocab.shortest_tag(t) for t in ("rus", "zho-Hant", "chi-Hans-TW", "ru-Cyrl", "tlh", "en")] == [
        "ru", "zh-Hant", "zh-Hans-TW", "ru-Cyrl", "tlh", "en"]
