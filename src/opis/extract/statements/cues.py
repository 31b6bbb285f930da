"""The statements vocabulary (extract/data/statements.yaml) as compiled, typed tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _any(patterns: list[str]) -> re.Pattern[str]:
    return _rx("|".join(f"(?:{p})" for p in patterns))


@cache
def load() -> Vocab:
    data = vocab.read_mapping("opis.extract", "data/statements.yaml")
    cues: list[Cue] = []
    for kind in KINDS:
        for item in data["cues"][kind]:
            decision = item.get("decision")
            if decision is not None and decision not in DECISIONS:
                raise vocab.VocabError(f"statements.yaml: unknown decision {decision!r} "
                                       f"(known: {', '.join(DECISIONS)})")
            cues.append(Cue(kind, _rx(item["pattern"]), bool(item.get("nominal")), bool(item.get("first_person")),
                            bool(item.get("passive")), decision, bool(item.get("receiver_after"))))
    relative = tuple(Relative(_rx(r["pattern"]), str(r["unit"]), int(r["step"])) for r in data["relative"])
    pronouns = {str(p): role for role, words in data["pronouns"].items() for p in words}
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
                 _rx(data["reporting"]))
