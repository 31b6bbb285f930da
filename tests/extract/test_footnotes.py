"""Footnote bodies: markers, numbers, continuation lines, and references from the body text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.base import ExtractContext
from opis.extract.footnotes import extract_footnotes, find_notes

REPO_ROOT = Path(__file__).resolve().parents[2]
DEVSET = REPO_ROOT / "tests" / "data" / "devset"
SEED_004 = REPO_ROOT.parent / "shared" / "seeds" / "004_211dc3dc4bb9e61b.txt"


def numbers_and_texts(text: str) -> list[tuple[str, str]]:
    return [(f["number"], f["text"]) for f in extract_footnotes(ExtractContext(text))]


@pytest.fixture(scope="module")
def seed_004() -> str:
    if not SEED_004.exists():
        pytest.skip("seed 004 is not present")
    return SEED_004.read_text(encoding="utf-8")


def test_seed_004_has_all_thirty_footnotes(seed_004: str) -> None:
    gold = json.loads((DEVSET / "seed-004" / "footnotes.json").read_text(encoding="utf-8"))
    assert numbers_and_texts(seed_004) == [(g["number"], g["text"]) for g in gold]


@pytest.mark.parametrize("name", [f"heldout-citations-{n}" for n in ("en", "ru", "mixed", "ru2")])
def test_devset_texts(name: str) -> None:
    text = (DEVSET / name / "text.txt").read_text(encoding="utf-8")
    gold = json.loads((DEVSET / name / "footnotes.json").read_text(encoding="utf-8"))
    assert numbers_and_texts(text) == [(g["number"], g["text"]) for g in gold]


def test_seed_004_footnote_24_keeps_its_explanation(seed_004: str) -> None:
    notes = dict(numbers_and_texts(seed_004))
    assert notes["24"].startswith("RGAE. F. 413. Op. 13. D. 5062. L. 21. In a certificate")
    assert notes["24"].endswith("about 4 rubles.")
    assert notes["25"] == "Ibid. L. 22."


def test_seed_004_every_footnote_is_referred_to(seed_004: str) -> None:
    found = extract_footnotes(ExtractContext(seed_004))
    assert all(len(f["refs"]) == 1 for f in found)
    ref = found[13]["refs"][0]
    assert seed_004[ref:ref + 2] == "¹⁴"


def test_superscript_notes_continue_until_a_blank_line() -> None:
    text = "Body text¹ goes on.\n\n¹ RGAE. F. 413.\nOp. 13. D. 1.\n\nMore body text that is not a note.\n"
    assert numbers_and_texts(text) == [("1", "RGAE. F. 413. Op. 13. D. 1.")]


def test_bracket_and_caret_markers() -> None:
    text = "A claim.[1] Another.^2\n\n[1] GARF. F. 1. Op. 1. D. 1.\n^2 Ibid. L. 3.\n[^3]: Ibid. L. 4.\n"
    found = extract_footnotes(ExtractContext(text))
    assert [(f["number"], f["text"]) for f in found] == [
        ("1", "GARF. F. 1. Op. 1. D. 1."), ("2", "Ibid. L. 3."), ("3", "Ibid. L. 4.")]
    assert found[0]["refs"] == [text.index("[1]")]
    assert found[1]["refs"] == [text.index("^2")]


def test_numbered_notes_only_below_a_notes_heading() -> None:
    text = (
        "1. A numbered list item in the body.\n2. Another one.\n\nПримечания\n\n"
        "1. Иванов И.И. *Книга*. М.,\n1960. С. 5.\n2. Там же. С. 6.\n"
    )
    assert numbers_and_texts(text) == [("1", "Иванов И.И. *Книга*. М., 1960. С. 5."), ("2", "Там же. С. 6.")]


def test_wrapped_note_line_starting_with_a_number_is_a_continuation() -> None:
    text = "Notes\n1. Doe, John. *A Book*. Princeton,\n1993. P. 4.\n2. Ibid.\n"
    assert numbers_and_texts(text) == [("1", "Doe, John. *A Book*. Princeton, 1993. P. 4."), ("2", "Ibid.")]


def test_superscript_inside_a_note_is_not_a_reference() -> None:
    text = "Area² of land.³\n\n² A note on 10 km³ of soil.\n³ Another note.\n"
    notes = find_notes(text)
    found = extract_footnotes(ExtractContext(text))
    assert [n.number for n in notes] == ["2", "3"]
    assert found[1]["refs"] == [text.index("³")]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_fails(text: str) -> None:
    for note in extract_footnotes(ExtractContext(text)):
        assert note["number"].isdigit()
