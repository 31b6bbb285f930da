"""Run every registered extractor over a text, in dependency order, and assemble the contract's JSON.

The keys and their order are the ones `opis extract --json` promises (docs/extraction.md);
extractors registered by plug-ins add keys after them. What the extractors return is checked against the
typed contract (model/findings.py) here, at the boundary, and handed on as the same plain dicts.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from opis.extract.base import EXTRACTORS, ExtractContext, NameLookup, run_order
from opis.extract.limits import KEY, cut_point, limits, note
from opis.model.findings import Findings

CONTRACT_KEYS = ("footnotes", "citations", "dates", "quantities", "tables", "names", "telegrams", "statements")


def extract_all(text: str, language: str | None = None, names: NameLookup | None = None,
                only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Every extractor's findings for ``text`` (or just ``only`` and what they require), within the
    bounds of data/limits.yaml; a ``limits`` key lists every bound reached (absent when none was). The registry
    loads the built-in and plug-in extractors on first use (``opis.plugins.load_plugins``)."""
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
    return checked(ordered)


class ContractError(ValueError):
    """An extractor returned findings that do not fit their model in model/findings.py."""


def checked(results: dict[str, Any]) -> dict[str, Any]:
    """``results`` unchanged if every key's items fit the findings models, else ContractError naming the first
    field that does not (``citations.3.kind``)."""
    try:
        Findings.model_validate({k: v for k, v in results.items() if k != "language"})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ContractError(f"an extractor broke the findings contract at {where}: {first['msg']}") from None
    return results


def _required_by(key: str, wanted: set[str], available: dict[str, Any]) -> bool:
    return any(key in available[w].requires or _required_by(key, {*available[w].requires}, available)
               for w in wanted if w in available)
