"""Quantities in running text: sums of money, masses, lengths, percentages and counted things.

``find_quantities(text)`` returns one dict per quantity: ``text`` as written (with a qualifier such
as "about" or "более"), ``value`` (scale words applied: "3,7 mln. rubles" -> 3700000), ``unit`` (a
currency code from vocab/currencies.yaml or a unit id from vocab/units.yaml), ``kind`` (currency,
mass, length, count, percent or other) and ``start``/``end`` offsets. Counts are reported for a
number followed within three words on its line by a counted noun listed in units.yaml ("288
industrial enterprises" -> unit "enterprise"). Numbers inside dates, after reference markers
("F. 413", "С. 8"), and time spans ("5 years") are not quantities. A generic currency word ("yens")
names the currency of its family last named in full before it ("military-Korean yens").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.dates.running import date_spans
from opis.extract.numbers import plain, read_number
from opis.extract.quantities import vocab as qvocab
from opis.extract.quantities.vocab import Unit
from opis.extract.textview import in_spans
from opis.extract.tokens import Token, longest, match_phrase, tokenize


@dataclass(frozen=True, slots=True)
class Quantity:
    value: Decimal
    unit: Unit
    first: int  # token index of the first token (qualifier, sign or number)
    last: int  # token index after the last token
    qualifier: str | None = None


def _near(tok: Token) -> bool:
    """On the same line and at most one space away: a unit belongs to the number before it."""
    return tok.same_line and len(tok.gap) <= 1


def _amount(tokens: Sequence[Token], i: int) -> tuple[Decimal, int, bool] | None:
    """(value, index after, whether spelled as a word)."""
    number = read_number(tokens, i)
    if number is not None:
        return number[0], number[1], False
    word = longest(tokens, i, qvocab.number_words())
    return (Decimal(word[0]), word[1], True) if word else None


def _scale(tokens: Sequence[Token], j: int) -> tuple[Decimal, int]:
    found = longest(tokens, j, qvocab.scales()) if j < len(tokens) and _near(tokens[j]) else None
    return (Decimal(found[0]), found[1]) if found else (Decimal(1), j)


def _measure(tokens: Sequence[Token], j: int) -> tuple[Unit, int] | None:
    """A currency or unit of measure right after the number (not a counted noun)."""
    if j >= len(tokens) or not _near(tokens[j]):
        return None
    found = longest(tokens, j, qvocab.measure_table())
    if found is None or found[0] not in qvocab.units():
        return None
    return qvocab.units()[found[0]], found[1]


def _next_word(tokens: Sequence[Token], k: int) -> int:
    """Index after the word at k, hyphenated compounds included ("non-ferrous")."""
    k += 1
    while k + 1 < len(tokens) and tokens[k].text == "-" and tokens[k].adjacent and tokens[k + 1].adjacent:
        k += 2
    return k


def _count(tokens: Sequence[Token], j: int, depth: int = 0) -> tuple[Unit, int] | None:
    """The counted noun within the three words after a number, if any."""
    shared = _shared(tokens, j, depth)
    if shared is not None:
        return shared
    k, plural = j, None
    for _ in range(3):
        if k >= len(tokens) or not tokens[k].is_word or not (tokens[k].same_line and tokens[k].group_gap):
            break
        if tokens[k].low in qvocab.words("stop_words") or tokens[k].low in qvocab.words("duration_words"):
            break
        noun = longest(tokens, k, qvocab.count_table())
        if noun is not None:
            return _english_head(tokens, noun[1]) or (qvocab.units()[noun[0]], noun[1])
        plural = plural or _english_plural(tokens, k)
        k = _next_word(tokens, k)
    return plural


def _english_head(tokens: Sequence[Token], k: int) -> tuple[Unit, int] | None:
    """"46 locomotive depots": a known noun followed by an English plural is its modifier."""
    if k >= len(tokens) or not _near(tokens[k]) or not tokens[k].group_gap or not tokens[k].text.islower():
        return None
    return _english_plural(tokens, k)


def _english_plural(tokens: Sequence[Token], k: int) -> tuple[Unit, int] | None:
    """An English plural noun at k, not a known noun, as a count unit (its naive singular)."""
    word = tokens[k].text
    if not (word.isascii() and word.isalpha() and word.endswith("s") and len(word) > 3 and word[1:].islower()):
        return None
    low = word.lower()
    if low in qvocab.words("stop_words") or low in qvocab.words("duration_words") or low.endswith("ss"):
        return None
    if longest(tokens, k, qvocab.count_table()) is not None:
        return None
    return Unit(singular(low), "count"), k + 1


def singular(word: str) -> str:
    """A naive English singular: "depots" -> "depot", "batteries" -> "battery", "boxes" -> "box"."""
    for plural, single in qvocab.data()["english_plurals"].items():
        if word.endswith(str(plural)):
            return word[: len(word) - len(str(plural))] + str(single)
    return word


def _shared(tokens: Sequence[Token], k: int, depth: int) -> tuple[Unit, int] | None:
    """96 from 155 coal mines: the first number counts what the second counts (its text ends at k)."""
    found = longest(tokens, k, qvocab.phrases("share_words")) if k < len(tokens) and _near(tokens[k]) else None
    if depth or found is None or found[1] >= len(tokens) or not _near(tokens[found[1]]):
        return None
    number = read_number(tokens, found[1])
    if number is None:
        return None
    counted = _count(tokens, number[1], depth + 1)
    return (counted[0], k) if counted else None


def _qualifier(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """The qualifier phrase ending just before token i: (id, index of its first token)."""
    best: tuple[str, int] | None = None
    if i >= len(tokens) or not _near(tokens[i]):
        return None
    for words, qid in qvocab.qualifiers().ending(tokens[i - 1].low) if i >= 1 else ():
        start = i - len(words)
        if start >= 0 and match_phrase(tokens, start, words) == i and (best is None or start < best[1]):
            best = (qid, start)
    if best is not None and _closes_range(tokens, best[1]):
        return None
    return best


def _closes_range(tokens: Sequence[Token], q: int) -> bool:
    """"с 1 150 тыс. т ... до 2,4 млн т", "выросло до 118": this "до" means "to", not "up to"."""
    if tokens[q].low not in qvocab.words("range_end_qualifiers"):
        return False
    if q >= 1 and tokens[q - 1].low in qvocab.words("change_verbs"):
        return True
    for k in range(q - 1, max(q - 12, 0) - 1, -1):
        if not tokens[k + 1].same_line:
            return False
        if tokens[k].low in qvocab.words("range_starts") and k + 1 < q and tokens[k + 1].is_num:
            return True
    return False


def _symbol(tokens: Sequence[Token], i: int) -> tuple[Unit, int] | None:
    """A currency sign before the number ("$300 million", "US$ 5"): (currency, index of the sign)."""
    for words, form in qvocab.symbol_table().ending(tokens[i - 1].low) if i >= 1 else ():
        start = i - len(words)
        if start >= 0 and match_phrase(tokens, start, words) == i and _near(tokens[i]):
            return qvocab.units()[form], start
    return None


def _starts_here(tokens: Sequence[Token], i: int, dates: list[tuple[int, int]]) -> bool:
    tok = tokens[i]
    if in_spans(tok.start, dates):
        return False
    if i >= 1 and tokens[i - 1].text == "№" or i >= 2 and tokens[i - 1].text == "." and (
        tokens[i - 2].low in qvocab.reference_markers()
    ):
        return False
    label = i - 2 if i >= 2 and tokens[i - 1].text == "." else i - 1
    if label >= 0 and tokens[label].low in qvocab.words("label_words") and tokens[label + 1].same_line:
        return False  # "Table 3", "рис. 2"
    if i >= 1 and tok.adjacent and (tokens[i - 1].is_word or tokens[i - 1].text in ".,"):
        return False  # "D5467", or the digits after a decimal mark
    return True


def read_quantity(tokens: Sequence[Token], i: int, dates: list[tuple[int, int]]) -> Quantity | None:
    """The quantity whose number starts at token i, if the tokens after it make one."""
    if not _starts_here(tokens, i, dates):
        return None
    amount = _amount(tokens, i)
    if amount is None:
        return None
    value, j, spelled = amount
    factor, j = _scale(tokens, j)
    if j < len(tokens) and tokens[j].adjacent and tokens[j].is_word and _measure(tokens, j) is None:
        return None  # "25th", "1940s": not a quantity
    sign = _symbol(tokens, i)
    unit = _measure(tokens, j)
    if unit is None and sign is None and not spelled:
        unit = _count(tokens, j)
    if unit is None and sign is None:
        return None
    found, last = (unit[0], unit[1]) if unit else (sign[0] if sign else qvocab.Unit("", ""), j)
    first = sign[1] if sign else i
    qual = _qualifier(tokens, first)
    return Quantity(value * factor, found, qual[1] if qual else first, last, qual[0] if qual else None)


def scan_quantities(text: str, dates: list[tuple[int, int]] | None = None,
                    limit: int = 0) -> tuple[Sequence[Token], list[Quantity]]:
    """Tokens and quantities of ``text``, generic currency words resolved from context; ``dates``
    are the spans of its date phrases (found here when not given). With ``limit``, the scan stops
    once it has found that many."""
    tokens = tokenize(text)
    dates = date_spans(text) if dates is None else sorted(dates)
    found: list[Quantity] = []
    recent: dict[str, str] = {}  # currency family -> code last named in full
    after = 0  # the token after the last quantity found: the next starts at or after it
    for i in _candidates(tokens):
        if i < after:
            continue
        q = read_quantity(tokens, i, dates)
        if q is None:
            continue
        if q.unit.kind == "currency" and q.unit.generic:
            named = Unit(recent.get(q.unit.family, q.unit.id), "currency", q.unit.family)
            q = Quantity(q.value, named, q.first, q.last, q.qualifier)
        elif q.unit.kind == "currency":
            recent[q.unit.family] = q.unit.id
        found.append(q)
        if len(found) == limit:
            break
        after = max(q.last, i + 1)
    return tokens, found


def _candidates(tokens: Sequence[Token]) -> list[int]:
    """The tokens a quantity may start at: a number, or a word that opens a number word ("two",
    "пять"); ``read_quantity`` finds nothing anywhere else, and most tokens are other words."""
    words = qvocab.number_words()
    if words.empty is not None:
        return [i for i, tok in enumerate(tokens) if tok.is_num or tok.is_word]
    firsts = words.firsts  # one comprehension: a chain of C-level maps with operator.and_/or_ measured slower
    return [i for i, tok in enumerate(tokens) if tok.is_num or (tok.is_word and tok.low in firsts)]


def to_finding(text: str, tokens: Sequence[Token], q: Quantity) -> Finding:
    start, end = tokens[q.first].start, tokens[q.last - 1].end
    finding: Finding = {
        "text": text[start:end],
        "value": plain(q.value),
        "unit": q.unit.id,
        "kind": q.unit.report_kind,
        "start": start,
        "end": end,
    }
    if q.qualifier:
        finding["qualifier"] = q.qualifier
    if q.unit.report_kind == "other":
        finding["dimension"] = q.unit.kind
    return finding


def find_quantities(text: str, dates: list[tuple[int, int]] | None = None) -> list[Finding]:
    tokens, found = scan_quantities(text, dates)
    return [to_finding(text, tokens, q) for q in found]


def _bounded(ctx: ExtractContext, dates: list[tuple[int, int]] | None) -> list[Finding]:
    tokens, found = scan_quantities(ctx.text, dates, ctx.max_findings)
    if ctx.max_findings and len(found) == ctx.max_findings and found[-1].last < len(tokens):
        ctx.stopped("quantities", len(found), tokens[found[-1].last].start)
    return [to_finding(ctx.text, tokens, q) for q in found]


def parse_quantity(text: str) -> Finding | None:
    """The quantity a whole string states ("5 253 t", "for 3,7 mln. rubles" -> its quantity), or None."""
    tokens, found = scan_quantities(text)
    return to_finding(text, tokens, found[0]) if len(found) == 1 else None


@extractor("quantities", requires=("dates",))
def extract_quantities(ctx: ExtractContext) -> list[Finding]:
    # Numbers inside date phrases are no quantities; the dates extractor has found those already.
    dates = ctx.results.get("dates")
    return _bounded(ctx, None if dates is None else [(int(d["start"]), int(d["end"])) for d in dates])


# Loading quantities brings the "rates" extractor that reads them (it registers on import).
from opis.extract.quantities import rates as _rates  # noqa: E402,F401
