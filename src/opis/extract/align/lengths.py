"""Length-based sentence alignment in the manner of Gale and Church (1993), with anchors.

Two texts that translate each other have sentences whose lengths in characters are roughly
proportional. Dynamic programming finds the sequence of *beads* (1–1, 1–2, 2–1, 2–2, and 1–0 / 0–1
for a sentence with no counterpart) of least cost, where a bead's cost is the negative log of its
prior times the probability of its length difference under a normal model. The ratio of lengths
is measured on the two texts themselves (Russian to English is near 1, Chinese to English near
0.3), not assumed.

Anchors make it robust where lengths alone are ambiguous (short dialogue lines): numbers (years,
days, quantities) and names, compared across scripts through the name keys of ``opis.names``
("Штыков" and "Shtykov" share a key). A bead whose two sides share anchors costs less; numbers on
one side only cost a little more. When both texts have the same number of paragraphs (blank-line
separated) each paragraph pair is aligned on its own, so an error never crosses a paragraph.

A 1–0 or 0–1 bead is folded into its neighbour before the result is returned: every stored pair
has text on both sides, so a reader clicking any sentence always finds its counterpart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from opis.extract.sentences import Span, split_sentences
from opis.names.keys import token_keys

Pair = tuple[int, int, int, int]  # left start, left end, right start, right end (character offsets)

# Priors of the bead shapes (Gale and Church's table, 1-3 and 3-1 added for records of conversation
# whose translators join three short lines).
_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011,
    (3, 1): 0.002, (1, 3): 0.002,
}
_PRIOR_COST = {shape: -math.log(p) for shape, p in _PRIORS.items()}
_VARIANCE = 6.8  # Gale and Church's s², per character
_ANCHOR_BONUS = 2.5  # nats per anchor both sides share
_NUMBER_MISS = 0.7  # nats per number on one side only
_BAND = 30  # sentences either side of the diagonal the search looks at
_PARAGRAPH = re.compile(r"\n[ \t]*\n+|\f")
_NUMBER = re.compile(r"\d[\d.,\u00a0\u202f ]*\d|\d")
_WORD = re.compile(r"\w{3,}")
_STEMS = ("ами", "ому", "ого", "ыми", "ом", "ым", "ой", "ей", "ов", "ев", "ам", "ах",
          "у", "а", "е", "ы", "и", "ю")


@dataclass(frozen=True)
class Bead:
    """Sentences ``left[0]:left[1]`` of one text paired with ``right[0]:right[1]`` of the other."""

    left: tuple[int, int]
    right: tuple[int, int]


def _number_values(text: str) -> set[str]:
    out = set()
    for m in _NUMBER.finditer(text):
        raw = m.group()
        # "24 500" and "20,000" are one number; "1.06.46" is a date: keep its parts too
        out.add(re.sub(r"[\s\u00a0\u202f,]", "", raw))
        out.update(p for p in re.split(r"[.,\s\u00a0\u202f]", raw) if p)
    return out


@lru_cache(maxsize=4096)
def _word_keys(word: str) -> frozenset[str]:
    keys = set(token_keys(word))
    if not word.isascii():
        for ending in _STEMS:  # Russian case endings: "Штыкову" is Штыков
            if word.lower().endswith(ending) and len(word) - len(ending) >= 3:
                keys |= token_keys(word[: len(word) - len(ending)])
    return frozenset(keys)


def anchors(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers and the name keys of capitalised words in one sentence."""
    numbers = frozenset(_number_values(text))
    names: set[str] = set()
    for m in _WORD.finditer(text):
        word = m.group()
        if word[0].isupper() and not word.isdigit():
            names |= _word_keys(word)
    return numbers, frozenset(names)


def _norm_sf(z: float) -> float:
    """Two-sided tail probability of a standard normal beyond |z|."""
    return math.erfc(abs(z) / math.sqrt(2))


