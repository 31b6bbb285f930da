"""How every match key of a name starting with a given word must begin: a pre-check for name linking.

Name linking (opis.extract.names.entities) looks up windows of up to five words, and computing a
window's keys (every scheme's spelling, the loose and cross-script skeletons) is most of what reading
new text costs. A window can only match a stored key that begins the way its own keys begin, and for a
window whose first word is plain ASCII letters that beginning is known from the first word alone:

* the exact keys (``squash`` and the scheme spellings, joined) begin with the word lower-cased;
* the fine loose key is a skeleton of the joined words: its symbols up to the first place where a
  longer spelling could run on into the next word (``k`` before ``h``: ``kh``) are fixed;
* the cross-script keys tokenize each word apart, but a vowel run may continue into the next word, so
  their symbols are fixed up to the last vowel run; the canonical one follows from the fine key.

``heads(word)`` lists these beginnings, each with the prefix the key is stored or sought under (``^``
for a Hangul or Han name's readings, ``~`` loose, ``%~~`` a Cyrillic name's cross-script keys). A
window none of whose heads begins a stored key cannot match: it is not looked up, which changes no
result. Words with anything but ASCII letters get no heads (``None``): their windows are looked up.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

from opis.names.keys import CROSS_PREFIX, CYRILLIC_LOOSE_PREFIX, DERIVED_PREFIX, LOOSE_PREFIX
from opis.names.loose import _canonical, _collapse, _cross_rules, _glided, _rules

HEAD = 8  # characters of a key, its prefix included, that the pre-check compares
_VOWELS = "aeio"  # the fine skeleton's vowel symbols (loose._canonical rewrites runs of them)


def _partials(spellings: Mapping[str, object]) -> frozenset[str]:
    """Every proper beginning of a spelling: where the rest of a word is one, a longer spelling may match."""
    return frozenset(s[:j] for s in spellings for j in range(1, len(s)))


@cache
def _fine_table() -> tuple[dict[str, str], frozenset[str], int]:
    _, symbol = _rules()
    return symbol, _partials(symbol), max(map(len, symbol))


@cache
def _cross_table() -> tuple[dict[str, tuple[str, ...]], frozenset[str], frozenset[str], int]:
    _, symbol, vowels = _cross_rules(False)
    return symbol, vowels, _partials(symbol), max(map(len, symbol))


def _fixed(word: str, table: Mapping[str, object], partials: frozenset[str], longest: int) -> list[str]:
    """The spellings (or kept single characters) a left-to-right, longest-first scan of ``word`` + any
    following text takes, as far as they cannot depend on what follows."""
    out: list[str] = []
    at = 0
    while at < len(word):
        rest = word[at:]
        if rest in partials:
            break  # a longer spelling starts here if the next word goes on the right way
        for size in range(min(longest, len(rest)), 0, -1):
            if rest[:size] in table:
                out.append(rest[:size])
                at += size
                break
        else:
            out.append(word[at])
            at += 1
    return out


def _fine_head(word: str) -> str:
    symbol, partials, longest = _fine_table()
    return _collapse("".join(symbol.get(s, s) for s in _fixed(word, symbol, partials, longest)))


def _cross_heads(word: str) -> set[str]:
    symbol, vowels, partials, longest = _cross_table()
    choices: list[tuple[str, ...]] = []
    run: list[tuple[str, tuple[str, ...], bool]] = []
    for spelling in _fixed(word, symbol, partials, longest):
        token = (spelling, symbol.get(spelling, (spelling,)), spelling in vowels)
        if token[2]:
            run.append(token)
            continue
        if run:
            choices.extend(_glided(run, False))
            run = []
        choices.append(token[1])
    # A vowel run at the end may go on in the next word, which changes its glide: left out.
    # Grown only to the length compared (the stored prefix takes the rest of HEAD): each vowel with two
    # readings doubles the set, and once a head is that long what follows cannot change it.
    body = HEAD - len(CYRILLIC_LOOSE_PREFIX + CROSS_PREFIX)
    heads = {""}
    for options in choices:
        if all(len(h) >= body for h in heads):
            break
        heads = {h if len(h) >= body else _collapse(h + o) for h in heads for o in options}
    return heads


@lru_cache(maxsize=1 << 13)  # a word comes back within a text; the index remembers its answer per word
def heads(word: str) -> frozenset[str] | None:
    """The beginnings (at most ``HEAD`` characters) of every key a Latin-first window starting with
    ``word`` is sought by, or None when ``word`` is not all ASCII letters."""
    if not (word.isascii() and word.isalpha()):
        return None
    exact = word.lower()
    fine = _fine_head(exact)
    canonical = _canonical(fine.rstrip(_VOWELS))
    cross = {CYRILLIC_LOOSE_PREFIX + CROSS_PREFIX + h for h in (*_cross_heads(exact), canonical)}
    found = {exact, DERIVED_PREFIX + exact, LOOSE_PREFIX + fine, DERIVED_PREFIX + LOOSE_PREFIX + fine, *cross}
    return frozenset(h[:HEAD] for h in found)


def beginnings(keys: set[str] | frozenset[str]) -> frozenset[str]:
    """Every beginning, up to ``HEAD`` characters, of stored keys: what ``heads`` are looked up in."""
    return frozenset(k[:j] for k in keys for j in range(1, min(len(k), HEAD) + 1))
