"""Run every registered extractor over a text, in dependency order, and assemble the contract's JSON.

The keys and their order are the ones `opis extract --json` promises (docs/extraction.md);
extractors registered by plug-ins add keys after them.
"""

from __future__ import annotations

import importlib
from typing import Any

from opis.extract.base import EXTRACTORS, ExtractContext, NameLookup, run_order
from opis.extract.limits import KEY, cut_point, limits, note

BUILTIN_MODULES = ("footnotes", "citations", "dates", "quantities", "rates", "tables", "entities")
CONTRACT_KEYS = ("footnotes", "citations", "dates", "quantities", "tables", "names")


def load_builtin() -> None:
    """Import the built-in extractors; each registers itself as a plug-in would."""
    for name in BUILTIN_MODULES:
        importlib.import_module(f"opis.extract.{name}")


def extract_all(text: str, language: str | None = None, names: NameLookup | None = None,
                only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Every extractor's findings for ``text`` (or just ``only`` and what they require), within the
    bounds of data/limits.yaml; a ``limits`` key lists every bound reached (absent when none was)."""
    load_builtin()
    available = dict(EXTRACTORS.items())
    wanted = set(only) if only else set(available)
    bounds = limits()
    cut = cut_point(text, bounds.max_chars)
    notes = [] if cut == len(text) else [
        note(None, "characters", cut, f"findings come from the first {cut:,} of {len(text):,} characters")]
    ctx = ExtractContext(text=text[:cut], language=language, names=names, max_findings=bounds.max_findings)
    for key in run_order(available):
        if key in wanted or _required_by(key, wanted, available):
            found = available[key].run(ctx)
            if len(found) > bounds.max_findings:
                ctx.limits.append(note(key, "findings", bounds.max_findings,
                                       f"{key}: the first {bounds.max_findings:,} of {len(found):,} kept"))
                found = found[:bounds.max_findings]
            ctx.results[key] = found
    ordered: dict[str, Any] = {"language": language}
    for key in (*CONTRACT_KEYS, *sorted(set(ctx.results) - set(CONTRACT_KEYS))):
        if key in ctx.results and key in wanted:
            ordered[key] = ctx.results[key]
    if notes or ctx.limits:
        ordered[KEY] = notes + ctx.limits
    return ordered


def _required_by(key: str, wanted: set[str], available: dict[str, Any]) -> bool:
    return any(key in available[w].requires or _required_by(key, {*available[w].requires}, available)
               for w in wanted if w in available)
