"""Word pairs for phrases: the pair form of a phrase matches exactly what the word-by-word form does."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.index import SearchIndex, analysis, pairs
from opis.index import fields as F
from opis.model import make_id

# A small vocabulary, so random texts repeat their phrases: function words in both languages,
# ordinary words, a Han character and one word too long for the index (it leaves a gap).
WORDS = ["the", "of", "and", "in", "Soviet", "Korea", "secretary", "state", "coal", "North",
         "в", "и", "Москве", "угля", "товарищ", "毛", "x" * 90]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) + rng.choice(["", "", "", ",", "."]) for _ in range(rng.randint(1, 40)))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[tantivy.Searcher, list[str]]]:
    from opis.index import docs as D
    from tests.index.corpus import doc

    rng = random.Random(7)
    # First, a text whose pairs "the coal" and "coal of" are not neighbours: only the filler
    # between them keeps the phrase "the coal of" from matching it.
    texts = ["the coal North Korea coal of", *(_text(rng) for _ in range(299))]
    index = SearchIndex.open(tmp_path_factory.mktemp("pairs") / "index")
    writer = index.writer()
    for i, text in enumerate(texts):
        writer.add_document(D.build(doc(f"p{i}", "Untitled", text), D.Linked()))
    index.commit(0)
    yield index.searcher(), texts
    index.release_writer()


def _ids(searcher: tantivy.Searcher, query: tantivy.Query) -> set[str]:
    found = searcher.search(query, 1000).hits
    return {str(searcher.doc(a).get_first(F.ID)) for _, a in found}


def _by_words(stems: list[str]) -> tantivy.Query:
    return tantivy.Query.phrase_query(F.schema(), "text", list(stems))


def _by_pairs(paired: list[str]) -> tantivy.Query:
    if len(paired) == 1:
        return tantivy.Query.term_query(F.schema(), pairs.FIELDS["text"], paired[0])
    return tantivy.Query.phrase_query(F.schema(), pairs.FIELDS["text"], list(paired))


@settings(max_examples=300, deadline=None)
@given(start=st.integers(0, 299), offset=st.integers(0, 40), length=st.integers(2, 4))
def test_a_phrase_by_pairs_matches_the_same_documents(corpus: tuple[tantivy.Searcher, list[str]], start: int,
                                                      offset: int, length: int) -> None:
    searcher, texts = corpus
    words = texts[start].split()
    phrase = " ".join(words[offset:offset + length]) or texts[start]
    stems = analysis.text_terms(phrase)
    paired = pairs.phrase_pairs(stems)
    if paired is None:
        assert len(stems) < 2
        return
    expected = _ids(searcher, _by_words(stems))
    assert _ids(searcher, _by_pairs(paired)) == expected


def test_every_two_word_phrase_is_found_and_exact(corpus: tuple[tantivy.Searcher, list[str]]) -> None:
    searcher, _ = corpus
    found = 0
    for a in WORDS[:-1]:
        for b in WORDS[:-1]:
            stems = analysis.text_terms(f"{a} {b}")
            paired = pairs.phrase_pairs(stems)
            assert paired is not None, (a, b)
            expected = _ids(searcher, _by_words(stems))
            assert _ids(searcher, _by_pairs(paired)) == expected, (a, b)
            found += bool(expected)
    assert found >= 200  # most of the 256 pairs occur in the random texts: the comparison is not of empty sets
    stems = analysis.text_terms("the coal of")
    assert _ids(searcher, _by_words(stems)) == _ids(searcher, _by_pairs(pairs.phrase_pairs(stems) or [])) != set()
    assert make_id("document", "search", "p0") not in _ids(searcher, _by_pairs(pairs.phrase_pairs(stems) or []))


def test_every_neighbouring_pair_is_a_term() -> None:
    assert pairs.phrase_pairs(analysis.text_terms("north korea")) == ["north_korea"]
    assert pairs.phrase_pairs(analysis.text_terms("secretary of state")) == ["secretari_of", "of_state"]
    assert pairs.phrase_pairs(analysis.text_terms("в Москве")) == ["в_москв"]
    assert pairs.phrase_pairs(analysis.text_terms("Korea")) is None
    # A word too long for the index leaves a gap: no pair across it, and non-consecutive pairs are
    # kept apart by a filler.
    assert pairs.pairs_text("the " + "x" * 90 + " coal of Korea") == "coal_of of_korea"
    assert pairs.pairs_text("of coal " + "x" * 90 + " North Korea") == "of_coal | north_korea"
    assert pairs.pairs_text("of coal North Korea") == "of_coal coal_north north_korea"
    assert pairs.pairs_text("毛泽东") == "毛_泽 泽_东"
    assert pairs.pairs_text("") == ""


def test_the_function_word_rule_of_schema_9_is_kept_for_the_benchmark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pairs, "RULE", pairs.with_function_word)
    assert pairs.phrase_pairs(analysis.text_terms("north korea")) is None
    assert pairs.phrase_pairs(analysis.text_terms("secretary of state")) == ["secretari_of", "of_state"]
    assert pairs.pairs_text("of coal North Korea and coal") == "of_coal | korea_and and_coal"
    assert pairs.pairs_text("the " + "x" * 90 + " coal of Korea") == "coal_of of_korea"


def test_common_words_stem_to_themselves_or_their_stem() -> None:
    stems = pairs.common_stems()
    assert {"the", "of", "и", "в"} <= stems and "korea" not in stems


# Real prose: the FRUS and Russian archival texts of the devset (public domain; each folder's
# PROVENANCE.md, or real/FRUS-PROVENANCE.md, says where it comes from), one document per line.
REAL = sorted((Path(__file__).resolve().parents[1] / "data" / "devset" / "real").glob("*/text.txt"))


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[tantivy.Searcher, list[str]]]:
    from opis.index import docs as D
    from tests.index.corpus import doc

    lines = [line for path in REAL for line in path.read_text(encoding="utf-8").splitlines()
             if len(analysis.text_terms(line)) >= 2]
    index = SearchIndex.open(tmp_path_factory.mktemp("real-pairs") / "index")
    writer = index.writer()
    for i, line in enumerate(lines):
        writer.add_document(D.build(doc(f"r{i}", "Untitled", line), D.Linked()))
    index.commit(0)
    yield index.searcher(), lines
    index.release_writer()


def test_every_two_and_three_word_phrase_of_real_texts_matches_as_word_by_word(
        real_corpus: tuple[tantivy.Searcher, list[str]]) -> None:
    searcher, lines = real_corpus
    assert len(REAL) >= 10 and len(lines) >= 300
    compared = shared = 0
    for line in lines[::7]:  # a seventh of the lines, every window of them: a few thousand phrases
        stems = analysis.text_terms(line)
        for size in (2, 3):
            for start in range(0, len(stems) - size + 1, 3):
                phrase = stems[start:start + size]
                paired = pairs.phrase_pairs(phrase)
                assert paired is not None
                expected = _ids(searcher, _by_words(phrase))
                assert _ids(searcher, _by_pairs(paired)) == expected, phrase
                compared += 1
                shared += len(expected) > 1
    assert compared >= 1200 and shared >= 150  # phrases found in several lines, not only their own