class _Sides:
    def __init__(self, left: Sequence[str], right: Sequence[str]) -> None:
        self.sums = (_prefix([len(s) for s in left]), _prefix([len(s) for s in right]))
        self.anchors = ([anchors(s) for s in left], [anchors(s) for s in right])
        self.ratio = (self.sums[1][-1] or 1) / (self.sums[0][-1] or 1)
        self.has_numbers = any(a[0] for a in self.anchors[0]) and any(a[0] for a in self.anchors[1])
        self.scale = _VARIANCE * max(self.ratio, 0.05)

    def _union(self, side: int, start: int, count: int, part: int) -> frozenset[str]:
        found = self.anchors[side][start:start + count]
        return found[0][part] if count == 1 else frozenset().union(*(a[part] for a in found))

    def cost(self, i: int, j: int, di: int, dj: int) -> float:
        l1 = self.sums[0][i + di] - self.sums[0][i]
        l2 = self.sums[1][j + dj] - self.sums[1][j]
        mean = max(1.0, (l1 + l2 / self.ratio) / 2)
        z = (l2 - self.ratio * l1) / math.sqrt(self.scale * mean)
        cost = _PRIOR_COST[(di, dj)] - math.log(max(_norm_sf(z), 1e-12))
        if di and dj:
            nums_l, nums_r = self._union(0, i, di, 0), self._union(1, j, dj, 0)
            names_l, names_r = self._union(0, i, di, 1), self._union(1, j, dj, 1)
            shared = len(nums_l & nums_r) + min(len(names_l & names_r), 3)
            cost -= _ANCHOR_BONUS * shared
            if self.has_numbers:
                cost += _NUMBER_MISS * len(nums_l ^ nums_r)
        return cost


def _prefix(values: list[int]) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out


def align_sentences(left: Sequence[str], right: Sequence[str]) -> list[Bead]:
    """The least-cost beads pairing ``left`` with ``right`` (sentence texts), in order."""
    n, m = len(left), len(right)
    if n == 0 or m == 0:
        return [Bead((0, n), (0, m))] if n or m else []
    sides = _Sides(left, right)
    inf = float("inf")
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
    band = max(_BAND, abs(n - m) + 5)
    for i in range(n + 1):
        centre = i * m / n
        for j in range(max(0, int(centre) - band), min(m, int(centre) + band) + 1):
            if (i, j) == (0, 0):
                continue
            choice = (inf, (0, 0))
            for di, dj in _PRIORS:
                if di > i or dj > j:
                    continue
                before = best.get((i - di, j - dj))
                if before is None:
                    continue
                total = before[0] + sides.cost(i - di, j - dj, di, dj)
                if total < choice[0]:
                    choice = (total, (di, dj))
            if choice[0] < inf:
                best[(i, j)] = choice
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = best[(i, j)][1]
        beads.append(Bead((i - di, i), (j - dj, j)))
        i, j = i - di, j - dj
    return _folded(beads[::-1])


def _folded(beads: list[Bead]) -> list[Bead]:
    """1–0 and 0–1 beads joined to the bead before them (or after, at the start)."""
    out: list[Bead] = []
    pending: Bead | None = None
    for b in beads:
        empty = b.left[0] == b.left[1] or b.right[0] == b.right[1]
        if pending is not None:
            b = Bead((pending.left[0], b.left[1]), (pending.right[0], b.right[1]))
            pending = None
            empty = b.left[0] == b.left[1] or b.right[0] == b.right[1]
        if empty and out:
            last = out.pop()
            out.append(Bead((last.left[0], b.left[1]), (last.right[0], b.right[1])))
        elif empty:
            pending = b
        else:
            out.append(b)
    if pending is not None:  # everything was one-sided: one bead holds it all
        out.append(pending)
    return out


def _paragraph_ends(text: str) -> list[int]:
    return [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]


def _by_paragraph(spans: list[Span], text: str) -> list[list[Span]]:
    groups: list[list[Span]] = [[] for _ in _paragraph_ends(text)]
    ends = _paragraph_ends(text)
    k = 0
    for span in spans:
        while span[0] >= ends[k]:
            k += 1
        groups[k].append(span)
    return [g for g in groups if g]


def align_texts(left: str, left_language: str | None, right: str, right_language: str | None) -> list[Pair]:
    """Sentence pairs of two texts as character spans, covering both texts in order."""
    left_spans = split_sentences(left, left_language)
    right_spans = split_sentences(right, right_language)
    lp, rp = _by_paragraph(left_spans, left), _by_paragraph(right_spans, right)
    chunks = list(zip(lp, rp, strict=True)) if len(lp) == len(rp) and len(lp) > 1 else [(left_spans, right_spans)]
    pairs: list[Pair] = []
    for ls, rs in chunks:
        for b in align_sentences([left[a:z] for a, z in ls], [right[a:z] for a, z in rs]):
            lo, hi = ls[b.left[0]:b.left[1]], rs[b.right[0]:b.right[1]]
            if lo and hi:
                pairs.append((lo[0][0], lo[-1][1], hi[0][0], hi[-1][1]))
            elif pairs:  # a chunk with nothing on one side: joined to the pair before
                a, z, c, d = pairs.pop()
                pairs.append((a, lo[-1][1] if lo else z, c, hi[-1][1] if hi else d))
    return pairs
