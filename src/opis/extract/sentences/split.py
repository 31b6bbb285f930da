"""A sentence splitter for Russian, English, Korean, Chinese and Japanese texts of archives.

Rules, not a model: the texts are records of conversation, telegrams and archival citations, where
an abbreviation-aware rule set is predictable and easy to correct (the abbreviation lists are data,
``extract/data/sentences.yaml``). A sentence ends

- at a paragraph break (a blank line or a page break), always;
- after 。！？ (and their full-width kin), with closing quotes and brackets, always;
- after . ! ? … (with closing quotes and brackets) followed by white space and something that can
  start a sentence: a capital letter, a digit, an opening quote or bracket, a dash, or a letter of a
  script without case (Hangul, Han, kana);

except after an initial (one letter and a dot: "И.В.", "K.A.", "U.S."), an abbreviation that never
ends a sentence ("тов.", "Mr.", "т. е."), a lone list number ("1."), or a number followed by an
archival level ("Ф. 413. Оп. 13. Д. 5467. Л. 23." is one citation).

Spans are (start, end) character offsets into the text, trimmed of white space, in order, never
overlapping; together they hold every character of the text that is not white space.
"""

from __future__ import annotations

import re
from functools import cache

from opis import vocab

Span = tuple[int, int]

_PARAGRAPH = re.compile(r"\n[ \t]*\n+|\f")
_CJK_END = re.compile(r"[。！？｡]+[」』”’）〉》\"')\]]*")
_END = re.compile(r"(?:[.!?…]+|\.\.\.)[»”’\"')\]」』]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w’'\-]+(?:\.\s?[\w’'\-]+)*)$")
_LIST_NUMBER = re.compile(r"^[\[(]?(?:\d{1,3}|[IVXLivxl]{1,5}|[a-zA-Zа-яА-Я])[.)]$")
_NEXT_CITATION = re.compile(r"\s+[–—-]?\s*([\w’'\-]+)\.\s?\d")
_CASELESS = ("\u1100", "\u11ff"), ("\u3040", "\u30ff"), ("\u3400", "\u9fff"), ("\uac00", "\ud7af"), \
    ("\uf900", "\ufaff")
_OPENERS = "«“„\"'([‘「『"
_DASHES = "—–-"


@cache
def _lists() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], frozenset[str]]:
    data = vocab.read_mapping("opis.extract", "data/sentences.yaml")
    never = {str(k): frozenset(str(w) for w in v or []) for k, v in data["never_final"].items()}
    may = {str(k): frozenset(str(w) for w in v or []) for k, v in data["may_end"].items()}
    return never, may, frozenset(str(w) for w in data["archival_next"])


def _lang(language: str | None) -> str:
    return (language or "").split("-")[0].lower()


def _starts_sentence(ch: str) -> bool:
    if ch.isupper() or ch.isdigit() or ch in _OPENERS:
        return True
    return any(lo <= ch <= hi for lo, hi in _CASELESS)


def _is_abbreviation(text: str, dot: int, after: int, language: str) -> bool:
    """Whether the dot at ``dot`` closes an abbreviation, an initial or a citation's number."""
    never, may, archival = _lists()
    lang = _lang(language)
    head = text[max(0, dot - 40):dot]
    found = _WORD_BEFORE.search(head)
    if not found:
        return False
    token = found.group(1).lower()
    last = re.split(r"[.\s]+", token)[-1]
    for entry in may.get(lang, frozenset()) | may.get("any", frozenset()):
        if token.endswith(entry) and (len(token) == len(entry) or not token[-len(entry) - 1].isalnum()):
            if len(entry) > 1 or re.search(r"\d\s*$", head[:found.start(1)]):
                return False  # "и т. д.", "etc."; "г." only after a year ("1950 г."), not an initial ("Н.Г.")
    following = _NEXT_CITATION.match(text, after)
    if following and following.group(1).lower() in archival:
        return True  # "413. Оп. 13.", "РФ. Ф. 39.", "Сочинения. – Т. 18.": one citation goes on
    if last.isdigit():
        return False
    if len(last) == 1 and last.isalpha():
        return True  # an initial, or the last letter of "т. е.", "U.S."
    words = never.get("any", frozenset()) | never.get(lang, frozenset())
    if not lang:
        words = frozenset().union(*never.values())
    return token in words or last in words


def _breaks(text: str, start: int, end: int, language: str | None) -> list[int]:
    """Offsets inside one paragraph ``text[start:end]`` after which a sentence ends."""
    lang = language or ""
    out = []
    for m in _CJK_END.finditer(text, start, end):
        out.append(m.end())
    for m in _END.finditer(text, start, end):
        rest = text[m.end():end].lstrip()
        if not rest:
            continue
        nxt = rest[0]
        if nxt in _DASHES:  # a dialogue dash opens a sentence on a new line; inline it separates a citation's parts
            if "\n" not in text[m.end():end][:len(text[m.end():end]) - len(rest)]:
                continue
        elif not _starts_sentence(nxt):
            continue
        if text[m.start()] == "." and m.group().startswith(".") and not m.group().startswith("..") \
                and _is_abbreviation(text, m.start(), m.end(), lang):
            continue
        out.append(m.end())
    return sorted(set(out))


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_sentences(text: str, language: str | None = None) -> list[Span]:
    """The sentences of ``text`` as (start, end) offsets; ``language`` picks the abbreviation list."""
    spans: list[Span] = []
    cut = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        para_end = m.start() if m else len(text)
        begin = cut
        for at in [*_breaks(text, cut, para_end, language), para_end]:
            span = _trim(text, begin, at)
            if span is None:
                continue
            if at != para_end and _LIST_NUMBER.match(text[span[0]:span[1]]):
                continue  # "1." alone is a list number: it starts the next sentence
            spans.append(span)
            begin = at
        cut = m.end() if m else para_end
    return spans
