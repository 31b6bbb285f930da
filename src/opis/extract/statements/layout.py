"""Where statements can be, and what surrounds them: paragraphs and sentences of running text, the
documents a text holds (a FRUS heading "The Secretary of State to the Ambassador in Korea (Muccio)" says who
writes to whom, a dateline "Washington, January 25, 1949." when), and the telegram each offset lies in.

Footnote paragraphs and telegram headers are not running text: a delo's folio or a header's "Получено" states no
act.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from opis.extract.base import Finding
from opis.extract.textview import Span, footnote_spans, split_sentences

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# A document number printed alone on its line ("193.") starts a new document in a FRUS volume.
_DOC_NUMBER = re.compile(r"^[ \t]*\d{1,4}\.[ \t]*$", re.MULTILINE)
# A print layout puts the number and the title on one line: "9. Memorandum From the Officer in Charge of Korean
# Affairs (Jones) to the Director ... (McClurkin)1" (the 1 is the source note's marker). Only a title that names a
# kind of document opens one: "1. The Joint Chiefs of Staff have reviewed ..." is a numbered paragraph.
_DOC_TITLE = re.compile(r"^[ \t]*\d{1,4}\.[ \t]+(?=(?:Editorial\s+Note|Memorandum|Telegram|Letter|Despatch|Airgram|"
                        r"Message|Circular|Instruction|Note\s+(?:From|by))\b|(?:Из\s+)?(?:шифро)?(?:телеграмм|письм|"
                        r"записк|проект|постановлени|директив|резолюци|протокол|решени|указани|Резолюци|Протокол|"
                        r"Постановлени|Решени|Директив)\w*\s)", re.MULTILINE)
# A Russian document collection's title: "4. Из телеграммы И. В. Сталина Т. Ф. Штыкову, 2 февраля 1950 г." (the
# writer in the genitive, the reader in the dative, each with initials; "в Москву" names a place, no reader).
# A resolution or a protocol names its maker the same way, a person ("Резолюция И. В. Сталина") or a body ("Из
# протокола Политбюро ЦК ВКП(б) № 86", "Постановление Совета Министров СССР").
_RU_HEADING = re.compile(r"^[ \t]*(?:\d{1,4}\.[ \t]+)?(?:Из\s+)?(?:проекта\s+)?(?:шифро)?"
                         r"(?:телеграмм[аы]|письм[аоу]|записк[аи]|[Рр]езолюци[яи]|[Пп]ротокол[а]?|[Пп]остановлени[ея]|"
                         r"[Рр]ешени[ея])\s+"
                         r"(?P<author>(?:[А-ЯЁ]\.[ \t]*){1,2}[А-ЯЁ][а-яё-]+|(?:Политбюро|Президиума|Секретариата|"
                         r"Совета[ \t]+Министров|Оргбюро)(?:[ \t]+ЦК)?(?:[ \t]+(?:ВКП\(б\)|КПСС|СССР))?)"
                         r"(?:[ \t]+(?P<reader>(?:[А-ЯЁ]\.[ \t]*){1,2}[А-ЯЁ][а-яё-]+))?[^\n]{0,80}$", re.MULTILINE)
# "The Assistant Secretary of State for Occupied Areas (Saltzman) to the Under Secretary of the Army (Draper)",
# "Memorandum by the Director of the Office of Far Eastern Affairs (Butterworth) to the Acting Secretary of State".
_HEADING = re.compile(r"^[ \t]*(?:\d{1,4}\.[ \t]+)?"
                      r"(?:Memorandum\s+(?:of\s+Conversation,\s+)?by\s+|Letter\s+from\s+|"
                      r"(?:Memorandum|Telegram|Letter|Despatch|Airgram|Message|Note)\s+[Ff]rom\s+)?"
                      r"(?P<author>(?:The|the)\s[^\n]{3,150}?)\s+to\s+(?P<reader>(?:the\s)?[A-Z][^\n]{2,150}?)"
                      r"\d{0,2}[ \t]*$", re.MULTILINE)
_PAREN_NAME = re.compile(r"\(([A-Z][\w’'. -]{1,40})\)\s*$")
_DATELINE_TAIL = re.compile(r"[\s.,;—–-]*(?:\d{1,2}(?:[:.]\d{2})?\s*"
                            r"(?:[ap]\.?\s*m\.?|ч\.?(?:\s*\d{1,2}\s*м(?:ин)?\.?)?)"
                            r"|noon|midnight)?[\s.]*")
# Abbreviations whose full stop ends no sentence.
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Adm|St|No|Nos|vol|pp?|ibid|cf|т|тов|г|гг|им|ст)"
                           r"|\b[A-Z](?:\.[A-Z])+)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Party:
    """A writer or reader a heading names: as written, with the name in parentheses when it gives one."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    start: int
    author: Party | None = None
    reader: Party | None = None


