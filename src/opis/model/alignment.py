"""A sentence alignment of two renditions of one document, and the edits a translator makes to it.

An alignment is a list of *pairs*: a stretch of the left text (the original or transcription) and
the stretch of the right text (a translation) that renders it, as character offsets
``(left_start, left_end, right_start, right_end)``. Pairs are in order, never overlap, and each has
text on both sides. The edits are pure functions: merge two neighbouring pairs, split one pair in
two at a point in each text, move the boundary between two neighbouring pairs on one side.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Pair = tuple[int, int, int, int]
Side = Literal["left", "right"]


class AlignmentError(ValueError):
    """An edit that would leave the alignment broken (out of order, empty on one side, out of the text)."""


def text_sha256(text: str) -> str:
    """The hash an alignment is keyed by: a changed text has another, and its alignment is made again."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Alignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_id: str
    left_id: str
    right_id: str
    left_sha256: str
    right_sha256: str
    origin: Literal["auto", "edited"] = "auto"
    method: str = ""
    revision: int = 0
    updated_at: str = ""
    actor: str = ""
    pairs: list[Pair] = Field(default_factory=list)

    def fits(self, left_text: str, right_text: str) -> bool:
        """Whether this alignment was made for exactly these two texts."""
        return self.left_sha256 == text_sha256(left_text) and self.right_sha256 == text_sha256(right_text)


def check(pairs: list[Pair], left_len: int, right_len: int) -> list[Pair]:
    """``pairs`` if they are in order, inside the texts and non-empty on both sides; else AlignmentError."""
    last_left = last_right = 0
    for n, (ls, le, rs, re) in enumerate(pairs):
        if not (last_left <= ls < le <= left_len and last_right <= rs < re <= right_len):
            raise AlignmentError(f"pair {n} ({ls}-{le} / {rs}-{re}) is empty, out of order or outside the texts")
        last_left, last_right = le, re
    return pairs


def _index(pairs: list[Pair], i: int, neighbour: bool = False) -> None:
    top = len(pairs) - (1 if neighbour else 0)
    if not 0 <= i < top:
        raise AlignmentError(f"no pair {i}" + (" with a pair after it" if neighbour else "")
                             + f" (the alignment has {len(pairs)})")


def merge(pairs: list[Pair], i: int) -> list[Pair]:
    """Pair ``i`` and pair ``i + 1`` become one pair."""
    _index(pairs, i, neighbour=True)
    a, b = pairs[i], pairs[i + 1]
    return [*pairs[:i], (a[0], b[1], a[2], b[3]), *pairs[i + 2:]]


def split(pairs: list[Pair], i: int, left_at: int, right_at: int) -> list[Pair]:
    """Pair ``i`` becomes two: its left text cut at ``left_at``, its right text at ``right_at``."""
    _index(pairs, i)
    ls, le, rs, re = pairs[i]
    if not (ls < left_at < le and rs < right_at < re):
        raise AlignmentError(f"a split point must fall inside pair {i}: left {ls}-{le}, right {rs}-{re}")
    return [*pairs[:i], (ls, left_at, rs, right_at), (left_at, le, right_at, re), *pairs[i + 1:]]


def move(pairs: list[Pair], i: int, side: Side, at: int) -> list[Pair]:
    """The boundary between pair ``i`` and pair ``i + 1`` on ``side`` moved to offset ``at``."""
    _index(pairs, i, neighbour=True)
    a, b = list(pairs[i]), list(pairs[i + 1])
    start, end = (0, 1) if side == "left" else (2, 3)
    if not a[start] < at < b[end]:
        raise AlignmentError(f"the boundary must stay between {a[start]} and {b[end]} on the {side}")
    a[end], b[start] = at, at
    return [*pairs[:i], (a[0], a[1], a[2], a[3]), (b[0], b[1], b[2], b[3]), *pairs[i + 2:]]
