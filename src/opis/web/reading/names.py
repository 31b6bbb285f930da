"""Finding authority records from what a reader typed, in any script, and suggesting spellings.

Two sources of evidence, both over the names of the authority records the reader may see:

* cross-script keys, ranked by the store's one rule (``opis.store.lookup.NameTable``, which the
  CLI and the API use too): a whole query is compared with whole names by every transliteration
  scheme's spelling and by the loose phonetic key ("Ким Ир Сен", "김일성" and "Kim Il Sung" share
  ``~kamalsan``); each query word is compared with each name's words by exact scheme spellings
  only ("Штыков" finds "Terentii Shtykov"), since loose keys of single words match too freely;
* spelling distance (``difflib``'s ratio over folded forms) for pages without results: the
  nearest name words and whole names to what was typed ("Shtykow" -> "shtykov").

The table is built on first use and rebuilt when any authority record changes (count and last
update of authority rows: one indexed query per request).
"""

from __future__ import annotations

import difflib
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from opis.model import AUTHORITY_KINDS
from opis.names.normalize import fold
from opis.store.access import READ_PERMISSIONS, Viewer
from opis.store.archive import Archive
from opis.store.lookup import NameTable, name_forms, names_stamp

KINDS = AUTHORITY_KINDS
_OPERATORS = re.compile(r'\b(?:AND|OR|NOT)\b|[A-Za-z]+:|[*~"()\-+]\d*')
MIN_WORD = 3


@dataclass(frozen=True)
class NameHit:
    id: str
    kind: str
    preferred: str
    matched: str  # the name form that matched
    lang: str | None
    how: str  # "name" (the whole name), "word" (a word of it), "spelling" (nearest spelling)


@dataclass
class _Table:
    forms: list[tuple[str, str, str, str, str | None]] = field(default_factory=list)  # id, kind, preferred, value, lang
    folded_words: dict[str, str] = field(default_factory=dict)  # folded word -> the word as written
    word_forms: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # folded word -> forms
    folded_names: dict[str, int] = field(default_factory=dict)
    names: NameTable = field(default_factory=lambda: NameTable([]))  # the store's cross-script ranking

    def add(self, row: tuple[str, str, str, str, str | None]) -> None:
        n = len(self.forms)
        self.forms.append(row)
        value = row[3]
        self.folded_names.setdefault(fold(value), n)
        for word in value.split():
            if len(word) >= MIN_WORD:
                self.folded_words.setdefault(fold(word), word.strip(".,()"))
                self.word_forms[fold(word)].add(n)


def plain_words(query: str) -> list[str]:
    """The words of a search query without its operators, fields, quotes, prefix and fuzzy marks."""
    return [w for w in _OPERATORS.sub(" ", query).split() if w]


class NameFinder:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._lock = threading.Lock()
        self._tables: dict[tuple[frozenset[str], date], tuple[tuple[int, str | None], _Table]] = {}

    def _table(self, viewer: Viewer) -> _Table:
        # Keyed by what the access rule looks at, not by person: one table per kind of reader and day
        # (an embargo lifts on a day without any record changing).
        key = (frozenset(p for p in READ_PERMISSIONS if viewer.may(p)), self.archive.today())
        signature = names_stamp(self.archive.engine, KINDS)
        with self._lock:
            cached = self._tables.get(key)
            if cached and cached[0] == signature:
                return cached[1]
        table = _Table()
        forms = name_forms(self.archive.engine, viewer, key[1], KINDS)
        for form in forms:
            table.add((form.record_id, form.kind, form.preferred, form.value, form.lang))
        table.names = NameTable(forms)
        with self._lock:
            self._tables = {k: v for k, v in self._tables.items() if k[1] == key[1]}
            self._tables[key] = (signature, table)
        return table

    def find(self, query: str, viewer: Viewer, limit: int = 8) -> list[NameHit]:
        """Authority records named by the query as a whole, then by its words (most words first):
        the store's one ranking (``NameTable``), with part matches dropped once a record is named whole."""
        words = plain_words(query)
        if not words:
            return []
        found = self._table(viewer).names.find(" ".join(words))
        if any(m.how == "name" for m in found):
            found = [m for m in found if m.how == "name"]
        elif found:
            # Records named by only some of the words are noise once one record is named by more.
            found = [m for m in found if m.words == found[0].words]
        return [NameHit(m.record_id, m.kind, m.preferred, m.matched, m.lang, m.how) for m in found[:limit]]

    def spellings(self, query: str, viewer: Viewer, limit: int = 5) -> list[str]:
        """The query with each unknown word replaced by the nearest name word, best first."""
        table = self._table(viewer)
        words = plain_words(query)
        out: list[str] = []
        for i, word in enumerate(words):
            folded = fold(word)
            if len(folded) < MIN_WORD or folded in table.folded_words:
                continue
            for near in difflib.get_close_matches(folded, list(table.folded_words), n=3, cutoff=0.75):
                suggestion = " ".join([*words[:i], table.folded_words[near], *words[i + 1:]])
                if suggestion not in out:
                    out.append(suggestion)
        return out[:limit]

    def nearest_names(self, query: str, viewer: Viewer, limit: int = 5) -> list[NameHit]:
        """Authority records whose names, or words of them, are spelled most like the query's."""
        table = self._table(viewer)
        words = [fold(w) for w in plain_words(query)]
        near = difflib.get_close_matches(" ".join(words), list(table.folded_names), n=limit, cutoff=0.6)
        forms = [table.folded_names[n] for n in near]
        for word in words:
            if len(word) >= MIN_WORD:
                for close in difflib.get_close_matches(word, list(table.word_forms), n=3, cutoff=0.75):
                    forms += sorted(table.word_forms[close])
        hits: dict[str, NameHit] = {}
        for n in forms:
            rid, kind, preferred, value, lang = table.forms[n]
            hits.setdefault(rid, NameHit(rid, kind, preferred, value, lang, "spelling"))
        return list(hits.values())[:limit]
