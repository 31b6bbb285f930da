"""How far extraction goes on one text: the bounds of ``data/limits.yaml`` and the notes that say
when one was reached.

A note is a finding of the ``limits`` key: ``{"extractor", "limit", "kept", "reason"}``, where
``extractor`` is the key whose findings were cut (None for the whole text), ``limit`` names the
bound (characters, findings, time, memory), ``kept`` how much was kept (characters or findings)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

KEY = "limits"


@dataclass(frozen=True)
class Limits:
    max_chars: int
    max_findings: int
    time_limit_s: float
    memory_mb: int


@cache
def limits() -> Limits:
    text = resources.files("opis.extract").joinpath("data/limits.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return Limits(int(raw["max_chars"]), int(raw["max_findings"]), float(raw["time_limit_s"]), int(raw["memory_mb"]))


def note(extractor: str | None, limit: str, kept: int | None, reason: str) -> dict[str, Any]:
    return {"extractor": extractor, "limit": limit, "kept": kept, "reason": reason}


def cut_point(text: str, max_chars: int) -> int:
    """Where to cut ``text`` to at most ``max_chars``: after the last line break in the last tenth
    of the allowance if there is one (a date or a table is not cut in half), else at the bound."""
    if len(text) <= max_chars:
        return len(text)
    at = text.rfind("\n", max_chars - max_chars // 10, max_chars)
    return at + 1 if at >= 0 else max_chars
