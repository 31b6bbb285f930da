"""The edits of an alignment: merge, split and move keep pairs in order, non-empty and inside the texts,
and refuse what would break that with a clear error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.model.alignment import AlignmentError, Pair, check, merge, move, split, text_sha256


@st.composite
def alignments(draw: st.DrawFn) -> tuple[list[Pair], int, int]:
    n = draw(st.integers(1, 8))
    lefts = sorted(draw(st.sets(st.integers(1, 200), min_size=n, max_size=n)))
    rights = sorted(draw(st.sets(st.integers(1, 200), min_size=n, max_size=n)))
    starts_l, starts_r = [0, *lefts[:-1]], [0, *rights[:-1]]
    return list(zip(starts_l, lefts, starts_r, rights, strict=True)), lefts[-1], rights[-1]


@settings(max_examples=200, deadline=None)
@given(alignments(), st.integers(0, 10), st.integers(0, 250), st.integers(0, 250), st.sampled_from(["left", "right"]))
def test_edits_keep_an_alignment_valid_or_refuse(data: tuple[list[Pair], int, int], i: int, a: int, b: int,
                                                 side: str) -> None:
    pairs, left_len, right_len = data
    check(pairs, left_len, right_len)
    for edit in (lambda: merge(pairs, i), lambda: split(pairs, i, a, b),
                 lambda: move(pairs, i, "left" if side == "left" else "right", a)):
        try:
            changed = edit()
        except AlignmentError:
            continue
        assert check(changed, left_len, right_len) == changed
        assert changed[0][0] == pairs[0][0] and changed[-1][1] == pairs[-1][1]  # the same text covered


def test_each_edit() -> None:
    pairs: list[Pair] = [(0, 10, 0, 12), (11, 20, 13, 30)]
    assert merge(pairs, 0) == [(0, 20, 0, 30)]
    assert split(merge(pairs, 0), 0, 11, 13) == [(0, 11, 0, 13), (11, 20, 13, 30)]
    assert move(pairs, 0, "right", 20) == [(0, 10, 0, 20), (11, 20, 20, 30)]
    with pytest.raises(AlignmentError, match="no pair 1 with a pair after it"):
        merge(pairs, 1)
    with pytest.raises(AlignmentError, match="inside pair 0"):
        split(pairs, 0, 10, 5)
    with pytest.raises(AlignmentError, match="between 0 and 20 on the left"):
        move(pairs, 0, "left", 20)
    with pytest.raises(AlignmentError, match="pair 1"):
        check([(0, 5, 0, 5), (4, 9, 5, 9)], 9, 9)
    assert text_sha256("Штыков") != text_sha256("Штыкову")
