"""Names in running text linked to authority records, in any script or romanization.

An ``AuthorityIndex`` is built in memory from authority records: every preferred and variant
name, keyed by its script-neutral match keys (opis.names.keys). The extractor slides windows of
one to five words over the text and keeps the longest window whose keys name exactly one
authority. A person's surname alone links only when a single person in the index has it.
Russian case endings are tried off Cyrillic words (Штыкова → Штыков), and Korean particles off
Hangul words (김일성은 → 김일성), since names in running text are inflected.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from operator import itemgetter, not_

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.names.ner_ru import russian_entities
from opis.extract.offices.holders import OfficeTable
from opis.model import Authority
from opis.names.heads import beginnings, heads
from opis.names.keys import is_loose, sought_keys, stored_keys
from opis.names.normalize import squash

_WORD = re.compile(r"[^\W\d_](?:[\w'’ʼ‘-]*\w)?")
_JOINERS = "'’‘-"  # inside a word, never at its end (ʼ is a letter, so a word may end in it)
_WORD_RUN = re.compile(r"([^\W\d_][\w'’ʼ‘-]*)")  # _WORD and any joiners after it (_words_and_gaps)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Case endings Russian names take in running text, longest first. Not -ов, -ев, -ий: those end
# surnames in the nominative (Иванов is not a form of Иван).
_RU_ENDINGS = ("ыми", "ими", "ого", "ему", "ому", "ой", "ым", "ом", "ем", "ую", "а", "у", "е", "ы", "и", "ю", "я")
_KO_PARTICLES = ("에게서", "에서", "에게", "으로", "과", "와", "은", "는", "이", "가", "을", "를", "의", "도", "로",
                 "께")
MAX_WINDOW = 5
_MEMO_SIZE = 200_000
_BREAK = re.compile(r"[\n.;:,()]")


@dataclass(frozen=True)
class Entry:
    authority: str
    kind: str
    preferred: str


class AuthorityIndex:
    """In-memory name index over authority records (implements extract.base.NameLookup)."""

    def __init__(self, authorities: Iterable[Authority]) -> None:
        self._by_key: dict[str, set[Entry]] = defaultdict(set)
        self._surnames: dict[str, set[Entry]] = defaultdict(set)
        self._resolved: dict[tuple[str, bool], Entry | None] = {}
        self._opens: dict[str, bool] = {}
        self._beginnings: frozenset[str] | None = None
        self._authorities: list[Authority] = []
        self._offices: OfficeTable | None = None
        for a in authorities:
            if a.offices:
                self._authorities.append(a)
            entry = Entry(a.id, a.kind, a.preferred)
            for name in a.all_names():
                for key in _stored(name):
                    self._by_key[key].add(entry)
                words = _WORD.findall(name)
                if a.kind == "person" and len(words) > 1:
                    for surname in (words[0], words[-1]):  # surname-first (Штыков Т.Ф., Kim) or last
                        for key in _stored(surname):
                            self._surnames[key].add(entry)

    def office_table(self) -> OfficeTable:
        """Who held which office when: these authorities' offices and the US chiefs of mission, built once."""
        if self._offices is None:
            self._offices = OfficeTable(self._authorities, self)
        return self._offices

    def lookup(self, text: str) -> list[tuple[str, str, str]]:
        found = self._find(text, whole=True)
        return [(e.authority, e.kind, e.preferred) for e in sorted(found, key=lambda e: e.authority)]

    def _find(self, text: str, whole: bool, loose: bool = True) -> set[Entry]:
        """Authorities named by ``text``: by an exact key if any matches, only then by a loose one
        (the loose key joins near-spellings, and so also different names: 청진 and 城津)."""
        table = self._by_key if whole else self._surnames
        keys = [k for form in _forms(text) for k in _sought(form)]
        exact = {e for k in keys if not is_loose(k) for e in table.get(k, ())}
        if exact or not loose:
            return exact
        return {e for k in keys if is_loose(k) for e in table.get(k, ())}

    def resolve(self, text: str, single_word: bool) -> Entry | None:
        """The one authority ``text`` names, or None when none or several match. One word alone
        must match exactly: loosely, "May" would be Mao and "See" a Korean given name."""
        # Remembered per index: a collection says "The Soviet Union" and "Secretary" thousands of
        # times, and each answer costs a few key normalizations. Bounded so a worker stays small.
        memo = (text, single_word)
        if memo in self._resolved:
            return self._resolved[memo]
        if len(self._resolved) >= _MEMO_SIZE:
            self._resolved.clear()
        entry = self._resolved[memo] = self._resolve(text, single_word)
        return entry

    def opens_window(self, word: str) -> bool:
        """False when no window of two or more words starting with ``word`` can match (names.heads):
        such windows need not be looked up. Remembered per index, like ``resolve``."""
        if word in self._opens:
            return self._opens[word]
        if self._beginnings is None:
            self._beginnings = beginnings(set(self._by_key))
        if len(self._opens) >= _MEMO_SIZE:
            self._opens.clear()
        found = heads(word)
        opens = self._opens[word] = found is None or not found.isdisjoint(self._beginnings)
        return opens

    def _resolve(self, text: str, single_word: bool) -> Entry | None:
        hits = self._find(text, whole=True, loose=not single_word)
        if not hits and single_word:
            hits = self._find(text, whole=False, loose=False)
        return next(iter(hits)) if len(hits) == 1 else None


