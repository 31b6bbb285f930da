"""What changed between two versions of a record, computed on their plain JSON forms.

Structured fields give one change per path (``names[2].value: Kim → Kim Il Sung``); long texts
(anything with a line break, or longer than ``LONG_TEXT``) also get a line-then-word diff whose
segments rebuild either side exactly: equal + delete is the old text, equal + insert the new.

Lists are aligned, not compared position by position, so adding one variant name at the top is
one addition rather than a change to every name below it. Lists of objects that carry an ``id``
(renditions) are aligned by id. Indices in paths are the new list's for added and changed items
and the old list's for removed ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

LONG_TEXT = 120
WORD_LIMIT = 4000  # word diffs above this many tokens a side cost quadratic time: the block is shown replaced
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


@dataclass(frozen=True)
class Change:
    path: str
    op: Literal["added", "removed", "changed"]
    old: Any = None
    new: Any = None
    segments: tuple[Segment, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The change as JSON; a text diff carries its segments instead of both whole texts."""
        if self.segments:
            return {"path": self.path, "op": self.op,
                    "segments": [{"op": s.op, "text": s.text} for s in self.segments]}
        return {"path": self.path, "op": self.op, "old": self.old, "new": self.new}


def diff(old: Any, new: Any, path: str = "") -> list[Change]:
    """Every change from ``old`` to ``new`` (JSON values: dicts, lists, strings, numbers, bools, None)."""
    if same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return _diff_dicts(old, new, path)
    if isinstance(old, list) and isinstance(new, list):
        return _diff_lists(old, new, path)
    if isinstance(old, str) and isinstance(new, str) and is_long(old, new):
        return [Change(path, "changed", old, new, tuple(text_diff(old, new)))]
    return [Change(path, "changed", old, new)]


def same(a: Any, b: Any) -> bool:
    """Equal as JSON: Python's ``True == 1`` and ``1 == 1.0`` would hide a change of type."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def is_long(*texts: str) -> bool:
    return any("\n" in t or len(t) > LONG_TEXT for t in texts)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _diff_dicts(old: dict[str, Any], new: dict[str, Any], path: str) -> list[Change]:
    changes: list[Change] = []
    for key in [*old, *(k for k in new if k not in old)]:
        here = _join(path, str(key))
        if key not in new:
            changes.append(Change(here, "removed", old[key], None))
        elif key not in old:
            changes.append(Change(here, "added", None, new[key]))
        else:
            changes += diff(old[key], new[key], here)
    return changes


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _ids(items: list[Any]) -> list[str] | None:
    """The items' ids when every item is an object with a distinct string id (renditions), else None."""
    ids = [i.get("id") if isinstance(i, dict) else None for i in items]
    if all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids):
        return [str(i) for i in ids]
    return None


def _diff_lists(old: list[Any], new: list[Any], path: str) -> list[Change]:
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is not None and new_ids is not None and (old or new):
        return _aligned(old, new, old_ids, new_ids, path, lambda n, i: f"{path}[{i}]")
    return _aligned(old, new, [_canonical(v) for v in old], [_canonical(v) for v in new], path,
                    lambda n, i: f"{path}[{n}]")


def _aligned(old: list[Any], new: list[Any], old_keys: list[str], new_keys: list[str], path: str,
             name: Callable[[int, str], str]) -> list[Change]:
    """Align the lists on their keys; items equal by key are compared field by field, the rest are
    additions and removals, and a replaced run is paired up item by item where it can be."""
    changes: list[Change] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = (i2 - i1 if tag == "equal" else min(i2 - i1, j2 - j1) if tag == "replace" else 0)
        for k in range(paired):
            changes += diff(old[i1 + k], new[j1 + k], name(j1 + k, new_keys[j1 + k]))
        changes += [Change(name(i, old_keys[i]), "removed", old[i], None) for i in range(i1 + paired, i2)]
        changes += [Change(name(j, new_keys[j]), "added", None, new[j]) for j in range(j1 + paired, j2)]
    return changes


def text_diff(old: str, new: str) -> list[Segment]:
    """Lines first; a run of changed lines is then compared word by word."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "replace":
            out += word_diff(before, after)
        elif tag == "equal":
            out.append(Segment("equal", before))
        else:
            out += [Segment("delete", before), Segment("insert", after)]  # one of them is empty
    return _merged(out)


def word_diff(old: str, new: str) -> list[Segment]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) > WORD_LIMIT or len(b) > WORD_LIMIT:
        return [Segment("delete", old), Segment("insert", new)]
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(Segment("equal", "".join(a[i1:i2])))
        else:
            out += [Segment("delete", "".join(a[i1:i2])), Segment("insert", "".join(b[j1:j2]))]
    return out


def _merged(segments: list[Segment]) -> list[Segment]:
    """Drop empty segments and join neighbours of the same kind, so a reader sees one mark per run."""
    out: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if out and out[-1].op == seg.op:
            out[-1] = Segment(seg.op, out[-1].text + seg.text)
        else:
            out.append(seg)
    return out


def rebuild(segments: tuple[Segment, ...] | list[Segment], side: Literal["old", "new"]) -> str:
    """One side of a text diff, from its segments."""
    skip = "insert" if side == "old" else "delete"
    return "".join(s.text for s in segments if s.op != skip)
