"""Likeness of two records and the word diff between their texts.

Material: the opening of FRUS 1949 vol. 7 pt. 2 document 190 (public domain, U.S. government work), as the
sample collection transcribes it and with the changes a second witness would show."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from opis.extract.witnesses.compare import Facts, containment, likeness, shingles, title_likeness, word_diff

D190 = ("Dr. Chough called by appointment this afternoon to pay his farewell visit prior to relinquishing his "
        "post in Washington and returning to Korea. He stated at the outset that he regarded the favorable "
        "action of the General Assembly at its recent session and the consequent full recognition of his "
        "Government by the United States as highly auspicious and favorable developments for his Government.")
# The same paragraph as another printing sets it: line breaks, a page number, curly quotes, one word changed.
D190_PRINTED = D190.replace("afternoon to pay", "afternoon\nto pay").replace("outset", "beginning") + "\n\n940"


def test_the_same_text_printed_twice_is_one_work() -> None:
    a = Facts("a", "Memorandum of Conversation", D190, "1949-01-05", "1949-01-05")
    b = Facts("b", "Memorandum of Conversation, by the Director (Butterworth)", D190_PRINTED,
              "1949-01-05", "1949-01-05")
    found = likeness(a, b)
    assert found is not None and found.reasons["found_by"] == "text" and 0.8 < float(found.reasons["text"]) < 1


def test_different_texts_or_dates_are_not() -> None:
    other = "I said that I regarded it as highly important in the present situation that the Korean Government"
    assert likeness(Facts("a", "Memo", D190), Facts("b", "Memo", other)) is None
    assert likeness(Facts("a", "Memo", D190, "1949-01-05", "1949-01-05"),
                    Facts("b", "Memo", D190, "1950-01-05", "1950-01-05")) is None


def test_a_catalogue_entry_and_its_copy_meet_by_title() -> None:
    entry = Facts("cat", "Preparing for War: Soviet-North Korean Relations, 1947-1950")
    copy = Facts("file", "Preparing for War: Soviet–North Korean relations, 1947–1950", "Kim Il Sung would never")
    found = likeness(entry, copy)
    assert found is not None and found.reasons["found_by"] == "title"
    assert likeness(entry, Facts("x", "Preparing for Peace", "text")) is None
    assert title_likeness("A b c", "a B, c.") == 1.0


def test_word_diff_marks_the_changed_words() -> None:
    runs, cut = word_diff(D190, D190_PRINTED)
    assert not cut
    assert [(r.op, r.text) for r in runs if r.op != "same"] == [("removed", "outset"), ("added", "beginning"),
                                                                 ("added", "940")]
    _, cut = word_diff(D190, D190, limit=5)
    assert cut


@given(st.lists(st.sampled_from(["a", "b", "c", "d."]), max_size=30),
       st.lists(st.sampled_from(["a", "b", "c", "d."]), max_size=30))
def test_a_diff_gives_back_both_texts(a: list[str], b: list[str]) -> None:
    runs, _ = word_diff(" ".join(a), " ".join(b))
    left = " ".join(r.text for r in runs if r.op in ("same", "removed") and r.text)
    right = " ".join(r.text for r in runs if r.op in ("same", "added") and r.text)
    assert right.split() == b and [w.strip(".") for w in left.split()] == [w.strip(".") for w in a]


@given(st.text(max_size=200), st.text(max_size=200))
def test_containment_is_a_share(a: str, b: str) -> None:
    assert 0.0 <= containment(shingles(a), shingles(b)) <= 1.0