# An authority's names are stored, and a text's names sought, in the roles of opis.names.keys:
# Hangul and Han names meet their own script by written form only (청진 is not 장진, 淸津 not 城津),
# Cyrillic names meet each other by spellings only, and the cross-script loose keys bridge scripts.
@lru_cache(maxsize=65536)
def _stored(text: str) -> frozenset[str]:
    squashed = squash(text)
    return frozenset({squashed, *stored_keys(text)}) if squashed else frozenset()


@lru_cache(maxsize=65536)
def _sought(text: str) -> frozenset[str]:
    squashed = squash(text)
    return frozenset({squashed, *sought_keys(text)}) if squashed else frozenset()


def _forms(text: str) -> list[str]:
    """The text, and the text with one inflection taken off its last word."""
    forms = [text]
    if _CYRILLIC.search(text[-1:]):
        forms += [text[: -len(e)] for e in _RU_ENDINGS if text.lower().endswith(e) and len(text) - len(e) >= 3]
    elif _HANGUL.search(text[-1:]):
        forms += [text[: -len(p)] for p in _KO_PARTICLES if text.endswith(p) and len(text) - len(p) >= 2]
    return forms


def find_names(text: str, index: AuthorityIndex) -> list[Finding]:
    """Every window of one to five words (``MAX_WINDOW``) starting at a capitalized word, longest
    first, that ``index.resolve``s to one authority; a match is kept and the scan goes on after it."""
    # The words and the gaps between them come from one split (no match object per word), and only
    # the windows a name could fill are looked up: the same windows, in the same order, as trying
    # every size at every word.
    parts = _words_and_gaps(text)
    words = parts[1::2]
    n = len(words)
    starts = list(accumulate(map(len, parts), initial=0))[1::2]
    blocked = _blocked_gaps(text, starts, n)
    # A name starts and ends with a capitalized word (Hangul and Han have no case) and is not a
    # lone initial: "as a", "D." or "Г." may share keys with a name, but are not one.
    opens = compress(range(n), map(not_, map(str.islower, map(itemgetter(0), words))))
    found: list[Finding] = []
    after = 0  # the first word after the last match
    for i in opens:
        if i < after:
            continue
        top = min(i + MAX_WINDOW, n) - 1
        for gap in range(i, top):
            if gap in blocked:
                top = gap  # a name does not run across punctuation or lines
                break
        if top > i and not index.opens_window(words[i]):
            top = i  # no longer window starting here can match: only the word alone is looked up
        start = starts[i]
        for last in range(top, i - 1, -1):
            if words[last][0].islower() or len(words[last]) < 2:
                continue  # a lone initial neither is a name nor ends one ("As Y." in "As Y.V. Vanin")
            end = starts[last] + len(words[last])
            span = text[start:end]
            entry = index.resolve(span, single_word=last == i)
            if entry is not None:
                found.append({"text": span, "type": entry.kind, "authority": entry.authority,
                              "preferred": entry.preferred, "start": start, "end": end})
                after = last + 1
                break
    return found


def _words_and_gaps(text: str) -> list[str]:
    """``_WORD.split`` with the words captured: gap, word, gap, ..., word, gap. Split by the
    pattern without its backtracking (twice as fast), then each word's trailing apostrophes and
    hyphens given back to the gap after it, which is where ``_WORD`` leaves them."""
    parts = _WORD_RUN.split(text)
    for at in range(1, len(parts), 2):
        word = parts[at]
        if word[-1] in _JOINERS:
            kept = word.rstrip(_JOINERS)
            parts[at], parts[at + 1] = kept, word[len(kept):] + parts[at + 1]
    return parts


def _blocked_gaps(text: str, starts: list[int], n: int) -> set[int]:
    """The gaps (gap k lies between word k and word k + 1) holding a break (_BREAK): a word never
    holds one, so each break found in the text falls in the gap after the last word starting before it."""
    blocked: set[int] = set()
    for brk in _BREAK.finditer(text):
        gap = bisect_right(starts, brk.start()) - 1
        if 0 <= gap < n - 1:
            blocked.add(gap)
    return blocked


def unlinked_names(text: str, found: list[Finding], index: AuthorityIndex | None) -> list[Finding]:
    """Russian names the NER tagger sees that no authority match covers: linked if one authority
    has the name in any script, else reported with authority null."""
    taken = [(f["start"], f["end"]) for f in found]
    out: list[Finding] = []
    for start, end, kind in russian_entities(text):
        if any(s < end and start < e for s, e in taken):
            continue
        span = text[start:end]
        entry = index.resolve(span, single_word=" " not in span) if index else None
        out.append({"text": span, "type": entry.kind if entry else kind,
                    "authority": entry.authority if entry else None,
                    "preferred": entry.preferred if entry else None, "start": start, "end": end})
    return out


@extractor("names")
def extract_names(ctx: ExtractContext) -> list[Finding]:
    index = ctx.names if isinstance(ctx.names, AuthorityIndex) else None
    found = find_names(ctx.text, index) if index else []
    return sorted(found + unlinked_names(ctx.text, found, index), key=lambda f: f["start"])
