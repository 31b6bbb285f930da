"""Telling that two records are witnesses of one work, and showing how their texts differ.

Texts are compared by shingles: every run of ``SHINGLE`` words (lower case, letters and digits only), so
line breaks, punctuation and page furniture do not count. ``containment`` is the share of the shorter
text's shingles found in the longer: a FRUS printing and an archive's copy of the same telegram, or a
web page and the article it carries, contain each other whatever else surrounds them. Records without
text (a catalogue entry) are compared by title, date and people.

``word_diff`` lays two texts side by side as runs of equal, removed and added words (difflib's matching
on words), within a word limit so a page is never asked to show a book's diff.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

SHINGLE = 5
TEXT_MATCH = 0.6  # containment from which two texts are proposed as one work
TITLE_MATCH = 0.9  # title-word overlap from which a catalogue entry and a copy are proposed
DIFF_WORDS = 4000  # words of each text a diff looks at

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Facts:
    """What comparison needs of a record: its title, text, date bounds (ISO) and people's ids."""

    id: str
    title: str
    text: str = ""
    earliest: str = ""
    latest: str = ""
    people: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Likeness:
    score: float
    reasons: dict[str, float | str]


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(folded)


def shingles(text: str, size: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    w = words(text)
    if len(w) < size:
        return frozenset([tuple(w)]) if w else frozenset()
    return frozenset(tuple(w[i:i + size]) for i in range(len(w) - size + 1))


def containment(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """The share of the smaller set found in the larger (0 when either is empty)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def title_likeness(a: str, b: str) -> float:
    """Overlap of the titles' words (Dice), 1.0 for the same words in any case and punctuation."""
    x, y = set(words(a)), set(words(b))
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def _dates_agree(a: Facts, b: Facts) -> bool | None:
    """Whether the records' date ranges meet; None when one is undated."""
    if not (a.earliest and b.earliest):
        return None
    return a.earliest <= (b.latest or b.earliest) and b.earliest <= (a.latest or a.earliest)


def likeness(a: Facts, b: Facts) -> Likeness | None:
    """How surely ``a`` and ``b`` are witnesses of one work, with the reasons; None when they are not."""
    reasons: dict[str, float | str] = {}
    title = title_likeness(a.title, b.title)
    reasons["title"] = round(title, 3)
    dates = _dates_agree(a, b)
    if dates is False:
        return None  # differently dated: two documents, however alike their wording
    if a.people and b.people:
        reasons["people"] = len(a.people & b.people)
    if a.text.strip() and b.text.strip():
        text = containment(shingles(a.text), shingles(b.text))
        reasons["text"] = round(text, 3)
        if text >= TEXT_MATCH:
            reasons["found_by"] = "text"
            return Likeness(round(0.8 * text + 0.2 * title, 3), reasons)
        return None
    # One has no text (a catalogue entry): the description must agree.
    if title >= TITLE_MATCH and reasons.get("people", 1) != 0:
        reasons["found_by"] = "title"
        return Likeness(round(0.9 * title + (0.1 if dates else 0.0), 3), reasons)
    return None


Op = Literal["same", "removed", "added"]


@dataclass(frozen=True)
class Run:
    op: Op
    text: str


def word_diff(a: str, b: str, limit: int = DIFF_WORDS) -> tuple[list[Run], bool]:
    """Runs of words the same in both, only in ``a`` (removed) and only in ``b`` (added); and whether the
    texts were longer than ``limit`` words and cut. Words are compared case-folded, shown as written."""
    wa, wb = a.split(), b.split()
    cut = len(wa) > limit or len(wb) > limit
    wa, wb = wa[:limit], wb[:limit]
    key = [re.sub(r"\W+", "", w.casefold()) for w in wa], [re.sub(r"\W+", "", w.casefold()) for w in wb]
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, key[0], key[1], autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(Run("same", " ".join(wb[j1:j2])))
            continue
        if i2 > i1:
            runs.append(Run("removed", " ".join(wa[i1:i2])))
        if j2 > j1:
            runs.append(Run("added", " ".join(wb[j1:j2])))
    return runs, cut
