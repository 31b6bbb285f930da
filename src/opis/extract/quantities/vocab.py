"""Units, currencies, scale words and the quantity grammar's words, as token phrases.

Currencies, units and scales come from ``opis.vocab`` (currencies.yaml, units.yaml, scales.yaml);
the grammar's own words from ``extract/data/quantities.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from opis import vocab
from opis.extract.tokens import PhraseTable, Token, longest, phrase

Table = PhraseTable
KINDS = frozenset({"currency", "mass", "length", "count", "percent"})


@dataclass(frozen=True)
class Unit:
    """What a unit or currency form names. ``generic`` forms of a currency defer to context."""

    id: str
    kind: str  # currency, mass, length, count, percent, area, power, ...
    family: str = ""
    generic: bool = False

    @property
    def report_kind(self) -> str:
        """The contract's kind: currency, mass, length, count, percent or other."""
        return self.kind if self.kind in KINDS else "other"


def data() -> dict[str, Any]:
    return vocab.read_mapping("opis.extract", "data/quantities.yaml")


def _table(pairs: list[tuple[str, str]]) -> Table:
    return PhraseTable((phrase(form), value) for form, value in pairs)


@cache
def units() -> dict[str, Unit]:
    """Key ``form`` -> what it names, for every unit and currency form (lower case)."""
    found: dict[str, Unit] = {}
    for c in vocab.load("currencies"):
        family = str(c.get("family", c["code"]))
        for form in c.get("forms", []):
            found[str(form)] = Unit(str(c["code"]), "currency", family)
        for form in c.get("generic_forms", []):
            found[str(form)] = Unit(str(c["code"]), "currency", family, generic=True)
        for form in c.get("symbols", []):
            found[str(form)] = Unit(str(c["code"]), "currency", family)
    for u in vocab.load("units"):
        for form in u["forms"]:
            found.setdefault(str(form), Unit(str(u["id"]), str(u["kind"])))
    return found


@cache
def unit_table() -> Table:
    return _table([(form, form) for form in units()])


@cache
def symbol_table() -> Table:
    """Currency signs written before a number ("$300 million")."""
    forms = [str(f) for c in vocab.load("currencies") for f in c.get("symbols", [])]
    return _table([(f, f) for f in forms])


@cache
def scales() -> Table:
    return _table([(str(f), str(s["factor"])) for s in vocab.load("scales") for f in s["forms"]])


@cache
def qualifiers() -> Table:
    return _table([(str(f), str(q)) for q, forms in data()["qualifiers"].items() for f in forms])


@cache
def number_words() -> Table:
    return _table([(str(f), str(n)) for n, forms in data()["number_words"].items() for f in forms])


@cache
def words(key: str) -> frozenset[str]:
    return frozenset(str(w) for w in data()[key])


@cache
def phrases(key: str) -> Table:
    return _table([(str(w), str(w)) for w in data()[key]])


@cache
def measure_table() -> Table:
    """Scale words and every unit or currency form that is not a counted noun."""
    measures = [(form, form) for form, unit in units().items() if unit.kind != "count"]
    return scales() + _table(measures)


def measure_at(tokens: Sequence[Token], i: int) -> bool:
    """Whether a scale word, unit or currency starts at token ``i`` (a number before it is no year)."""
    return i < len(tokens) and tokens[i].same_line and longest(tokens, i, measure_table()) is not None


@cache
def count_table() -> Table:
    return _table([(form, form) for form, unit in units().items() if unit.kind == "count"])


@cache
def reference_markers() -> frozenset[str]:
    """Markers of folios, pages and files ("F. 413", "С. 8"): a number after them is a reference."""
    return frozenset(str(w) for w in vocab.read_mapping("opis.extract", "data/dates.yaml")["reference_markers"])
