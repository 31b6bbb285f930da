"""The extractor contract and registry.

An extractor is a pure function of an ``ExtractContext`` returning JSON-ready dicts. Extractors
register in ``EXTRACTORS`` under the key their results appear under in ``opis extract --json``
("footnotes", "citations", "dates", ...), naming the keys they need computed first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from opis.extract.limits import note
from opis.plugins import Registry

Finding = dict[str, Any]


class NameLookup(Protocol):
    """What the names extractor needs from authority data: candidates for a piece of text."""

    def lookup(self, text: str) -> list[tuple[str, str, str]]:
        """(authority id, kind, preferred name) for every authority a name form matches."""
        ...


@dataclass
class ExtractContext:
    text: str
    language: str | None = None
    results: dict[str, list[Finding]] = field(default_factory=dict)
    names: NameLookup | None = None
    # Findings of one kind an extractor may stop at (0: no bound); an extractor that stops early
    # says so in ``limits`` (see opis.extract.limits).
    max_findings: int = 0
    limits: list[Finding] = field(default_factory=list)

    def stopped(self, key: str, kept: int, at: int) -> None:
        """Record that extractor ``key`` stopped reading at character ``at`` after ``kept`` findings."""
        self.limits.append(note(key, "findings", kept, f"{key}: the first {kept:,} kept; reading stopped at "
                                                       f"character {at:,} of {len(self.text):,}"))


@dataclass(frozen=True)
class Extractor:
    key: str
    run: Callable[[ExtractContext], list[Finding]]
    requires: tuple[str, ...] = ()


EXTRACTORS: Registry[Extractor] = Registry("extractor")


ExtractFn = Callable[[ExtractContext], list[Finding]]


def extractor(key: str, requires: tuple[str, ...] = ()) -> Callable[[ExtractFn], ExtractFn]:
    """Decorator: register a function as the extractor for ``key``."""

    def add(fn: ExtractFn) -> ExtractFn:
        EXTRACTORS.register(key)(Extractor(key, fn, requires))
        return fn

    return add


def run_order(available: Mapping[str, Extractor]) -> list[str]:
    """Keys in an order where every extractor runs after what it requires."""
    done: list[str] = []

    def visit(key: str, path: tuple[str, ...]) -> None:
        if key in done:
            return
        if key in path:
            raise ValueError(f"extractors require each other in a circle: {' -> '.join((*path, key))}")
        for dep in available[key].requires:
            visit(dep, (*path, key))
        done.append(key)

    for key in sorted(available):
        visit(key, ())
    return done
