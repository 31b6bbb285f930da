"""How text becomes index terms: one tokenizer, folding and English + Russian stemming.

The same analyzers run on documents (inside tantivy) and on query words (here, in Python), so a
query term is always spelled the way the index spelled it. Text fields use ``opis``: words of
letters and digits, each Han character on its own (Chinese has no spaces, so a name like 毛泽东 is
found inside running text as a phrase of characters), lower-cased, diacritics folded, then the
English and the Russian Snowball stemmers in turn; each leaves the other's alphabet alone.

Apostrophes inside words are dropped before analysis (``Ch'ŏngjin`` = ``Chongjin``,
``Stalin's`` = ``Stalins`` -> ``stalin``); ``strip_marks`` does it and keeps the offsets of what
it dropped, so highlights land on the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

import tantivy

from opis.names.normalize import MARKS

# Every Han character is a token; any other run of letters/digits is one.
WORD_PATTERN = r"\p{Han}|[\p{L}\p{N}&&[^\p{Han}]]+"
# The same in Python's re: a character of the Han blocks alone, or a run of other letters/digits.
_HAN = ("\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        "\U00020000-\U0003134f")
_PY_WORDS = re.compile(f"[{_HAN}]|[^\\W_{_HAN}]+")
TEXT = "opis"  # stemmed: text fields
FOLD = "opis_fold"  # folded, not stemmed: prefix and fuzzy terms, exact names
KEYWORD = "opis_keyword"  # whole value, folded: facet values in field:value queries
KEYS = "whitespace"  # cross-script keys, computed in Python (crosskeys.py)
# A token of this many bytes or more (after folding) is dropped from the text fields: no word is
# that long, and a megabyte "word" (a pasted binary, a run of one letter) must cost nothing later.
MAX_TOKEN_BYTES = 80

_INNER_MARK = re.compile(f"(?<=\\w)[{re.escape(MARKS)}](?=\\w)")


def _builder(tokenizer: tantivy.Tokenizer) -> tantivy.TextAnalyzerBuilder:
    return tantivy.TextAnalyzerBuilder(tokenizer).filter(tantivy.Filter.lowercase()).filter(
        tantivy.Filter.ascii_fold())


@cache
def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """The analyzers by the name the schema uses; built once per process."""
    words = tantivy.Tokenizer.regex(WORD_PATTERN)
    stemmed = (_builder(words).filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES))
               .filter(tantivy.Filter.stemmer("english")).filter(tantivy.Filter.stemmer("russian")))
    return {
        TEXT: stemmed.build(),
        FOLD: _builder(words).filter(tantivy.Filter.remove_long(MAX_TOKEN_BYTES)).build(),
        KEYWORD: _builder(tantivy.Tokenizer.raw()).build(),
        KEYS: tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build(),
    }


@cache
def _raw_words() -> tantivy.TextAnalyzer:
    """Word tokens as written (case kept): the input of the cross-script keys."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN)).build()


def register(index: tantivy.Index) -> None:
    """Tantivy does not store analyzers with the index: every opened index needs them again."""
    for name, analyzer in analyzers().items():
        index.register_tokenizer(name, analyzer)


@dataclass(frozen=True)
class Stripped:
    """Text with in-word apostrophes removed, and where they were (to map offsets back)."""

    text: str
    removed: tuple[int, ...]  # positions in the stripped text before which one mark was removed

    def original_start(self, offset: int) -> int:
        """Where the character at stripped ``offset`` is in the original (marks before it count)."""
        return offset + bisect_right(self.removed, offset)

    def original_end(self, offset: int) -> int:
        """An exclusive end offset mapped back (a mark right at the end belongs after it)."""
        return offset + bisect_left(self.removed, offset)


def strip_marks(text: str) -> Stripped:
    removed: list[int] = []
    parts: list[str] = []
    last = 0
    for m in _INNER_MARK.finditer(text):
        parts.append(text[last:m.start()])
        removed.append(m.start() - len(removed))
        last = m.end()
    if not removed:
        return Stripped(text, ())
    parts.append(text[last:])
    return Stripped("".join(parts), tuple(removed))


def clean(text: str) -> str:
    """Text as the index receives it (marks inside words dropped)."""
    # A substring test per mark is far quicker than a set test per character on long texts.
    return _INNER_MARK.sub("", text) if any(m in text for m in MARKS) else text


def text_terms(text: str) -> list[str]:
    """Stemmed terms of ``text``, as the text fields hold them."""
    return analyzers()[TEXT].analyze(clean(text))


def fold_terms(text: str) -> list[str]:
    """Folded, unstemmed terms of ``text``."""
    return analyzers()[FOLD].analyze(clean(text))


def keyword(text: str) -> str:
    """A whole value folded the way keyword fields hold it."""
    terms = analyzers()[KEYWORD].analyze(text.strip())
    return terms[0] if terms else ""


def plain_words(text: str) -> list[str]:
    """The words of ``text`` as written, where the index's tokenizer splits them.

    For counting hits in running text (snippets.py): Python's regex engine does this several times
    faster than the tantivy analyzer called from Python; ``fold_word`` and ``stem_word`` then turn
    each distinct word into index terms, cached. (Not lower-cased here: lower-casing first would
    split words the index keeps whole, such as a dotted capital I.)"""
    found: list[str] = _PY_WORDS.findall(clean(text))
    return found


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """One word folded as the index folds it ('' when the analyzer drops it: too long)."""
    terms = analyzers()[FOLD].analyze(word)
    return terms[0] if len(terms) == 1 else ""


@lru_cache(maxsize=1 << 16)
def stem_word(word: str) -> str:
    """The stemmed form of one word ('' for none): used to key declined Russian names."""
    terms = analyzers()[TEXT].analyze(word)
    return terms[0] if len(terms) == 1 else ""


# An English possessive ending: the text fields stem it away (Stalins -> stalin), but names are
# keyed unstemmed, so "Kim Il Sung's" would key as kimilsungs and miss 김일성.
_POSSESSIVE = re.compile(f"(?<=[A-Za-z])[{re.escape(MARKS)}]s\\b")


def key_words_text(text: str) -> str:
    """Text as the cross-script keys read it: cleaned, without English possessive endings."""
    return clean(_POSSESSIVE.sub("", text)) if "s" in text else clean(text)


def raw_words(text: str) -> list[tuple[str, int]]:
    """(word as written, its position) for every token of ``text``, in order."""
    tokens = _raw_words().pre_tokenize(key_words_text(text)).tokens
    return [(t.text, t.position) for t in tokens]


_HYPHENS = frozenset("-‐‑")


def raw_words_with_gaps(text: str) -> list[tuple[str, int, bool]]:
    """(word as written, position, joined to the next word by a hyphen) for every token."""
    cleaned = key_words_text(text)
    tokens = _raw_words().pre_tokenize(cleaned).tokens
    out: list[tuple[str, int, bool]] = []
    end = len(cleaned)
    for i, t in enumerate(tokens):
        stop = t.char_offset_to
        hyphen = stop < end and cleaned[stop] in _HYPHENS and i + 1 < len(tokens) \
            and tokens[i + 1].char_offset_from == stop + 1
        out.append((t.text, t.position, hyphen))
    return out
