"""Vocabulary labels in every reading-room language: each entry carries its own translations (``labels:``)."""

from __future__ import annotations

import re

import pytest

from opis import vocab
from opis.web.core import i18n, labels

# The reading room's languages besides English: adding one to i18n.LOCALES makes these tests ask for it.
TRANSLATED = [loc for loc in i18n.LOCALES if loc != i18n.DEFAULT]
# A translation is written in its language's script (catches an English label copied into a slot).
SCRIPT = {"ru": re.compile(r"[\u0400-\u04ff]"), "ko": re.compile(r"[\uac00-\ud7af]"),
          "zh_Hans": re.compile(r"[\u4e00-\u9fff]")}
SHOWN = ("genres", "agent_roles", "link_roles", "classification", "relation_types")


@pytest.mark.parametrize("name", SHOWN)
def test_every_entry_has_every_translation(name: str) -> None:
    for value, by_locale in vocab.translated_labels(name).items():
        assert sorted(by_locale) == sorted(TRANSLATED), f"{name}.yaml {value}: labels for {sorted(by_locale)}"
        for locale, label in by_locale.items():
            assert SCRIPT[locale].search(label), f"{name}.yaml {value}: {locale} label {label!r}"


def test_every_archival_level_has_every_translation() -> None:
    for level in vocab.archival_levels().all:
        for locale in TRANSLATED:
            assert SCRIPT[locale].search(level.labels.get(locale, "")), f"levels.yaml {level.key}: no {locale}"


def test_label_in_falls_back_to_english_and_knows_unknown_values() -> None:
    assert vocab.label_in("genres", "letter", "ru") == "Письмо"
    assert vocab.label_in("genres", "letter", "en") == "Letter"
    assert vocab.label_in("genres", "letter", "de") == "Letter"  # no German: the English label
    assert vocab.label_in("genres", "no-such-genre", "ru") is None


def test_page_labels_by_locale() -> None:
    assert [labels.genre("cipher-telegram", loc) for loc in ("en", "ru", "ko", "zh_Hans")] == [
        "Cipher telegram", "Шифртелеграмма", "암호 전보", "密码电报"]
    assert labels.role("held-by", "ru") == "Хранится здесь" and labels.role("sender", "ko") == "발신인"
    assert labels.role("ghost-writer", "ru") == "Ghost writer"  # not in the vocabulary: the code in words
    assert labels.classification("top-secret", "zh_Hans") == "绝密" and labels.classification(None, "ru") == ""
    assert [labels.level("fond", loc) for loc in ("en", "ru", "ko", "zh_Hans")] == ["fond", "фонд", "폰드", "全宗"]
    assert labels.relation("reply-to", "ru") == "Ответ на" and labels.relation("reply-to") == "Reply to"
    assert labels.relation(labels.inverse_code("reply-to"), "ru") == "Ответ"
    assert labels.level("opis", "en") == "opis" and labels.level("delo", "ru") == "дело"
