"""Exchange rates a text implies by stating one sum in two currencies.

Three ways a text pairs two sums (``basis`` in the result):

* ``brackets`` - a sum followed (after at most a few words) by a bracket opening with a sum in
  another currency: "11 200 thousand yens (about 2 800 000 rub)", "1 800 тыс. иен в месяц (примерно
  450 тыс. руб.)".
* ``equivalence`` - sums before a word of equivalence ("corresponded", "соответствовало") and sums in
  another currency after it, in the same sentence, paired in order: "24 500 thousand yens ... or
  3 500 thousand yens monthly ... corresponded 6 125 000 rubles ... and 875 000 rubles monthly".
* ``stated`` - a sentence with one unit of a currency and one sum in another: "for one
  military-Korean yen they give about 4 rubles".

``rate.value`` is how many units of ``rate.to`` one unit of ``rate.from`` is worth, as the pair
implies (``to`` sum / ``from`` sum); the text's sums may imply different rates, and each is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.quantities import vocab as qvocab
from opis.extract.textview import footnote_spans, in_spans, sentences

# Between a sum and the bracket with its equivalent: at most a few words ("yens monthly (about").
_OPEN_BRACKET = re.compile(r"[^\d()\[\].;:!?]{0,30}[(\[]\s*")


def currency_pairs(quantities: Sequence[Finding], text: str) -> list[Finding]:
    """Every pair of sums the text states as equal, with the rate each implies."""
    money = [q for q in quantities if q.get("kind") == "currency" and q.get("value")]
    pairs: list[tuple[Finding, Finding, str]] = _bracketed(money, text)
    paired = {id(q) for a, b, _ in pairs for q in (a, b)}
    notes = footnote_spans(text)
    ordered = sorted(money, key=lambda q: int(q["start"]))
    starts = [int(q["start"]) for q in ordered]
    for start, end in sentences(text):
        in_note = in_spans(start, notes)
        # Only the sums that start in this sentence (a bisection, not a scan of every sum).
        within = ordered[bisect_left(starts, start):bisect_left(starts, end)]
        inside = [q for q in within if id(q) not in paired and in_spans(int(q["start"]), notes) == in_note]
        found = _equivalent(inside, text) or _stated(inside)
        pairs.extend(found)
        paired |= {id(q) for a, b, _ in found for q in (a, b)}
    pairs.sort(key=lambda p: int(p[0]["start"]))
    return [_pair(a, b, basis) for a, b, basis in pairs]


def _bracketed(money: list[Finding], text: str) -> list[tuple[Finding, Finding, str]]:
    found = []
    for a, b in zip(money, money[1:], strict=False):
        between = text[int(a["end"]) : int(b["start"])]
        if a["unit"] != b["unit"] and _OPEN_BRACKET.fullmatch(between):
            found.append((a, b, "brackets"))
    return found


def _equivalent(inside: list[Finding], text: str) -> list[tuple[Finding, Finding, str]]:
    if len(inside) < 2:
        return []
    lo, hi = int(inside[0]["start"]), int(inside[-1]["end"])
    word = _equivalence_word(text, lo, hi)
    if word is None:
        return []
    before = [q for q in inside if int(q["end"]) <= word]
    after = [q for q in inside if int(q["start"]) >= word]
    before = _same_unit_tail(before)
    after = list(reversed(_same_unit_tail(list(reversed(after)))))
    if not before or not after or before[0]["unit"] == after[0]["unit"]:
        return []
    if len(before) != len(after):
        before, after = before[-1:], after[:1]
    return [(a, b, "equivalence") for a, b in zip(before, after, strict=True)]


def _same_unit_tail(qs: list[Finding]) -> list[Finding]:
    """The run of sums at the end of ``qs`` that share the last one's currency."""
    tail: list[Finding] = []
    for q in reversed(qs):
        if tail and q["unit"] != tail[0]["unit"]:
            break
        tail.insert(0, q)
    return tail


def _equivalence_word(text: str, lo: int, hi: int) -> int | None:
    """Offset of the first word of equivalence between offsets lo and hi."""
    low = text[lo:hi].lower()
    best: int | None = None
    for word in qvocab.data()["equivalence_words"]:
        m = re.search(rf"(?<!\w){re.escape(str(word))}(?!\w)", low)
        if m and (best is None or m.start() < best):
            best = m.start()
    return None if best is None else lo + best


def _stated(inside: list[Finding]) -> list[tuple[Finding, Finding, str]]:
    if len(inside) != 2 or inside[0]["unit"] == inside[1]["unit"]:
        return []
    ones = [q for q in inside if q["value"] == 1]
    if len(ones) != 1:
        return []
    one = ones[0]
    other = inside[1] if one is inside[0] else inside[0]
    return [(one, other, "stated")]


def _pair(a: Finding, b: Finding, basis: str) -> Finding:
    def brief(q: Finding) -> Finding:
        return {k: q[k] for k in ("text", "value", "unit", "start", "end")}

    rate = float(f"{float(b['value']) / float(a['value']):.6g}")
    return {"from": brief(a), "to": brief(b), "basis": basis,
            "rate": {"from": a["unit"], "to": b["unit"], "value": rate}}


@extractor("rates", requires=("quantities",))
def extract_rates(ctx: ExtractContext) -> list[Finding]:
    return currency_pairs(ctx.results.get("quantities", []), ctx.text)
