"""A parsed query -> a tantivy query, with cross-script and authority-variant expansion.

A plain word matches when any of these has it: title, summary, text, names as written (each with
its BM25 boost); unless ``exact``, also the linked authorities' variant names and the
cross-script keys (the word's own keys and those of the runs of neighbouring words it may belong
to, see crosskeys.py). A Russian word is looked up both stemmed and as written, because the
Snowball stemmer cuts surnames unevenly (Штыков -> штык, Штыкова -> штыков).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import tantivy

from opis.index import analysis, crosskeys, pairs
from opis.index import fields as F
from opis.index.clauses import any_of
from opis.index.query import And, MatchAll, Node, Not, Or, Phrase, Word
from opis.names.scripts import Script, script_of

_MUST, _SHOULD, _NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
MIN_UNCERTAIN = 4  # shorter words within one edit of an uncertain reading match too much
Q = tantivy.Query


@dataclass
class Terms:
    """What a query highlights: stemmed terms, prefixes, fuzzy terms and cross-script keys."""

    terms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    fuzzy: dict[str, int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    uncertain: dict[str, int] = field(default_factory=dict)  # words sought among uncertain OCR readings
    # Folded word sequences highlighted only together: a word of Han characters (城津 is the terms 城 and 津,
    # and 津 alone would mark 淸津), and the names of the authorities a hit was found through.
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    words: list[tuple[str, ...]] = field(default_factory=list)  # each plain word's folded terms, in order


@dataclass
class Compiled:
    query: tantivy.Query
    terms: Terms
    match_all: bool


def _boosted(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else Q.boost_query(query, boost)


def _any(queries: Sequence[tantivy.Query]) -> tantivy.Query | None:
    return any_of(queries) if queries else None


class _Compiler:
    def __init__(self, exact: bool, plain_words: list[str]) -> None:
        self.schema = F.schema()
        self.exact = exact
        self.words = plain_words
        self.word_no: Iterator[int] = iter(range(len(plain_words)))
        self.terms = Terms()

    def node(self, node: Node) -> tantivy.Query | None:
        if isinstance(node, Word):
            return self.word(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, MatchAll):
            return Q.all_query()
        if isinstance(node, Not):
            inner = self.node(node.child)
            return None if inner is None else Q.boolean_query([(_MUST, Q.all_query()), (_NOT, inner)])
        if isinstance(node, And):
            return self.conjunction(node.children)
        parts = [q for q in (self.node(c) for c in node.children) if q is not None]
        return _any(parts)

    def conjunction(self, children: Sequence[Node]) -> tantivy.Query | None:
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for child in children:
            inner = self.node(child.child if isinstance(child, Not) else child)
            if inner is not None:
                clauses.append((_NOT if isinstance(child, Not) else _MUST, inner))
        if not clauses:
            return None
        if all(occur == _NOT for occur, _ in clauses):
            clauses.append((_MUST, Q.all_query()))
        return Q.boolean_query(clauses)

    def _fields(self, scoped: str | None) -> tuple[dict[str, float], str | None]:
        """Text fields with boosts, and the keys field, for a default or ``field:`` word."""
        if scoped is not None:
            text_field, keys_field = F.USER_FIELDS[scoped]
            return {text_field: 1.0}, (None if self.exact else keys_field)
        boosts = dict(F.WORD_FIELDS)
        if not self.exact:
            boosts[F.VARIANTS] = F.VARIANT_BOOST
        return boosts, (None if self.exact else F.KEYS_FIELD)

    def word(self, w: Word, counted: bool = True) -> tantivy.Query | None:
        number = next(self.word_no) if counted and _is_plain(w) else None
        boosts, keys_field = self._fields(w.field)
        folded = analysis.fold_terms(w.text)
        if w.prefix or w.fuzzy:
            return self.inexact(w, folded, boosts)
        stemmed = analysis.text_terms(w.text)
        if not stemmed:
            return None
        parts: list[tantivy.Query] = []
        for name, boost in boosts.items():
            parts.extend(_boosted(q, boost) for q in self.forms(name, stemmed, folded))
        self.terms.words.append(tuple(folded))
        if len(folded) > 1 and all(script_of(t[0]) is Script.HAN for t in folded):
            self.terms.phrases.add(tuple(folded))  # the characters together, never one alone
        else:
            self.terms.terms.update(stemmed + folded)
        if not self.exact and w.field is None and len(folded) == 1 and len(folded[0]) >= MIN_UNCERTAIN:
            # A word OCR read with low confidence may be misspelt: it matches within an edit distance.
            distance = 2 if len(folded[0]) >= 8 else 1
            parts.append(_boosted(Q.fuzzy_term_query(self.schema, F.UNCERTAIN, folded[0], distance, True, False),
                                  F.UNCERTAIN_BOOST))
            self.terms.uncertain[folded[0]] = distance
        if keys_field:
            keys = (crosskeys.query_word_keys(self.words, number) if number is not None and keys_field == F.KEYS_FIELD
                    else crosskeys.sought_word_keys(analysis.clean(w.text)))
            self.terms.keys.update(keys)
            parts.extend(_boosted(Q.term_query(self.schema, keys_field, k), F.KEYS_BOOST) for k in sorted(keys))
        return _any(parts)

    def forms(self, name: str, stemmed: list[str], folded: list[str]) -> list[tantivy.Query]:
        """The word in one field: one term (stemmed and as written), or a phrase of its parts."""
        if len(stemmed) > 1:
            return [self.field_phrase(name, stemmed)]
        found = [Q.term_query(self.schema, name, stemmed[0])]
        if len(folded) == 1 and folded[0] != stemmed[0]:
            found.append(Q.term_query(self.schema, name, folded[0]))
        if len(folded) == 1 and script_of(folded[0][0]) is Script.HANGUL:
            # Korean particles are written on the word (청진에서): match the word's beginning.
            found.append(Q.fuzzy_term_query(self.schema, name, folded[0], 0, True, True))
        return found

    def inexact(self, w: Word, folded: list[str], boosts: dict[str, float]) -> tantivy.Query | None:
        if len(folded) != 1:
            return None if not folded else self.phrase(Phrase(" ".join(folded), w.field))
        if w.prefix:
            self.terms.prefixes.add(folded[0])
            forms = [folded[0]]
        else:
            # An OCR error may fall before or after the stemmer's cut: try both spellings.
            forms = list(dict.fromkeys(folded + analysis.text_terms(w.text)))
            self.terms.fuzzy.update(dict.fromkeys(forms, w.fuzzy))
        distance = 0 if w.prefix else w.fuzzy
        parts = [_boosted(Q.fuzzy_term_query(self.schema, name, term, distance, True, w.prefix), boost)
                 for name, boost in boosts.items() for term in forms]
        return _any(parts)

    def phrase(self, p: Phrase) -> tantivy.Query | None:
        stemmed = analysis.text_terms(p.text)
        if len(stemmed) <= 1:
            return self.word(Word(p.text, p.field), counted=False) if stemmed else None
        boosts, keys_field = self._fields(p.field)
        parts = [_boosted(self.field_phrase(name, stemmed), boost) for name, boost in boosts.items()]
        self.terms.terms.update(stemmed)
        if keys_field:
            parts.extend(self.key_phrase(p.text, keys_field))
        return _any(parts)

    def field_phrase(self, name: str, stemmed: list[str]) -> tantivy.Query:
        """A phrase in one field, over the field's word pairs when the index holds them all."""
        paired = pairs.phrase_pairs(stemmed) if name in pairs.FIELDS else None
        if paired is None:
            return Q.phrase_query(self.schema, name, _words(stemmed))
        if len(paired) == 1:
            return Q.term_query(self.schema, pairs.FIELDS[name], paired[0])
        return Q.phrase_query(self.schema, pairs.FIELDS[name], _words(paired))

    def key_phrase(self, text: str, keys_field: str) -> list[tantivy.Query]:
        """The phrase on keys: word by word at consecutive positions, or as one joined name."""
        words = [w for w, _ in analysis.raw_words(text)]
        per_word = [sorted(crosskeys.sought_word_keys(w)) for w in words]
        joined = crosskeys.sought_word_keys("".join(words)) if len(words) <= crosskeys.MAX_JOIN else frozenset()
        self.terms.keys.update(k for keys in per_word for k in keys)
        self.terms.keys.update(joined)
        found = [_boosted(Q.term_query(self.schema, keys_field, k), F.KEYS_BOOST) for k in sorted(joined)]
        # Word by word on keys costs as much again as the phrase itself; it is done for phrases that
        # look like names (a capital or a non-Latin letter), whose spelling differs across scripts.
        if keys_field == F.KEYS_FIELD and all(per_word) and _name_like(words):
            pattern = ["|".join(re.escape(k) for k in keys) for keys in per_word]
            found.append(_boosted(Q.regex_phrase_query(self.schema, keys_field, _words(pattern)), F.KEYS_BOOST))
        return found


def _name_like(words: Sequence[str]) -> bool:
    return any(w[:1].isupper() or script_of(w[0]) is not Script.LATIN for w in words if w)


def _words(terms: Sequence[str]) -> list[str | tuple[int, str]]:
    return list(terms)


def _is_plain(w: Word) -> bool:
    return w.field is None and not w.prefix and not w.fuzzy


def _plain_words(node: Node) -> list[str]:
    """The query's plain words in order: neighbours may together be one name."""
    if isinstance(node, Word):
        return [analysis.clean(node.text)] if _is_plain(node) else []
    if isinstance(node, Not):
        return _plain_words(node.child)
    if isinstance(node, And | Or):
        return [w for c in node.children for w in _plain_words(c)]
    return []


def compile_query(node: Node, exact: bool = False) -> Compiled:
    """The tantivy query for ``node``; a query with no searchable term matches nothing."""
    compiler = _Compiler(exact, _plain_words(node))
    query = compiler.node(node)
    return Compiled(query if query is not None else Q.empty_query(), compiler.terms, isinstance(node, MatchAll))