def paragraphs(text: str, skip: list[Span]) -> list[Span]:
    """Paragraph spans (blank-line separated) that do not start inside a ``skip`` span."""
    spans: list[Span] = []
    begin = 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((begin, m.start()))
        begin = m.end()
    spans.append((begin, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip() and not any(a <= s < b for a, b in skip)]


# A printed page glues a note's number to the stop before it: "we expected to have an answer soon.5 The Ambassador".
_SPACE = re.compile(r"\s*")
_MARKED_STOP = re.compile(r"[.!?][”\"')]?\d{1,2}(?=\s+[A-ZА-ЯЁ])")


def sentences(text: str, paragraph: Span) -> list[Span]:
    """Sentences of a paragraph; a stop after an abbreviation (Mr., U.S.) joins the next sentence; a stop with a
    note's number glued to it ends one."""
    out: list[Span] = []
    for start, end in _split_marked(text, split_sentences(text, *paragraph)):
        # Only the sentence's tail: a run of "Mr." joins would otherwise be read again and again.
        if out and _ABBREVIATION.search(text[max(out[-1][0], out[-1][1] - 15):out[-1][1]]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


# A rule line above a print layout's notes ("________________"), and what may stand between two notes of one block:
# the next note's number ("\n2 ", "\n\n[3]\n").
_RULE = re.compile(r"^[ \t]*[_—–-]{5,}[ \t]*\n", re.MULTILINE)
_NOTE_GAP = re.compile(r"\s*(?:\[?\d{1,3}[.\])]?\s*)?")


def note_blocks(text: str, notes: list[Finding]) -> list[Span]:
    """The spans of the notes (as the footnotes extractor found them) that stand in a block of notes: under a rule
    line, or next to another note with only a number between. A lone numbered paragraph the footnotes extractor
    took for a note ("1. The Joint Chiefs of Staff have reviewed ...") stays running text."""
    found = sorted((int(n["offset"]), int(n["end"])) for n in notes if "offset" in n and "end" in n)
    heads = [text.rfind("\n", 0, start) + 1 for start, _ in found]
    rules = [_rule_above(text, head) for head in heads]
    out: list[Span] = []
    for i, (start, end) in enumerate(found):
        near = [(found[i - 1][1], start)] if i > 0 else []
        near += [(end, found[i + 1][0])] if i + 1 < len(found) else []
        if rules[i] is not None or any(lo <= hi and _NOTE_GAP.fullmatch(text, lo, hi) for lo, hi in near):
            rule = rules[i]
            out.append((heads[i] if rule is None else rule, end))
    return out


def _rule_above(text: str, head: int) -> int | None:
    """Where the rule line right above the line starting at ``head`` starts, if there is one."""
    if head <= 0:
        return None
    line = text.rfind("\n", 0, head - 1) + 1
    rule = _RULE.match(text, line, head)
    return line if rule is not None and rule.end() == head else None


def _split_marked(text: str, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for begin, end in spans:
        for m in _MARKED_STOP.finditer(text, begin, end):
            if _ABBREVIATION.search(text[max(begin, m.start() - 15):m.start() + 1]):
                continue
            out.append((begin, m.end()))
            begin = _SPACE.match(text, m.end(), end).end()  # type: ignore[union-attr]
        out.append((begin, end))
    return out


def skipped(text: str, telegrams: list[Finding], notes: list[Finding] | None = None) -> list[Span]:
    """Footnote paragraphs (with the notes the footnotes extractor found in blocks) and telegram headers (from a
    telegram's start to the end of its header block)."""
    spans = footnote_spans(text) + note_blocks(text, notes or [])
    for t in telegrams:
        start = int(t["start"])
        head_end = _PARAGRAPH.search(text, start)
        # The header runs to the blank line after its fields; the addressee line follows it.
        nxt = _PARAGRAPH.search(text, head_end.end()) if head_end else None
        if head_end is not None:
            fields = nxt is not None and _looks_like_fields(text[head_end.end():nxt.start()])
            after_fields = nxt.start() if nxt is not None and fields else head_end.start()
            spans.append((start, after_fields))
    return sorted(spans)


def _looks_like_fields(block: str) -> bool:
    return bool(re.search(r"(?:Отправлен|Получен|Поступил|Расшифрован|Sent|Received|Deciphered|№)", block))


def documents(text: str) -> list[Document]:
    """The documents of a text in order; a text without document numbers or headings is one document."""
    starts = sorted({0, *(m.start() for m in _DOC_NUMBER.finditer(text)),
                     *(m.start() for m in _DOC_TITLE.finditer(text))})
    docs: list[Document] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        head = next((m for m in _HEADING.finditer(text, start, min(end, start + 600)) if _alone(text, m)), None)
        if head is None:
            ru = next((m for m in _RU_HEADING.finditer(text, start, min(end, start + 300)) if _alone(text, m)), None)
            docs.append(Document(start, _party(ru, "author"), _party(ru, "reader") if ru["reader"] else None)
                        if ru is not None else Document(start))
            continue
        docs.append(Document(start, _party(head, "author"), _party(head, "reader")))
    return docs


def _alone(text: str, m: re.Match[str]) -> bool:
    """A heading is a paragraph of its own: a line of a wrapped paragraph ("the Republic of Korea.2 He also gave
    the Secretary a letter from President Rhee to") is running text."""
    before = text[max(0, m.start() - 2):m.start()]
    after = text[m.end():m.end() + 2]
    line = text.rfind("\n", 0, m.start() - 1) + 1
    opens = m.start() == 0 or before == "\n\n" or bool(_DOC_NUMBER.fullmatch(text, line, m.start() - 1))
    return opens and after in ("", "\n", "\n\n")


def _party(m: re.Match[str], group: str) -> Party:
    text, start = m[group], m.start(group)
    if text.endswith(")") and "(" not in text:
        text = text[:-1]  # a printed title's slip: "the Secretary of Defense Wilson)"
    paren = _PAREN_NAME.search(text)
    if paren:
        return Party(paren[1], start + paren.start(1), start + paren.end(1))
    return Party(text, start, start + len(text))


def document_at(docs: list[Document], offset: int) -> Document:
    k = bisect_right(docs, offset, key=lambda d: d.start) - 1  # no list of starts: called once per mention
    return docs[max(k, 0)]


def telegram_at(telegrams: list[Finding], offset: int) -> Finding | None:
    for t in telegrams:
        if int(t["start"]) <= offset < int(t["end"]):
            return t
    return None


def datelines(text: str, dates: list[Finding]) -> list[tuple[int, str]]:
    """(offset, EDTF) of every day-precise date standing on a short line of its own with a place or a time
    ("Washington, January 25, 1949.", "top secret Washington, December 30, 1949—8 p. m."): a document's date."""
    out: list[tuple[int, str]] = []
    for d in dates:
        start = int(d["start"])
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start:len(text) if line_end < 0 else line_end]
        edtf = str(d["edtf"])
        tail = text[int(d["end"]):len(text) if line_end < 0 else line_end]
        # The date ends its line but for a time of day: "Washington, December 30, 1949—8 p. m."
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", edtf):
            continue
        # The date ends a short line of its own, or stands in a document's title line ("4. Из телеграммы И. В.
        # Сталина Т. Ф. Штыкову от 30 января 1950 г. (в сокращении)").
        if (len(line) <= 90 and _DATELINE_TAIL.fullmatch(tail)) or _title_line(line):
            out.append((start, edtf))
    return out


def _title_line(line: str) -> bool:
    """A numbered document title on one line ("2. Из телеграммы Т. Ф. Штыкова в Москву о беседе 17 января 1949 г.")."""
    return len(line) <= 200 and (_DOC_TITLE.match(line) is not None or _RU_HEADING.match(line) is not None)
