"""The word-key file next to the index gives every word the keys it would be worked out to have."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.index import SearchIndex, analysis, crosskeys, wordcache

DATA = Path(__file__).resolve().parents[1] / "data"
# The real texts of the test data (FRUS, Soviet documents, the devset's sources: see their
# provenance notes), English and Russian with some Korean, plus names in every script the index keys.
TEXTS = sorted(DATA.rglob("*.txt"))
NAMES = "Kim Il Sung 김일성 Ким Ир Сен 毛泽东 Mao Tse-tung 청진에서 淸津 Штыкова T-34 Пхеньян Ch'ŏngjin"


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    wordcache.use(None)
    wordcache.forget()
    yield
    wordcache.use(None)
    wordcache.forget()


def _tokens() -> list[list[tuple[str, int, bool]]]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in TEXTS] + [NAMES]
    return [analysis.raw_words_with_gaps(t) for t in texts]


def _keyed(tokens: list[list[tuple[str, int, bool]]]) -> list[list[tuple[int, str]]]:
    return [crosskeys.keys_of(t) for t in tokens]


def test_the_corpus_has_what_it_must() -> None:
    assert len(TEXTS) >= 20
    words = {w for t in _tokens() for w, _, _ in t}
    assert len(words) > 3000
    assert any("\uac00" <= w[0] <= "\ud7a3" for w in words)  # Hangul
    assert any("\u0400" <= w[0] <= "\u04ff" for w in words)  # Cyrillic


def test_real_texts_keyed_alike_with_and_without_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = _tokens()
    slow = _keyed(tokens)  # no file: every word worked out
    wordcache.use(tmp_path)
    wordcache.forget()
    first = _keyed(tokens)  # worked out, noted
    wordcache.save()
    assert [p.name for p in tmp_path.iterdir()] == [f"word-keys-{wordcache.digest()}.json"]
    wordcache.forget()  # as a new process: only the file remains

    def never(word: str) -> frozenset[str]:
        raise AssertionError(f"{word!r} keyed again, not read from the file")

    monkeypatch.setattr(crosskeys, "computed_word_keys", never)
    second = _keyed(tokens)
    assert first == slow
    assert second == slow
    assert sum(len(k) for k in slow) > 50_000


def test_names_keyed_alike_from_the_file(tmp_path: Path) -> None:
    names = NAMES.split()
    slow = [crosskeys.name_keys(n) for n in names] + [crosskeys.highlight_keys(n) for n in names]
    wordcache.use(tmp_path)
    wordcache.forget()
    [crosskeys.name_keys(n) for n in names]
    wordcache.save()
    wordcache.forget()
    assert [crosskeys.name_keys(n) for n in names] + [crosskeys.highlight_keys(n) for n in names] == slow


_LETTERS = st.sampled_from("abcdeghiklmnoprstuyzASKLM" "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБКМЩ"
                           "김일성청진에서毛泽东淸津-'ŏ0123")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(_LETTERS, min_size=1, max_size=12), min_size=1, max_size=8))
def test_any_words_read_back_as_worked_out(tmp_path_factory: pytest.TempPathFactory, words: list[str]) -> None:
    folder = tmp_path_factory.mktemp("keys")
    wordcache.use(None)
    wordcache.forget()
    slow = [crosskeys.computed_word_keys(w) for w in words]
    wordcache.use(folder)
    wordcache.forget()
    assert [crosskeys.word_keys(w) for w in words] == slow
    wordcache.save()
    wordcache.forget()
    assert [crosskeys.word_keys(w) for w in words] == slow
    assert all(wordcache.lookup(w) == k for w, k in zip(words, slow, strict=True))


def test_a_damaged_file_counts_as_absent(tmp_path: Path) -> None:
    words = ["Shtykov", "Штыкова", "coal"]
    slow = [crosskeys.word_keys(w) for w in words]
    for damage in ("{not json", '["a list"]', '{"coal": "not a list"}', '{"coal": [1, 2]}'):
        (tmp_path / f"word-keys-{wordcache.digest()}.json").write_text(damage, encoding="utf-8")
        wordcache.use(tmp_path)
        wordcache.forget()
        assert [crosskeys.word_keys(w) for w in words] == slow
        wordcache.save()  # the damaged file is replaced by a good one
        wordcache.forget()
        assert [crosskeys.word_keys(w) for w in words] == slow
        assert wordcache.lookup("coal") == slow[2]
        wordcache.use(None)


def test_another_digest_is_neither_read_nor_kept(tmp_path: Path) -> None:
    stale = tmp_path / "word-keys-000000000000000000000000.json"
    stale.write_text('{"coal": ["wrong"]}', encoding="utf-8")
    wordcache.use(tmp_path)
    assert crosskeys.word_keys("coal") != frozenset({"wrong"})
    assert wordcache.lookup("coal") is None
    wordcache.save()
    assert not stale.exists()
    assert wordcache.lookup("coal") == crosskeys.computed_word_keys("coal")


def test_the_digest_follows_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = wordcache.digest()
    names = tmp_path / "names"
    names.mkdir()
    (names / "loose.yaml").write_text("a: b\n", encoding="utf-8")
    monkeypatch.setattr(wordcache, "_SRC", tmp_path)
    copied = wordcache.digest()
    (names / "loose.yaml").write_text("a: c\n", encoding="utf-8")
    assert wordcache.digest() != copied != before


def test_a_few_new_words_do_not_rewrite_a_large_file(tmp_path: Path) -> None:
    wordcache.use(tmp_path)
    many = [f"word{i}" for i in range(wordcache.SAVE_SHARE * 2)]
    for w in many:
        crosskeys.word_keys(w)
    wordcache.save()
    path = tmp_path / f"word-keys-{wordcache.digest()}.json"
    written = path.stat().st_mtime_ns, path.read_text(encoding="utf-8")
    crosskeys.word_keys("Shtykov")  # one new word: 1 < 100 / SAVE_SHARE
    wordcache.save()
    assert (path.stat().st_mtime_ns, path.read_text(encoding="utf-8")) == written
    for w in ("Pyongyang", "Chongjin"):
        crosskeys.word_keys(w)
    wordcache.save()  # three new words: enough
    assert "Shtykov" in path.read_text(encoding="utf-8")


def test_no_folder_no_file(tmp_path: Path) -> None:
    crosskeys.word_keys("Shtykov")
    wordcache.save()
    assert wordcache.lookup("Shtykov") is None
    assert not list(tmp_path.iterdir())


def test_a_catch_up_leaves_the_keys_of_its_words_next_to_the_index(loaded: SearchIndex) -> None:
    saved = json.loads((loaded.index_dir / f"word-keys-{wordcache.digest()}.json").read_text(encoding="utf-8"))
    assert len(saved) > 100
    wordcache.use(None)
    wordcache.forget()
    assert all(frozenset(keys) == crosskeys.computed_word_keys(word) for word, keys in saved.items())
    assert {"Chongjin", "Kim"} <= saved.keys()


def test_a_full_file_takes_no_more_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordcache, "MAX_WORDS", 3)
    wordcache.use(tmp_path)
    words = ["Shtykov", "Pyongyang", "Chongjin", "Штыкова", "coal"]
    slow = [crosskeys.word_keys(w) for w in words]
    wordcache.save()
    wordcache.forget()
    assert [wordcache.lookup(w) for w in words] == [*slow[:3], None, None]
    assert [crosskeys.word_keys(w) for w in words] == slow
