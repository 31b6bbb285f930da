"""The statements vocabulary (extract/data/statements.yaml) as compiled, typed tables."""

from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]  # re's own parser: no stubs, not deprecated
import re._parser as sre_parse  # type: ignore[import-not-found]
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from opis import vocab

KINDS = ("request", "offer", "decision", "delivery")
DECISIONS = ("approved", "refused", "partly approved", "deferred", "conditions")


@dataclass(frozen=True)
class Cue:
    kind: str
    pattern: re.Pattern[str]
    nominal: bool = False
    first_person: bool = False
    passive: bool = False
    decision: str | None = None
    receiver_after: bool = False
    # Lowercase letter runs one of which every match holds (see ``heads``); empty when the pattern says none.
    heads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relative:
    pattern: re.Pattern[str]
    unit: str
    step: int


@dataclass(frozen=True)
class Vocab:
    cues: tuple[Cue, ...]
    conditions: re.Pattern[str]
    hypothetical: re.Pattern[str]
    modal: re.Pattern[str]
    own_obligation: re.Pattern[str]
    modal_list: re.Pattern[str]
    list_break: re.Pattern[str]
    irrealis: re.Pattern[str]
    impersonal: re.Pattern[str]
    apprehended: re.Pattern[str]
    courtesy: re.Pattern[str]
    content_of: re.Pattern[str]
    relay: re.Pattern[str]
    dated_carrier: re.Pattern[str]
    relative: tuple[Relative, ...]
    stated_latency: re.Pattern[str]
    not_names: frozenset[str]
    pronouns: dict[str, str]  # pronoun -> writer | reader | previous | object | group
    passive_by: re.Pattern[str]
    passive_before: re.Pattern[str]
    opinion_after: re.Pattern[str]
    opinion_clause: re.Pattern[str]
    action_clause: re.Pattern[str]
    recommendation_heading: re.Pattern[str]
    recommendation_body: re.Pattern[str]
    group_nouns: re.Pattern[str]
    titles: str  # a pattern to build on, not compiled alone
    carrier_from: re.Pattern[str]
    speaker: re.Pattern[str]
    reporting: re.Pattern[str]
    # Each head with the indices of the cues holding it, and the cues with no head (tried everywhere).
    by_head: tuple[tuple[str, tuple[int, ...]], ...] = ()
    headless: tuple[int, ...] = ()
    opinion_of: re.Pattern[str] | None = None  # "По мнению X", "in the view of X": X decides
    # Every head in one pattern (a trie: the longest head starting where it matches), read by re over the sentence
    # instead of a substring search per head (two hundred heads); a head found picks the cues of every head it
    # starts with (those match at the same position, hidden by the longest).
    head_pattern: re.Pattern[str] | None = None
    head_cues: dict[str, tuple[int, ...]] = field(default_factory=dict, hash=False, compare=False)

    def cues_in(self, text: str, start: int, end: int) -> tuple[Cue, ...]:
        """The cues that may match in ``text[start:end]``, in vocabulary order: those with a head the sentence
        holds, and those with none. Every cue when lowering the sentence may not keep re's IGNORECASE."""
        low = text[start:end].lower()
        if len(low) != end - start or UNFOLDED.search(text, start, end) is not None:
            return self.cues
        picked = set(self.headless)
        if self.head_pattern is None:
            for head, indices in self.by_head:
                if head in low:
                    picked.update(indices)
            return tuple(self.cues[i] for i in sorted(picked))
        # Each search goes on from the position after the last match's start, so that no head starting inside
        # another is skipped; re skips fast to the letters a head may start with.
        search, pos = self.head_pattern.search, 0
        while (m := search(low, pos)) is not None:
            picked.update(self.head_cues[m.group()])
            pos = m.start() + 1
        return tuple(self.cues[i] for i in sorted(picked))


# Letters whose lowercase str.lower() gives is what re's IGNORECASE matches them against; the characters below
# also match one of them under IGNORECASE without lowering to it ("ſ" is an "s", "ᲀ" a "в", "İ" lowers to two
# characters), so a sentence holding one is read by every cue (tests/extract/test_statements.py checks the list
# against every code point).
HEAD_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
UNFOLDED = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")


def heads(pattern: str) -> tuple[str, ...]:
    """Lowercase letter runs one of which every match of ``pattern`` (compiled IGNORECASE) holds: of the literal
    runs and groups of literal alternatives it requires, the one whose shortest run is longest
    ("\\b(?:you|I|we)\\s+requests?\\b" holds "request", "\\bпрос(?:ит|ят)\\b" "прос"). Lookarounds count
    for nothing (a lookbehind reads before the sentence). Empty when nothing is required: such a cue is tried
    on every sentence. A cue is tried only on the sentences holding one of its heads, so that a text is not
    scanned once per cue (ninety-odd cues, most sentences holding none)."""
    found = _required(list(sre_parse.parse(pattern, re.IGNORECASE)))
    return tuple(sorted(set(found))) if found else ()


