"""Run every registered extractor over a text, in dependency order, and assemble the contract's JSON.

The keys and their order are the ones `opis extract --json` promises (docs/extraction.md);
extractors registered by plug-ins add keys after them.
"""

from __future__ import annotations

from typing import Any

from opis.extract.base import EXTRACTORS, ExtractContext, NameLookup, run_order

CONTRACT_KEYS = ("footnotes", "citations", "dates", "quantities", "tables", "names")


def extract_all(text: str, language: str | None = None, names: NameLookup | None = None,
                only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Every extractor's findings for ``text`` (or just ``only`` and what they require). The registry
    loads the built-in and plug-in extractors on first use (``opis.plugins.load_plugins``)."""
    available = dict(EXTRACTORS.items())
    wanted = set(only) if only else set(available)
    ctx = ExtractContext(text=text, language=language, names=names)
    for key in run_order(available):
        if key in wanted or _required_by(key, wanted, available):
            ctx.results[key] = available[key].run(ctx)
    ordered: dict[str, Any] = {"language": language}
    for key in (*CONTRACT_KEYS, *sorted(set(ctx.results) - set(CONTRACT_KEYS))):
        if key in ctx.results and key in wanted:
            ordered[key] = ctx.results[key]
    return ordered


def _required_by(key: str, wanted: set[str], available: dict[str, Any]) -> bool:
    return any(key in available[w].requires or _required_by(key, {*available[w].requires}, available)
               for w in wanted if w in available)
