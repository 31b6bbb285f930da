"""The sentence aligner: pair accuracy on a hand-aligned dev set of real Russian–English pairs from the
sample (tests/data/align), with and without paragraph anchors, and its promises on any input."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.align import align_sentences, align_texts, anchors
from opis.model import Document
from opis.sample import load_sample, sample_id

DEVSET = Path(__file__).parent.parent / "data" / "align" / "devset.json"
# Measured when the dev set was made (docs/reading-room.md): 39 of 39 with paragraphs, 37 of 39 without.
FLOOR_WITH_PARAGRAPHS = 0.95
FLOOR_WITHOUT = 0.9


def _gold() -> list[tuple[Document, list[tuple[str, str]]]]:
    docs = {r.id: r for r in load_sample() if isinstance(r, Document)}
    data = json.loads(DEVSET.read_text(encoding="utf-8"))
    return [(docs[sample_id("document", d["key"])], [tuple(p) for p in d["pairs"]]) for d in data["documents"]]


def _texts(doc: Document) -> tuple[str, str]:
    ru = next(r for r in doc.renditions if r.kind == "original")
    en = next(r for r in doc.renditions if r.kind == "translation" and r.renders_original)
    return ru.text, en.text


def _starts(text: str, snippets: list[str]) -> list[int]:
    """Offsets of each snippet, found in order (each after the one before)."""
    out, at = [], 0
    for s in snippets:
        found = text.find(s, at)
        assert found >= 0, f"dev set snippet {s!r} is not in the text (after offset {at})"
        out.append(found)
        at = found + 1
    return out


def _score(flatten: bool) -> tuple[int, int]:
    right = total = 0
    for doc, pairs in _gold():
        ru, en = _texts(doc)
        if flatten:  # no paragraph anchors: every blank line becomes a line break
            ru, en = re.sub(r"\n\s*\n", "\n", ru), re.sub(r"\n\s*\n", "\n", en)
        gold_ru, gold_en = _starts(ru, [p[0] for p in pairs]), _starts(en, [p[1] for p in pairs])
        gold = list(zip(gold_ru, gold_ru[1:] + [len(ru)], gold_en, gold_en[1:] + [len(en)], strict=True))
        found = align_texts(ru, "ru", en, "en")
        found_starts = [(p[0], p[2]) for p in found]
        found_spans = set(zip(found_starts, found_starts[1:] + [(len(ru), len(en))], strict=True))
        for ls, le, rs, re_ in gold:
            right += ((ls, rs), (le, re_)) in found_spans or _same(found, ls, le, rs, re_, ru, en)
        total += len(gold)
    return right, total


def _same(found: list[tuple[int, int, int, int]], ls: int, le: int, rs: int, re_: int, ru: str, en: str) -> bool:
    """A found pair equal to the gold one up to white space (a gold pair runs to the next pair's start)."""
    return any((a, c) == (ls, rs) and ru[b:le].strip() == "" and en[d:re_].strip() == "" for a, b, c, d in found)


def test_dev_set_pair_accuracy_with_paragraphs() -> None:
    right, total = _score(flatten=False)
    assert total == 39
    assert right / total >= FLOOR_WITH_PARAGRAPHS, f"{right}/{total}"


def test_dev_set_pair_accuracy_without_paragraph_anchors() -> None:
    right, total = _score(flatten=True)
    assert right / total >= FLOOR_WITHOUT, f"{right}/{total}"


def test_anchors_cross_scripts_and_cases() -> None:
    numbers, names = anchors("ШТЫКОВ (уточняет): Примерно 15-20 тысяч человек.")
    en_numbers, en_names = anchors("Shtykov (correcting him): Roughly 15,000 to 20,000.")
    assert {"15", "20"} <= numbers and names & anchors("Штыкову для товарища Ким Ир Сена.")[1]
    assert names & en_names  # Штыков and Shtykov share a key
    assert "20000" in en_numbers


def test_numbers_and_names_decide_where_lengths_cannot() -> None:
    ru = ["Ким Ир Сен: Около 20 тысяч.", "Штыков: Примерно 15-20 тысяч.", "Сталин: Хорошо."]
    en = ["Kim Il Sung: About 20,000.", "Shtykov: Some 15 to 20 thousand.", "Stalin: Good."]
    beads = align_sentences(ru, en)
    assert [(b.left, b.right) for b in beads] == [((0, 1), (0, 1)), ((1, 2), (1, 2)), ((2, 3), (2, 3))]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 200), min_size=0, max_size=25), st.lists(st.integers(1, 200), min_size=0, max_size=25))
def test_beads_cover_both_sides_in_order_with_text_on_both(left: list[int], right: list[int]) -> None:
    beads = align_sentences(["x" * n for n in left], ["y" * n for n in right])
    if not left and not right:
        assert beads == []
        return
    at_l = at_r = 0
    for b in beads:
        assert b.left[0] == at_l and b.right[0] == at_r
        if left and right:
            assert b.left[1] > b.left[0] and b.right[1] > b.right[0]
        at_l, at_r = b.left[1], b.right[1]
    assert (at_l, at_r) == (len(left), len(right))


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from(list("Аб. вГ! Xy. z?\n\n 12")), max_size=200),
       st.text(st.sampled_from(list("Cd. eF! Gh. i?\n\n 12")), max_size=200))
def test_text_pairs_are_ordered_spans_inside_both_texts(left: str, right: str) -> None:
    pairs = align_texts(left, "ru", right, "en")
    last_l = last_r = 0
    for ls, le, rs, re_ in pairs:
        assert last_l <= ls < le <= len(left) and last_r <= rs < re_ <= len(right)
        last_l, last_r = le, re_
