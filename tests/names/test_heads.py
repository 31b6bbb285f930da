"""names.heads: every key a window is sought by begins with one of its first word's heads, so that name
linking may skip a window none of whose heads begins a stored key without changing what it finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from opis.extract.names.entities import _forms, _sought
from opis.names.heads import HEAD, beginnings, heads

# Letters the transliteration tables treat specially (digraphs, glides, vowel runs), so that a
# spelling often runs on from the first word into the next.
_FIRST = st.text(alphabet="aeiouyhkgcsztjdnpbrlmwfqxv", min_size=1, max_size=9)
_REST = st.lists(st.sampled_from(["h", "hung", "g", "yang", "eo", "u", "Il", "Sung", "zh", "ch", "Штыкова", "Ир",
                                  "Сен", "김일성은", "毛泽东", "Kim", "ae", "y", "ia", "sch"]), min_size=1, max_size=4)
_GAPS = st.sampled_from([" ", "  ", " - ", "\"", "–", "\u00a0"])


@settings(max_examples=1000, deadline=None)
@given(_FIRST, st.booleans(), _GAPS, _REST)
def test_every_sought_key_of_a_window_begins_with_a_head_of_its_first_word(
        first: str, title: bool, gap: str, rest: list[str]) -> None:
    word = first.title() if title else first
    window = word + gap + " ".join(rest)
    found = heads(word)
    assert found is not None
    keys = {k for form in _forms(window) for k in _sought(form)}
    assert all(any(k.startswith(h) for h in found) for k in keys), (window, sorted(found), sorted(keys))


def test_words_with_more_than_ascii_letters_have_no_heads() -> None:
    assert heads("Штыков") is None
    assert heads("Ch'oe") is None
    assert heads("T34") is None
    assert heads("Kim") is not None


def test_beginnings_are_every_prefix_up_to_the_head_length() -> None:
    assert beginnings({"kim", "%~~kimilson"}) == {"k", "ki", "kim", "%", "%~", "%~~", "%~~k", "%~~ki", "%~~kim",
                                                   "%~~kimi", "%~~kimil"}
    assert HEAD == 8
