"""Neighbouring-word pairs for fast phrases (word bigrams).

A phrase such as "of Korea", "the Soviet" or "North Korea" is slow to match word by word: the index
must read the positions of words found in a large share of the documents. So the title, summary and
text fields each have a companion (``text_pairs`` and so on) holding every pair of neighbouring
stems as one term (``of_korea``, ``north_korea``). A phrase is then the same phrase over pair terms
(two words: one term; three: two pair terms at neighbouring positions).

Until schema 11 only pairs with a function word (vocab/common_words.yaml) were indexed ("common
grams"); a phrase of two ordinary words was then matched word by word, and at a million documents
"north korea" cost 68 ms of tantivy work. ``with_function_word`` keeps that rule for the benchmark
that compares the two (bench/search/phrase_ab.py); ``RULE`` is the one the index uses.

The pairs field is plain text for tantivy's whitespace tokenizer (building it costs one string,
not a token object per word). Its positions are not the text's: consecutive pairs of the text sit
at consecutive positions, and a filler term separates pairs that are not consecutive in the text,
so two pair terms are neighbours in the field exactly when their words are neighbours in the text.
That makes the pair form of a phrase match exactly the documents the word-by-word form matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from opis import vocab
from opis.index import analysis

# Word field -> its pairs field. Names and variant names are short and rarely hold function words.
FIELDS = {name: f"{name}_pairs" for name in ("title", "summary", "text")}
JOIN = "_"  # stems are letters and digits: never "_" or "|"
FILLER = "|"
# A token of 80 bytes or more is dropped by the analyzer, leaving a gap in its positions; a token
# that long needs a run of at least 20 non-space characters (folding writes at most 4 bytes each).
_MAYBE_LONG = re.compile(r"\S{20,}")


@cache
def common_stems() -> frozenset[str]:
    """The function words as the text analyzer stems them."""
    listed = vocab.load("common_words")
    return frozenset(s for words in listed.values() for w in words for s in analysis.text_terms(str(w)))


def pair(first: str, second: str) -> str:
    return first + JOIN + second


Rule = Callable[[str, str], bool]  # is the pair of these two neighbouring stems indexed?


def every_pair(first: str, second: str) -> bool:
    return True


def with_function_word(first: str, second: str) -> bool:
    """The rule of schemas 2-9: a pair is indexed only if one of its words is a function word."""
    common = common_stems()
    return first in common or second in common


RULE: Rule = every_pair  # a change here changes what is indexed: bump fields.SCHEMA_VERSION


def _stems_at(cleaned: str) -> list[tuple[str, int]]:
    return [(t.text, t.position) for t in analysis.analyzers()[analysis.TEXT].pre_tokenize(cleaned).tokens]


def pairs_text(text: str) -> str:
    """The pairs field's value for one text: pair terms, a filler between non-consecutive ones."""
    rule = RULE
    cleaned = analysis.clean(text)
    if _MAYBE_LONG.search(cleaned) is None:  # no gaps possible: positions are 0, 1, 2, ...
        stems = analysis.analyzers()[analysis.TEXT].analyze(cleaned)
        if rule is every_pair:  # the common case, without a test per pair
            return " ".join([a + JOIN + b for a, b in zip(stems, stems[1:], strict=False)])
        return _joined([(s, i) for i, s in enumerate(stems)], rule)
    return _joined(_stems_at(cleaned), rule)


def _joined(stems: list[tuple[str, int]], rule: Rule) -> str:
    out: list[str] = []
    prev, prev_pos, last_pair = "", -2, -2
    for stem, pos in stems:
        if pos == prev_pos + 1 and rule(prev, stem):
            if out and last_pair != prev_pos - 1:
                out.append(FILLER)
            out.append(pair(prev, stem))
            last_pair = prev_pos
        prev, prev_pos = stem, pos
    return " ".join(out)


def phrase_pairs(stems: Sequence[str]) -> list[str] | None:
    """The pair terms that match the phrase ``stems`` exactly, or None if the index does not hold
    one of its neighbouring pairs (under ``with_function_word``: a pair without a function word)."""
    if len(stems) < 2:
        return None
    rule = RULE
    neighbours = list(zip(stems, stems[1:], strict=False))
    if all(rule(a, b) for a, b in neighbours):
        return [pair(a, b) for a, b in neighbours]
    return None
