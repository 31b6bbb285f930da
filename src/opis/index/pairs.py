"""Neighbouring-word pairs for fast phrases ("common grams").

A phrase such as "of Korea" or "the Soviet" is slow to match word by word: the index must read the
positions of a word found in nearly every document. So the title, summary and text fields each
have a companion (``text_pairs`` and so on) holding every pair of neighbouring stems of which at
least one is a function word (vocab/common_words.yaml) as one term (``of_korea``). A phrase whose
every neighbouring pair is such a pair is then the same phrase over pair terms (two words: one
term).

The pairs field is plain text for tantivy's whitespace tokenizer (building it costs one string,
not a token object per word). Its positions are not the text's: consecutive pairs of the text sit
at consecutive positions, and a filler term separates pairs that are not consecutive in the text,
so two pair terms are neighbours in the field exactly when their words are neighbours in the text.
That makes the pair form of a phrase match exactly the documents the word-by-word form matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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


def _stems_at(text: str) -> list[tuple[str, int]]:
    cleaned = analysis.clean(text)
    if _MAYBE_LONG.search(cleaned) is None:  # no gaps possible: positions are 0, 1, 2, ...
        return [(stem, i) for i, stem in enumerate(analysis.analyzers()[analysis.TEXT].analyze(cleaned))]
    return [(t.text, t.position) for t in analysis.analyzers()[analysis.TEXT].pre_tokenize(cleaned).tokens]


def pairs_text(text: str) -> str:
    """The pairs field's value for one text: pair terms, a filler between non-consecutive ones."""
    common = common_stems()
    out: list[str] = []
    prev, prev_pos, last_pair = "", -2, -2
    for stem, pos in _stems_at(text):
        if pos == prev_pos + 1 and (stem in common or prev in common):
            if out and last_pair != prev_pos - 1:
                out.append(FILLER)
            out.append(pair(prev, stem))
            last_pair = prev_pos
        prev, prev_pos = stem, pos
    return " ".join(out)


def phrase_pairs(stems: Sequence[str]) -> list[str] | None:
    """The pair terms that match the phrase ``stems`` exactly, or None if a neighbouring pair has no
    function word (the index does not hold that pair)."""
    if len(stems) < 2:
        return None
    common = common_stems()
    neighbours = list(zip(stems, stems[1:], strict=False))
    if all(a in common or b in common for a, b in neighbours):
        return [pair(a, b) for a, b in neighbours]
    return None
