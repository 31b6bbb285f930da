"""A small table-driven transliterator: letters and letter sequences with word-position contexts.

The tables (see ``data/russian.yaml``) give one or several spellings per source letter; the engine
picks the right table by position and returns every spelling the alternatives allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from opis.names._data import alternatives

# A word with many ambiguous letters could otherwise yield thousands of spellings.
MAX_VARIANTS = 32
# Past this many letters a word gets only its preferred spelling: no name is that long, and
# combining alternatives costs time in proportion to the square of the length.
MAX_VARIANT_LETTERS = 48

Table = Mapping[str, tuple[str, ...]]


def _table(raw: Mapping[str, Any] | None) -> dict[str, tuple[str, ...]]:
    return {str(k): alternatives(v) for k, v in (raw or {}).items()}


@dataclass(frozen=True)
class Scheme:
    """One transliteration scheme; all keys are lower-case source text."""

    id: str
    letters: Table
    vowels: frozenset[str]
    initial: Table
    after_vowel: Table
    before_vowel: Table
    sequences: Table
    final: Table

    @classmethod
    def from_data(cls, scheme_id: str, raw: Mapping[str, Any], vowels: str) -> Scheme:
        parts = {
            name: _table(raw.get(name))
            for name in ("letters", "initial", "after_vowel", "before_vowel", "sequences", "final")
        }
        # Longest sequences first, so that the lookup in step() can take the first hit.
        for name in ("sequences", "final"):
            parts[name] = dict(sorted(parts[name].items(), key=lambda kv: -len(kv[0])))
        return cls(id=scheme_id, vowels=frozenset(vowels), **parts)

    def step(self, word: str, i: int) -> tuple[int, tuple[str, ...]]:
        """The spellings for the source text at ``word[i:]`` and how many characters they consume."""
        for seq, out in self.final.items():
            if word.endswith(seq) and i == len(word) - len(seq):
                return len(seq), out
        for seq, out in self.sequences.items():
            if word.startswith(seq, i):
                return len(seq), out
        return 1, self._letter(word, i)

    def _letter(self, word: str, i: int) -> tuple[str, ...]:
        ch = word[i]
        if i == 0 and ch in self.initial:
            return self.initial[ch]
        if i > 0 and word[i - 1] in self.vowels and ch in self.after_vowel:
            return self.after_vowel[ch]
        if i + 1 < len(word) and word[i + 1] in self.vowels and ch in self.before_vowel:
            return self.before_vowel[ch]
        return self.letters.get(ch, (ch,))


def _cased(source: str, out: str, all_caps: bool) -> str:
    """Carry the source's capitals over: ``Ш`` -> ``Sh``, but ``ШТ`` -> ``SHT``."""
    if not source[:1].isupper() or not out:
        return out
    return out.upper() if all_caps else out[:1].upper() + out[1:]


def spell(scheme: Scheme, word: str) -> tuple[str, ...]:
    """Every spelling of one word under ``scheme``, the preferred one first, case carried over."""
    # Per letter, so that positions in ``lower`` and ``word`` stay aligned (İ lowers to two letters).
    lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
    all_caps = len(word) > 1 and word.isupper()
    pieces: list[tuple[str, ...]] = []
    i = 0
    while i < len(lower):
        used, outs = scheme.step(lower, i)
        pieces.append(tuple(_cased(word[i : i + used], o, all_caps) for o in outs))
        i += used
    if len(word) > MAX_VARIANT_LETTERS:
        return ("".join(options[0] for options in pieces),) if all(pieces) else ()
    return _combine(pieces)


def _combine(pieces: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """Concatenate one choice per piece, breadth-first, keeping at most MAX_VARIANTS distinct results."""
    results: dict[str, None] = {"": None}
    for options in pieces:
        grown = (prefix + option for prefix in results for option in options)
        results = dict.fromkeys(islice(dict.fromkeys(grown), MAX_VARIANTS))
    return tuple(results)
