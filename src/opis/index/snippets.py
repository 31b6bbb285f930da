"""Highlighted snippets: the best passage of the best rendition, HTML-escaped, hits in <mark>.

A rendition's text is tokenized with the index's own analyzer, so a token is a hit exactly when
the index would match it: same stem, a query prefix, within a fuzzy distance, or (unless exact)
sharing a cross-script key with a query word. The best rendition is the one with the most
distinct hit terms; the passage is the window of ``max_chars`` holding the most hits.

Some words are hits only together (``Terms.phrases``): a query word of Han characters, whose single
characters are index terms (城津 must not mark the 津 of 淸津), and the names of the authorities a
hit was found through (``through_names``): /search?q=城津 finds a report that writes "Songjin" by the
Kimchaek record, which holds 城津, and marks "Songjin" there; Chongjin (淸津, another record) is not
marked.
"""

from __future__ import annotations

import html
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from opis.index import analysis, crosskeys
from opis.index.compile import Terms
from opis.names.scripts import Script, script_of

MAX_CHARS = 240
LEAD = 60  # context shown before the first hit
SCAN_CHARS = 100_000  # substring guesses look this far into a rendition
ANALYZE_CHARS = 4_000  # full analysis (when guessing fails) looks this far: it costs ~0.2 ms per 1,000 chars
MEMO_MAX = 20_000  # remembered word decisions per matcher (then it starts over)
MAX_NAME_GROUPS = 32  # linked authorities looked at per hit
MAX_NAME_WORDS = 8  # a longer name is no phrase to mark
WIDENED_MAX = 64  # matchers remembered per query for the name sets its hits were found through
_KIND_ORDER = {"original": 0, "translation": 1, "ocr": 2}


@dataclass(frozen=True)
class Snippet:
    html: str
    rendition: str | None


def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most ``limit`` (small limits, early exit)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