def _required(items: list[tuple[Any, Any]]) -> list[str] | None:
    """Literal runs of a parsed (sub)pattern one of which every match holds; None when it requires none."""
    candidates: list[list[str]] = []
    run = ""
    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(arg).lower()
            continue
        if run:
            candidates.append([run])
            run = ""
        found: list[str] | None = None
        if op is sre.SUBPATTERN and arg[1] == 0 and arg[2] == 0:  # a plain group, no flags of its own
            found = _required(list(arg[3]))
        elif op is sre.BRANCH:
            alternatives = [_required(list(alt)) for alt in arg[1]]
            found = None if any(a is None for a in alternatives) else [h for a in alternatives if a for h in a]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            found = _required(list(arg[2]))
        if found:
            candidates.append(found)
    if run:
        candidates.append([run])
    usable = [c for c in candidates if all(h and set(h) <= HEAD_LETTERS for h in c)]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(len(h) for h in c), -len(c)))


def _trie(words: list[str]) -> str:
    """A pattern matching the longest of ``words`` that starts where it is tried (their common starts shared)."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return _rx("|".join(f"(?:{p})" for p in patterns))


# Where a resolution's operative word may stand: the start of the text, of a sentence, of a line or of a numbered
# point ("1. Утвердить", "а) Поручить"); the word itself capitalized (checked apart from the word, so that the word
# still gives the cue its head).
_RESOLUTION_START = r"(?-i:(?=[А-ЯЁA-Z]))(?:^|(?<=[.!…:;]\s)|(?<=\n)|(?<=\d\.\s)|(?<=\w\)\s))"


def _resolutions(table: dict[str, list[str]]) -> list[Cue]:
    """The cues of a resolution's operative words (statements.yaml ``resolutions``): the writer's request under
    ``request``, the writer's decision with that outcome under the others."""
    out: list[Cue] = []
    for outcome, phrases in table.items():
        kind = "request" if outcome == "request" else "decision"
        if kind == "decision" and outcome not in DECISIONS:
            raise vocab.VocabError(f"statements.yaml resolutions: unknown decision {outcome!r} "
                                   f"(known: {', '.join(DECISIONS)})")
        words = "|".join(r"\s+".join(map(re.escape, str(p).split())) for p in phrases)
        pattern = f"{_RESOLUTION_START}(?:{words})\\b"
        out.append(Cue(kind, _rx(pattern), first_person=True, decision=None if kind == "request" else outcome,
                       heads=heads(pattern)))
    return out


@cache
def load() -> Vocab:
    data = vocab.read_mapping("opis.extract", "data/statements.yaml")
    cues: list[Cue] = _resolutions(data.get("resolutions") or {})
    for kind in KINDS:
        for item in data["cues"][kind]:
            decision = item.get("decision")
            if decision is not None and decision not in DECISIONS:
                raise vocab.VocabError(f"statements.yaml: unknown decision {decision!r} "
                                       f"(known: {', '.join(DECISIONS)})")
            cues.append(Cue(kind, _rx(item["pattern"]), bool(item.get("nominal")), bool(item.get("first_person")),
                            bool(item.get("passive")), decision, bool(item.get("receiver_after")),
                            heads(item["pattern"])))
    relative = tuple(Relative(_rx(r["pattern"]), str(r["unit"]), int(r["step"])) for r in data["relative"])
    pronouns = {str(p): role for role, words in data["pronouns"].items() for p in words}
    holding: dict[str, list[int]] = {}
    for i, cue in enumerate(cues):
        for h in cue.heads:
            holding.setdefault(h, []).append(i)
    by_head = tuple((h, tuple(ix)) for h, ix in sorted(holding.items()))
    cues_of = dict(by_head)
    # A head found picks its own cues and those of the heads it starts with.
    head_cues = {h: tuple(sorted({i for k in range(1, len(h) + 1) for i in cues_of.get(h[:k], ())})) for h in cues_of}
    head_pattern = re.compile(_trie(sorted(cues_of))) if cues_of else None
    headless = tuple(i for i, cue in enumerate(cues) if not cue.heads)
    return Vocab(tuple(cues), _any(data["conditions"]), _rx(data["hypothetical"]), _rx(data["modal"]),
                 _rx(data["own_obligation"]), _rx(data["modal_list"]), _rx(data["list_break"]), _rx(data["irrealis"]),
                 _rx(data["impersonal"]), _rx(data["apprehended"]), _rx(data["courtesy"]), _rx(data["content_of"]),
                 _rx(data["relay"]), _rx(data["dated_carrier"]), relative,
                 _any(data["stated_latency"]), frozenset(str(w) for w in data["not_names"]), pronouns,
                 _rx(data["passive_by"]), _rx(data["passive_before"]), _rx(data["opinion_after"]),
                 _rx(data["opinion_clause"]), _rx(data["action_clause"]),
                 re.compile(data["recommendation_heading"], re.MULTILINE),
                 re.compile(data["recommendation_body"], re.MULTILINE),
                 re.compile(data["group_nouns"]), str(data["titles"]),
                 _rx(data["carrier_from"]), re.compile(data["speaker"], re.MULTILINE),
                 _rx(data["reporting"]), by_head, headless, opinion_of=_rx(data["opinion_of"]),
                 head_pattern=head_pattern, head_cues=head_cues)
