"""Who held an office on a day: "the American ambassador in Seoul" on 1949-06-30 is John J. Muccio.

The phrases that name offices, and where each office's holders are listed, are data
(extract/data/offices.yaml). Holders come from two places: the authority records' ``offices`` (a title and an
EDTF date: Shtykov, "Ambassador of the USSR to the DPRK", 1948/1950) and the US chiefs of mission
(extract/data/us_chiefs_of_mission.yaml, made from the Office of the Historian's POCOM data by
opis.interop.pocom). A US chief is linked to an authority record when the name index knows exactly one person by
that name. Pure: the table is built from what the caller passes in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from opis import vocab
from opis.extract.base import NameLookup
from opis.model import Authority
from opis.model.edtf import EdtfError, parse_edtf


@dataclass(frozen=True)
class Rule:
    """One office phrase and where its holders are."""

    pattern: re.Pattern[str]
    authority_title: re.Pattern[str] | None = None
    us_territory: str | None = None
    us_role: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Holder:
    name: str
    authority: str | None
    office: str
    start: date
    end: date  # the last day in office (date.max when still in post or not known)
    source: str  # "authority" or "pocom"
    territory: str = ""

    def out(self) -> dict[str, Any]:
        return {"name": self.name, "authority": self.authority, "office": self.office, "source": self.source,
                "from": self.start.isoformat(), "to": None if self.end == date.max else self.end.isoformat()}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def rules() -> tuple[Rule, ...]:
    data = vocab.read_mapping("opis.extract", "data/offices.yaml")
    out = []
    for item in data["phrases"]:
        us = item.get("us_chief") or {}
        if bool(us) == bool(item.get("authority_title")):
            raise vocab.VocabError(f"offices.yaml: {item['pattern']!r} needs one of authority_title or us_chief")
        out.append(Rule(_rx(item["pattern"]),
                        _rx(item["authority_title"]) if item.get("authority_title") else None,
                        str(us["territory"]) if us else None, _rx(str(us["role"])) if us else None))
    return tuple(out)


@cache
def _us_chiefs() -> tuple[dict[str, str], ...]:
    data = vocab.read_mapping("opis.extract", "data/us_chiefs_of_mission.yaml")
    return tuple({k: str(v or "") for k, v in row.items()} for row in data["chiefs"])


def _span(edtf: str) -> tuple[date, date] | None:
    try:
        value = parse_edtf(edtf)
    except EdtfError:
        return None
    lo, hi = value.earliest, value.latest
    return (lo or date.min, hi or date.max) if (lo or hi) else None


class OfficeTable:
    """Every known holder of every office, from authority records and the US chiefs of mission."""

    def __init__(self, authorities: Iterable[Authority], names: NameLookup | None = None) -> None:
        self.holders: list[Holder] = []
        for a in authorities:
            if a.kind != "person":
                continue
            for office in a.offices:
                span = _span(office.date.edtf) if office.date else None
                if span is not None:
                    self.holders.append(Holder(a.preferred, a.id, office.title, span[0], span[1], "authority"))
        for row in _us_chiefs():
            try:
                start = date.fromisoformat(row["started"])
                end = date.fromisoformat(row["ended"]) if row["ended"] else date.max
            except ValueError:
                continue  # a day POCOM gives only in part: no span to judge a date against
            people = [a for a, kind, _ in names.lookup(row["person"]) if kind == "person"] if names else []
            self.holders.append(Holder(row["person"], people[0] if len(people) == 1 else None, row["role"],
                                       start, end, "pocom", row["territory"]))

    def holder(self, rule: Rule, lo: date, hi: date) -> Holder | None:
        """The one holder of the rule's office through the whole of lo..hi (a day, or a month when the text
        says no more), or None when nobody or several fit."""
        if rule.authority_title is not None:
            fits = [h for h in self.holders if h.source == "authority" and rule.authority_title.search(h.office)]
        else:
            role = rule.us_role
            fits = [h for h in self.holders if h.source == "pocom" and h.territory == rule.us_territory
                    and role is not None and role.search(h.office)]
        held = {h.name: h for h in fits if h.start <= lo and hi <= h.end}
        return next(iter(held.values())) if len(held) == 1 else None


def office_phrases(text: str, lo: int, hi: int) -> list[tuple[int, int, Rule]]:
    """Office phrases in text[lo:hi], left to right, the first rule winning where two overlap."""
    found: list[tuple[int, int, Rule]] = []
    for rule in rules():
        for m in rule.pattern.finditer(text, lo, hi):
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), rule))
    return sorted(found, key=lambda x: x[0])


def resolve(table: OfficeTable, text: str, edtf: str | None) -> Holder | None:
    """Who the office phrase ``text`` names on the EDTF day or span ``edtf``."""
    span = _span(edtf) if edtf else None
    if span is None:
        return None
    for rule in rules():
        if rule.pattern.fullmatch(text.strip()) or rule.pattern.search(text):
            return table.holder(rule, *span)
    return None