class Matcher:
    """Decides per distinct (stemmed, folded) term whether it is a hit, remembering the answers
    (running text repeats its words; search.py keeps the matchers of recent queries, so the
    answers serve later pages and requests too, up to MEMO_MAX words)."""

    def __init__(self, terms: Terms, exact: bool, phrases: frozenset[tuple[str, ...]] = frozenset()) -> None:
        self.terms = terms
        self.exact = exact
        self.phrases = frozenset(terms.phrases) | phrases
        self.by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for p in sorted(self.phrases, key=len, reverse=True):  # the longest phrase at a word wins
            self.by_first[p[0]].append(p)
        self.widened: dict[tuple[tuple[str, ...], ...], Matcher] = {}
        self.simple = not (terms.prefixes or terms.fuzzy or (terms.keys and not exact) or self.phrases)
        self.memo: dict[tuple[str, str], bool] = {}
        self.judged: set[str] = set()  # words (as written) judged by ``count``...
        self.hit_words: set[str] = set()  # ...and those that are hits
        self.lock = threading.Lock()
        self.needles: frozenset[str] | None = None

    def is_hit(self, stem: str, folded: str) -> bool:
        if self.simple:
            return stem in self.terms.terms
        key = (stem, folded)
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= MEMO_MAX:
                self.memo.clear()
            found = self.memo[key] = self._decide(stem, folded)
        return found

    def _decide(self, stem: str, folded: str) -> bool:
        t = self.terms
        if stem in t.terms or any(stem.startswith(p) or folded.startswith(p) for p in t.prefixes):
            return True
        if any(_within(stem, f, d) or _within(folded, f, d) for f, d in t.fuzzy.items()):
            return True
        return bool(not self.exact and t.keys and not t.keys.isdisjoint(crosskeys.highlight_keys(folded)))

    def count(self, text: str) -> tuple[int, int]:
        """(distinct hit terms, hits) in ``text``, without offsets: cheap, for choosing a rendition.

        One quick tokenizing pass (``analysis.plain_words``); each distinct word is folded and
        stemmed (cached) and judged once.
        """
        words = Counter(analysis.plain_words(text[:ANALYZE_CHARS]))
        if self.simple:
            hit = [w for w in words if (analysis.stem_word(w) or analysis.fold_word(w)) in self.terms.terms]
            return len(hit), sum(words[w] for w in hit)
        # Each distinct word is judged once per matcher; then counting is set arithmetic.
        with self.lock:
            if len(self.judged) >= MEMO_MAX:
                self.judged, self.hit_words = set(), set()
            judged, hit_words = self.judged, self.hit_words
        for w in words.keys() - judged:
            folded = analysis.fold_word(w)
            if folded and self.is_hit(analysis.stem_word(w) or folded, folded):
                hit_words.add(w)
            judged.add(w)
        found = words.keys() & hit_words
        distinct, total = len(found), sum(words[w] for w in found)
        if self.phrases:
            folds = [analysis.fold_word(w) for w in analysis.plain_words(text[:ANALYZE_CHARS])]
            seen = Counter(p for i in range(len(folds)) if (p := self._phrase_at(folds, i)))
            distinct, total = distinct + len(seen), total + sum(seen.values())
        return distinct, total

    def _phrase_at(self, folds: Sequence[str], i: int) -> tuple[str, ...] | None:
        """The longest phrase starting at word ``i``, if any."""
        for p in self.by_first.get(folds[i], ()):
            if tuple(folds[i:i + len(p)]) == p:
                return p
        return None

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) of every hit in ``text``, offsets into ``text``."""
        stripped = analysis.strip_marks(text[:SCAN_CHARS])
        tokens = analysis.analyzers()[analysis.TEXT].pre_tokenize(stripped.text).tokens
        folds = analysis.analyzers()[analysis.FOLD].analyze(stripped.text)
        found = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            phrase = self._phrase_at(folds, i) if self.phrases else None
            if phrase:  # the words of a phrase are one hit
                last = tokens[i + len(phrase) - 1]
                found.append((stripped.original_start(t.char_offset_from), stripped.original_end(last.char_offset_to),
                              " ".join(phrase)))
                i += len(phrase)
                continue
            if self.is_hit(t.text, folds[i]):
                start, end = stripped.original_start(t.char_offset_from), stripped.original_end(t.char_offset_to)
                found.append((start, end, t.text))
            i += 1
        return found


def _best_window(found: list[tuple[int, int, str]], max_chars: int) -> tuple[int, int]:
    """Index range [i, j) of the hits in the window starting at hit i with most distinct terms."""
    best, best_score = (0, 0), (-1, -1)
    for i, (start, _, _) in enumerate(found):
        j = i
        while j < len(found) and found[j][1] - start <= max_chars - LEAD:
            j += 1
        score = (len({t for _, _, t in found[i:j]}), j - i)
        if score > best_score:
            best, best_score = (i, j), score
    return best


def render(text: str, found: list[tuple[int, int, str]], max_chars: int = MAX_CHARS) -> str:
    """The passage around the best hits, escaped, hits marked."""
    if not found:
        return _escape_cut(text, 0, max_chars)
    i, j = _best_window(found, max_chars)
    start = max(0, found[i][0] - LEAD)
    space = text.find(" ", start, found[i][0]) if start > 0 else -1
    if space >= 0:  # begin at a word boundary
        start = space + 1
    end = min(len(text), start + max_chars)
    parts, cursor = [], start
    for s, e, _ in found[i:]:
        if e > end:
            break
        parts.append(html.escape(text[cursor:s]) + "<mark>" + html.escape(text[s:e]) + "</mark>")
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(parts) + ("…" if end < len(text) else "")


def _escape_cut(text: str, start: int, max_chars: int) -> str:
    cut = text[start:start + max_chars]
    return html.escape(cut) + ("…" if start + max_chars < len(text) else "")


def _quick(text: str, needles: frozenset[str]) -> tuple[int, int, int]:
    """(distinct needles, occurrences, first position) by plain substring search of the lower-cased
    text: a cheap guess at where the hits are, confirmed by the analyzer on that region only."""
    low = text[:SCAN_CHARS].lower()
    found = [(low.count(n), low.find(n)) for n in needles]
    present = [(c, at) for c, at in found if c]
    if not present:
        return 0, 0, -1
    return len(present), sum(c for c, _ in present), min(at for _, at in present)


def _region_hits(text: str, first: int, matcher: Matcher, max_chars: int) -> list[tuple[int, int, str]]:
    start = max(0, first - LEAD)
    space = text.find(" ", start, first) if start > 0 else -1
    start = space + 1 if space >= 0 else start
    region = text[start:first + max_chars]
    return [(a + start, b + start, t) for a, b, t in matcher.hits(region)]


def _needles(matcher: Matcher) -> frozenset[str]:
    """Lower-case strings to look for: terms, prefixes and spelled keys. An English stem ending in
    ``i`` (``secretari``, ``militari``) is not a substring of the word it comes from (secretary,
    military), so its shorter form is looked for too; the analyzer confirms every guess."""
    found = matcher.needles
    if found is None:
        t = matcher.terms
        # Loose keys and Hangul-derived keys (~, ^) are spelled nowhere; a written form (=) is.
        spelled = set() if matcher.exact else {k.removeprefix("=") for k in t.keys
                                               if k[:1] not in "~^" and len(k) > 2}
        chopped = {w[:-1] for w in t.terms if w.endswith("i") and len(w) > 4}
        phrases = {_spelled(p) for p in matcher.phrases}
        found = matcher.needles = frozenset(t.terms | chopped | t.prefixes | spelled | phrases)
    return found


def _spelled(phrase: tuple[str, ...]) -> str:
    """A phrase as running text spells it: Han characters run together, other words are spaced."""
    return ("" if all(script_of(w[0]) is Script.HAN for w in phrase) else " ").join(phrase)


@lru_cache(maxsize=1 << 14)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(analysis.fold_terms(name))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return 0 < n <= len(words) and any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _found_by(terms: Terms, name: str) -> bool:
    """True when the query finds ``name`` as the index does in a document's variant names: a query word
    within it, or (the query keyed across scripts) the whole name by its keys."""
    words = _name_words(name)
    return any(_contains(words, w) for w in terms.words) or (
        bool(terms.keys) and not terms.keys.isdisjoint(crosskeys.whole_name_keys(name)))


def through_names(matcher: Matcher, groups: Sequence[Sequence[str]]) -> Matcher:
    """The matcher for a hit whose linked authorities' names are ``groups`` (one list per authority):
    every name of an authority the query finds by one of its names is marked too, so a hit found
    through an authority shows where the text names it. Off with exact spelling, as variant names are."""
    if matcher.exact or not groups:
        return matcher
    found = tuple(sorted({words for names in groups[:MAX_NAME_GROUPS] if any(_found_by(matcher.terms, n) for n in names)
                          for n in names if 0 < len(words := _name_words(n)) <= MAX_NAME_WORDS}))
    if not found:
        return matcher
    with matcher.lock:
        widened = matcher.widened.get(found)
        if widened is None:
            if len(matcher.widened) >= WIDENED_MAX:
                matcher.widened.clear()
            widened = matcher.widened[found] = Matcher(matcher.terms, False, frozenset(found))
    return widened


def best(renditions: Sequence[dict[str, Any]], summary: str, matcher: Matcher,
         max_chars: int = MAX_CHARS) -> Snippet | None:
    """The snippet for one document from its stored display JSON parts."""
    needles = _needles(matcher)
    guesses = sorted(((-d, -c, _KIND_ORDER.get(r["kind"], 9), n), first, r)
                     for n, r in enumerate(renditions) for d, c, first in [_quick(r["text"], needles)])
    for rank, first, r in guesses[:2]:
        if rank[0] < 0:
            found = _region_hits(r["text"], first, matcher, max_chars)
            if found:
                return Snippet(render(r["text"], found, max_chars), r["id"])
    return _exact_best(renditions, summary, matcher, max_chars)


def _exact_best(renditions: Sequence[dict[str, Any]], summary: str, matcher: Matcher,
                max_chars: int) -> Snippet | None:
    """Every rendition analyzed (cross-script, fuzzy or folded hits the substring guess misses)."""
    if renditions:
        ranked = [((-distinct, -total, _KIND_ORDER.get(r["kind"], 9), n), r)
                  for n, r in enumerate(renditions) for distinct, total in [matcher.count(r["text"])]]
        rank, chosen = min(ranked, key=lambda x: x[0])
        if rank[0] < 0 or not summary:
            found = matcher.hits(chosen["text"][:ANALYZE_CHARS])
            return Snippet(render(chosen["text"], found, max_chars), chosen["id"])
    if summary:
        return Snippet(render(summary, matcher.hits(summary), max_chars), None)
    return None
