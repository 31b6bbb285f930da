"""The record diff: examples a reader would check by eye, and properties over arbitrary JSON."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opis.model import Authority, DocDate, Name
from opis.model.diff import Change, Segment, diff, rebuild, same, text_diff

KIM = Authority(kind="person", id="per-1", preferred="Kim Il Sung",
                names=[Name(value="김일성", lang="ko-Hang"), Name(value="Ким Ир Сен", lang="ko-Cyrl")],
                identifiers={"wikidata": "Q39464"})


def _paths(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.path, c.op) for c in changes]


def test_structured_fields_change_by_path() -> None:
    edited = KIM.model_copy(update={
        "preferred": "Kim Il-sung", "identifiers": {"wikidata": "Q39464", "viaf": "1"},
        "names": [Name(value="金日成", lang="ko-Hani"), *KIM.names[:1], Name(value="Ким Ир Сен", lang="ru-Cyrl")],
        "dates": DocDate(edtf="1912")})
    changes = diff(KIM.model_dump(mode="json"), edited.model_dump(mode="json"))
    assert _paths(changes) == [("preferred", "changed"), ("names[0]", "added"), ("names[2].lang", "changed"),
                               ("dates", "changed"), ("identifiers.viaf", "added")]
    assert changes[2].old == "ko-Cyrl" and changes[2].new == "ru-Cyrl"
    assert changes[1].to_json() == {"path": "names[0]", "op": "added", "old": None,
                                    "new": {"value": "金日成", "lang": "ko-Hani", "scheme": None}}


def test_removed_keys_and_items_use_the_old_position() -> None:
    old = {"names": ["a", "b", "c"], "gone": 1}
    assert _paths(diff(old, {"names": ["a", "c"]})) == [("names[1]", "removed"), ("gone", "removed")]


def test_items_with_ids_are_matched_by_id() -> None:
    old = {"renditions": [{"id": "r1", "text": "one"}, {"id": "r2", "text": "two"}]}
    new = {"renditions": [{"id": "r2", "text": "two!"}]}
    assert _paths(diff(old, new)) == [("renditions[r1]", "removed"), ("renditions[r2].text", "changed")]


def test_long_texts_get_a_word_diff_that_rebuilds_both_sides() -> None:
    old = "Comrade Kim Il Sung!\n\nPlease send specialists.\nThe end."
    new = "Comrade Kim Il Sung!\n\nPlease send twenty specialists at once.\nThe end."
    [change] = diff({"text": old}, {"text": new})
    assert change.segments and rebuild(change.segments, "old") == old and rebuild(change.segments, "new") == new
    assert [s for s in change.segments if s.op != "equal"] == [Segment("insert", "twenty "),
                                                               Segment("insert", " at once")]
    assert "old" not in change.to_json() and change.to_json()["segments"][0]["op"] == "equal"


def test_short_strings_and_types_are_plain_changes() -> None:
    assert diff({"a": "x"}, {"a": "y"}) == [Change("a", "changed", "x", "y")]
    assert diff({"a": True}, {"a": 1}) == [Change("a", "changed", True, 1)]
    assert diff([1], [1.0]) != [] and diff({"a": None}, {"a": None}) == []


def test_huge_rewrites_fall_back_to_delete_and_insert() -> None:
    old, new = " ".join(["a"] * 5000), " ".join(["b"] * 5000)
    assert text_diff(old, new) == [Segment("delete", old), Segment("insert", new)]


# -- properties ------------------------------------------------------------------------------

KEYS = st.sampled_from(["id", "a", "b", "names", "text", "lang"])
TEXTS = st.text(alphabet="ab c\nКим김.", max_size=160)
LEAVES = st.none() | st.booleans() | st.integers(-3, 3) | TEXTS
JSON = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                    max_leaves=25)


def _leaves(value: Any, path: str = "") -> Counter[tuple[str, str]]:
    """(path without positions, leaf as JSON) for every leaf: what a change may move but not lose."""
    if isinstance(value, dict):
        found: Counter[tuple[str, str]] = Counter()
        for k, v in value.items():
            found += _leaves(v, f"{path}.{k}")
        found[(path, "{}")] += 1
        return found
    if isinstance(value, list):
        found = Counter()
        for v in value:
            found += _leaves(v, f"{path}[]")
        found[(path, "[]")] += 1
        return found
    return Counter({(path, repr((type(value).__name__, value))): 1})


def _unpositioned(path: str) -> str:
    """``a[2].b`` -> ``.a[].b``, the form ``_leaves`` writes paths in."""
    out, inside = [], False
    for ch in "." + path if path and not path.startswith("[") else path:
        if ch == "[":
            inside = True
            out.append("[]")
        elif ch == "]":
            inside = False
        elif not inside:
            out.append(ch)
    return "".join(out)


def _old_side(c: Change) -> Any:
    return rebuild(c.segments, "old") if c.segments else c.old


def _new_side(c: Change) -> Any:
    return rebuild(c.segments, "new") if c.segments else c.new


@settings(max_examples=300)
@given(JSON)
def test_nothing_changed_is_an_empty_diff(value: Any) -> None:
    assert diff(value, value) == []


@settings(max_examples=400)
@given(JSON, JSON)
def test_every_difference_is_in_some_change_and_outside_them_all_is_equal(old: Any, new: Any) -> None:
    changes = diff(old, new)
    assert (changes == []) == same(old, new)
    outside_old, outside_new = _leaves(old), _leaves(new)
    for c in changes:
        base = _unpositioned(c.path)
        if c.op != "added":
            outside_old.subtract(_leaves(_old_side(c), base))
        if c.op != "removed":
            outside_new.subtract(_leaves(_new_side(c), base))
    assert all(n >= 0 for n in (outside_old + outside_new).values())  # no change claims a leaf twice
    assert outside_old == outside_new


@settings(max_examples=300)
@given(TEXTS, TEXTS)
def test_text_diffs_rebuild_both_texts_and_never_mark_equal_text(old: str, new: str) -> None:
    segments = text_diff(old, new)
    assert rebuild(segments, "old") == old and rebuild(segments, "new") == new
    assert all(s.text for s in segments)
    assert all(a.op != b.op for a, b in zip(segments, segments[1:], strict=False))
    assert (old == new) == all(s.op == "equal" for s in segments)
