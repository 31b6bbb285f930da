"""The ``statements`` extractor: requests, offers, decisions and deliveries, in English and Russian.

A statement is a clause holding a cue (extract/data/statements.yaml): a verb or noun that says someone asked
("asked", "requesting", "просит"), offered ("pledges", "готовы оказать"), decided ("concurred", "удовлетворяем",
"отказать") or delivered ("deliveries", "поставлено"). Only running text is read: telegram headers and the notes
the footnotes extractor found in a block (under a rule line or next to another note) are skipped. No act is stated
by a question ("asked X if it was"), a cue after "if" in its clause or after a modal, agreement with a remark
("concurred, but stated"; "agreed that X was"), or "be approved" (what a request asks). A "That you ..." paragraph
under a "Recommendation" heading is a request. For each, from the findings of the extractors it requires:

- ``agent``: the name or pronoun right before the cue's verb (not one a preposition governs), else the first
  linked person or body of its clause before the cue (the subject), else the first after it; a title alone
  ("Mr") names nobody; "received by X" makes X the receiver (``addressee``); a passive's "by X" makes X the
  agent; a message's sender asks ("letter from Mr. Hensel requests"); a reported promise ("informed him I would")
  names who would act and whom he told;
  "I"/"we" and a first-person verb ("Прошу") stand for the writer (a conversation turn's speaker, a telegram's
  signature, a FRUS heading's author, numbered print titles included), "you"/"Вам" for the reader (the one spoken
  to), "he" for the person its sentence opens with (for a "he" that opens it, the person the sentences before
  open with), "him" for the last person named who is not the agent; a person is one the names extractor typed
  so, or a titled name ("Ambassador Yang", "the Secretary") and later its surname alone. Linked to the authority
  the names extractor linked there.
- ``addressee``: a name right after the cue, after "to" or after "request(s/ing) that"; one written to between the
  agent and a request ("I wrote to you recommending"); one a message is relayed to ("Передайте X, что ...");
  else the reader of the telegram or letter; a decision's addressee defaults to the agent of the request it
  answers.
- ``object``: what follows the cue to the end of the clause; a decision on "the request" takes the object of the
  request it answers.
- ``quantity``: the first quantity (as the quantities extractor gives it) inside the statement.
- ``date`` (EDTF): a date in the clause before the cue (not "X of <date>" dating another thing than the act) or
  right after it ("request of November 9, 1948"); a
  relative date ("the next month", "в следующем месяце") resolved against the previous statement's date; else the
  previous statement's date in the same paragraph; else the telegram's sending day or the document's dateline; else
  the last date before. ``date_from`` says which.
- ``decision`` for decisions (approved, refused, partly approved, deferred, conditions); "partly approved" also
  when a decision grants less than the request asked in the same unit, or a delivery covers a percentage under
  100; "conditions" when the next clause opens "in return", "в обмен", with the clause in ``conditions``.
- ``responds_to``: for a decision (and a partial delivery), the index of the earlier request it answers, within
  this and the two paragraphs before (six turns of a recorded conversation), or in an earlier telegram: of those
  sharing words with it, one put to its agent first, then the one sharing most; never its agent's own; with no
  shared word, the nearest request when the decision says nothing of its own ("Stalin concurred"), or for a
  share ("75%"), the nearest request with an amount; a decision right after another in the same paragraph
  answers the same request.
- ``latency``: days between request and decision from their dates' bounds (``min_days``, ``max_days``), minutes
  when both lie in telegrams with sending times, and what the text states ("less than a day").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from itertools import accumulate
from typing import Any, Literal

from opis.extract.base import ExtractContext, Finding, extractor
from opis.extract.names.entities import AuthorityIndex
from opis.extract.offices.holders import Holder, OfficeTable, Rule, office_phrases
from opis.extract.statements.cues import Cue, Vocab, load
from opis.extract.statements.layout import (
    Document,
    datelines,
    document_at,
    documents,
    paragraphs,
    sentences,
    skipped,
    telegram_at,
)
from opis.model.edtf import EdtfError, parse_edtf

Span = tuple[int, int]

_CLAUSE_END = re.compile(r"[;:]|,\s+(?:which|who|so\s+that|because|but|while|whereas|и\s+(?=[А-ЯЁ]))"
                         r"|\s+(?:so\s+that|in\s+order\s+to|because)\b|\(|—")
_LEAD = re.compile(r"^(?:\s|,|for\b|that\b|whether\b|if\b|to\b|the\b|a\b|an\b|about\b|о\b|об\b|в\b|на\b|по\b|:)+",
                   re.IGNORECASE)
_CAP_PHRASE = re.compile(r"(?:\b[Tt]he\s+)?(?:[A-ZА-ЯЁ][\w’'.-]*)(?:\s+(?:of\s+the\s+|of\s+|for\s+|and\s+)?"
                         r"[A-ZА-ЯЁ][\w’'-]*)*")
_WORD = re.compile(r"[^\W\d_]{4,}")
_REQUEST_NOUN = re.compile(r"\b(?:requests?|recommendations?|proposals?|suggestions?|просьб\w*|предложени\w*)\b"
                           r"(?:\s+[A-ZА-ЯЁ][\w-]*(?:\s+[A-ZА-ЯЁ][\w-]*){0,2})?"
                           r"\s+(?:for|of|regarding|concerning|об?|о)\s+(?P<obj>[^.;]+?)"
                           r"(?=\s+(?:удовлетвор|отказ|отклон|согла|считаем|является|признаём|признаем)|[.;]|$)",
                           re.IGNORECASE)
# A noun with one of these before it names something already spoken of ("from the request of the
# Representatives", "this proposal"); "an approach had been made", "a request made by" tell of a new one.
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|such|its|his|her|their|our|your|said|эт\w+|данн\w+|"
                       r"указанн\w+|так\w+)\s+$", re.IGNORECASE)
# "your proposal", "Ваше предложение": the reader's own request, named in the answer to it.
_READERS = re.compile(r"\b(?:your|Ваш\w*|ваш\w*)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
# Only a list label, a number or punctuation stands before a cue that opens its sentence ("613. Request instructions").
_OPENS = re.compile(r"[\s\d.…()\-–—«“\"]*")
# "Вопрос об остальных автомашинах решим ...", "the question of the ships was deferred": what a decision is on.
_QUESTION = re.compile(r"\b(?:вопрос\w*\s+(?:об?|о)|(?:the\s+)?(?:question|matter|issue)\s+of)\s+(?P<obj>[^.;,]+?)\s*$",
                       re.IGNORECASE)
# A condition opening the clause that holds a cue.
_LAST_BREAK = re.compile(r"[,;:()—]")
_CONDITIONAL = re.compile(r"\b(?:if|unless|если|в\s+случае)\b", re.IGNORECASE)
# What ends a passive's subject before its cue: "The action in b above, as approved by".
_PASSIVE_TAIL = re.compile(r"[\s,]*\b(?:as|was|were|been|had|has|have|is|are|previously)\b[\s\w]*$")
# A promise reported inside its cue: "He said he would", "informed him I would".
_REPORTED = re.compile(r"(?:\b(?:told|informed|assured)\s+(?P<told>\w+)\s+|\b(?:said|stated)\s+)(?:that\s+)?"
                       r"(?P<who>he|she|they|we|I)\s+(?:would|will)\b")
# Words that may stand between a subject and its verb ("Stalin, too, has now agreed").
_TO_VERB = re.compile(r"(?:\s|,|\b(?:has|have|had|is|are|was|were|been|also|too|then|now|again|once|thereupon|"
                      r"therefore|"
                      r"finally|himself|herself|itself|themselves|тоже|также|теперь|уже)\b)*", re.IGNORECASE)
# A name right after these is governed by them (an object, not a subject): "I wrote to you recommending".
_GOVERNED = re.compile(r"\b(?:to|for|with|from|by|of|at|к|от|для|с)\s+$", re.IGNORECASE)
_CAPITALIZED = re.compile(r"\b[A-ZА-ЯЁ][\w’'-]+\b")
_RU_ENDINGS = re.compile(r"(?:ами|ями|ах|ях|ов|ев|ей|ой|ом|ем|ам|ям|ую|юю|ые|ие|ый|ий|ая|яя|ое|ее|а|я|у|ю|ы|и|е|о|ь)$")


class Spans:
    """Spans (start, end) sorted by start, to find those inside or across a range by bisection: a clause is short,
    a text may name thousands and date hundreds."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i][0])  # stable: equal starts keep their order
        self.starts = [spans[i][0] for i in self.order]
        self.ends = [spans[i][1] for i in self.order]
        self.reach = list(accumulate(self.ends, max))  # the furthest end among the first k

    def inside(self, lo: int, hi: int) -> list[int]:
        """The indices (into the list given, ascending) of the spans with lo <= start and end <= hi."""
        a, b = bisect_left(self.starts, lo), bisect_right(self.starts, hi)
        return sorted(self.order[k] for k in range(a, b) if self.ends[k] <= hi)

    def starting(self, lo: int, hi: int) -> list[int]:
        """The indices (into the list given, ascending) of the spans with lo <= start < hi."""
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return sorted(self.order[a:b])

    def across(self, start: int, end: int) -> bool:
        """Whether a span overlaps [start, end): one starting before ``end`` that ends after ``start``."""
        k = bisect_left(self.starts, end) - 1
        while k >= 0 and self.reach[k] > start:
            if self.ends[k] > start:
                return True
            k -= 1
        return False


def _spans(findings: list[Finding]) -> Spans:
    return Spans([(int(f["start"]), int(f["end"])) for f in findings])


@dataclass
class Mention:
    """A name, body or pronoun in a clause: as written, with its authority when one is linked."""

    text: str
    start: int
    end: int
    authority: str | None = None
    kind: str | None = None  # the names extractor's type (person, organization, place) when it found it
    office: Rule | None = None  # set when the words name an office ("the Soviet ambassador"), not a person
    holder: Holder | None = None  # who held that office on the statement's date

    def out(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "authority": self.authority, "start": self.start, "end": self.end}
        if self.holder is not None:
            out["holder"] = self.holder.out()
        return out


@dataclass
class Found:
    kind: str
    cue: Cue
    cue_span: Span
    start: int
    end: int
    paragraph: int
    agent: Mention | None = None
    addressee: Mention | None = None
    object: str | None = None
    quantity: Finding | None = None
    date: str | None = None
    date_from: str | None = None
    decision: str | None = None
    conditions: str | None = None
    responds_to: int | None = None
    latency: dict[str, Any] = field(default_factory=dict)
    telegram: Finding | None = None
    said: str | None = None  # the words after the cue, the object when no answered request gives one
    sentence_start: int = -1  # where its sentence starts: a date opening the sentence dates all its clauses
    in_turn: bool = False  # said in a turn of a recorded conversation (short paragraphs, one per speaker)


@dataclass
class Context:
    text: str
    words: Vocab
    names: list[Finding]
    dates: list[Finding]
    quantities: list[Finding]
    telegrams: list[Finding]
    docs: list[Document]
    datelines: list[tuple[int, str]]
    offices: OfficeTable | None = None
    footnotes: list[Finding] = field(default_factory=list)
    people: list[Mention] = field(default_factory=list)  # every person named, linked or by a title, in order
    sentence_spans: list[Span] = field(default_factory=list)  # the sentences of running text, in order
    sentence_starts: list[int] = field(default_factory=list)
    turns: list[tuple[int, int, Mention, Mention | None]] = field(default_factory=list)
    turn_starts: list[int] = field(default_factory=list)
    people_starts: list[int] = field(default_factory=list)
    name_spans: Spans = field(default_factory=lambda: Spans([]))
    date_spans: Spans = field(default_factory=lambda: Spans([]))
    quantity_spans: Spans = field(default_factory=lambda: Spans([]))


# --- finding cues ---------------------------------------------------------------------------------------------

def clause_cues(text: str, span: Span, words: Vocab, keep_nominal: bool = False) -> list[tuple[Cue, Span]]:
    """The cues of a sentence, left to right, longest first where two overlap; a nominal request cue goes when
    the sentence also decides (unless ``keep_nominal``: the caller then judges it, ``_new_request``)."""
    hits: list[tuple[Cue, Span]] = []
    # Only the cues whose words the sentence holds: most sentences hold none, and a scan per cue was most of the
    # extractor's time.
    for cue in words.cues_in(text, *span):
        for m in cue.pattern.finditer(text, *span):
            hits.append((cue, (m.start(), m.end())))
    hits.sort(key=lambda h: (h[1][0], -(h[1][1] - h[1][0])))
    kept: list[tuple[Cue, Span]] = []
    for cue, (s, e) in hits:
        if kept and s < kept[-1][1][1]:
            continue
        # Two cues of one kind close together ("made repeated requests ... requesting") state one act; the verb
        # says it better than a noun before it ("reconsiders its proposal of 22 December and recommends that").
        if kept and kept[-1][0].kind == cue.kind and s - kept[-1][1][1] < 40:
            if kept[-1][0].nominal and not cue.nominal and not re.search(r"\bto\s+$", text[max(0, s - 4):s]):
                kept[-1] = (cue, (s, e))  # not an infinitive: "in an effort to induce" is what the noun is for
            continue
        # A request named as a noun inside what a request asks for is part of it ("the President's directive that
        # the Departments ... submit ... recommendations for further U.S. action").
        if kept and kept[-1][0].kind == "request" and cue.kind == "request" and cue.nominal \
                and s - kept[-1][1][1] <= 120 and not re.search(r"[;:()]|[.!?]\s", text[kept[-1][1][1]:s]):
            continue
        # What a request asks for is no act of its own: "you request that the Department of State agree to",
        # "asked Stalin to approve", "просил передать ... просьбу" (no clause break between the two cues).
        if kept and kept[-1][0].kind == "request" and not kept[-1][0].nominal \
                and _governed_by_request(text, kept[-1][1][1], s):
            continue
        kept.append((cue, (s, e)))
    if not keep_nominal and any(c.kind == "decision" for c, _ in kept):
        kept = [(c, sp) for c, sp in kept if not (c.kind == "request" and c.nominal)]
    return kept


def _governed_by_request(text: str, lo: int, hi: int) -> bool:
    between = text[lo:hi]
    return hi - lo <= 100 and not re.search(r"[;:()]|,\s+(?:and|but|which|who|и|а|но)\b|\s(?:and|but|но)\s", between)


def hypothetical(text: str, span: Span, words: Vocab) -> bool:
    sentence = text[span[0]:span[1]].strip()
    return sentence.endswith("?") or bool(words.hypothetical.search(sentence))


_IF = re.compile(r"\s*(?:if|unless|если)\b", re.IGNORECASE)


def _main_clause(text: str, sentence: Span, words: Vocab) -> int | None:
    """Where the acts of a sentence may start: None for a question or a hypothesis ("What if ...", "Had they
    ..."); after the condition of an "If ..., X requests" sentence (the condition states no act, the main clause
    does: "If ... the Department of State does not concur ..., this Department requests your concurrence"; a
    modal there, "would agree", is still a possibility); the sentence start otherwise."""
    if not hypothetical(text, sentence, words):
        return sentence[0]
    m = _IF.match(text, sentence[0], sentence[1])
    if m is None:
        return None
    comma = text.find(", ", m.end(), sentence[1])
    return comma + 2 if comma >= 0 else None


# --- names in clauses -----------------------------------------------------------------------------------------

def mentions(ctx: Context, lo: int, hi: int) -> list[Mention]:
    """Names (linked or not), capitalized phrases and pronouns in text[lo:hi], left to right, not overlapping
    dates; a name joined to the next by "and" makes one mention ("Meretskov and Shtykov")."""
    out: list[Mention] = []
    for i in ctx.name_spans.inside(lo, hi):
        n = ctx.names[i]
        # A title alone ("Mr" of "Dear Mr. Draper") names nobody, whatever the names extractor linked it to.
        if str(n["text"]).rstrip(".") in ctx.words.not_names:
            continue
        out.append(Mention(str(n["text"]), int(n["start"]), int(n["end"]),
                           str(n["authority"]) if n.get("authority") else None, str(n.get("type") or "")))
    for m in _CAP_PHRASE.finditer(ctx.text, lo, hi):
        phrase = _trim(m.group(), ctx.words)
        if not phrase:
            continue
        start = m.start() + m.group().index(phrase)
        end = start + len(phrase)
        group = ctx.words.group_nouns.match(ctx.text, end)
        if group is not None and group.end() <= hi:
            end = group.end()  # "U.S. officials": the name and the noun are one party
            phrase = ctx.text[start:end]
        if any(s < end and start < e for s, e in ((x.start, x.end) for x in out)) or _in_date(ctx, start, end):
            continue
        out.append(Mention(phrase, start, end))
    for m in re.finditer(r"\b[\wА-Яа-яЁё]+\b", ctx.text[lo:hi]):
        if m.group() in ctx.words.pronouns:
            out.append(Mention(m.group(), lo + m.start(), lo + m.end()))
    for start, end, rule in office_phrases(ctx.text, lo, hi):
        # An office phrase is one party: it outweighs the capitalized words and places inside it
        # ("the American ambassador in Seoul"), never a linked person or body named there.
        inside = [x for x in out if x.start < end and start < x.end]
        if any(x.authority and x.kind != "place" for x in inside):
            continue
        out = [x for x in out if x not in inside]
        out.append(Mention(ctx.text[start:end], start, end, None, "office", rule))
    out.sort(key=lambda x: x.start)
    return _join_and(ctx.text, out)


def _trim(phrase: str, words: Vocab) -> str:
    """A capitalized phrase without the sentence-opening words that are no names ("In", "Again"), as written
    (a line break inside it kept: "the Joint\nChiefs of Staff")."""
    parts = list(re.finditer(r"\S+", phrase))
    while parts and (parts[0].group().rstrip(".,") in words.not_names) and parts[0].group() not in ("the", "The"):
        parts.pop(0)
    if parts and parts[0].group() in ("the", "The") and len(parts) == 1:
        return ""
    while parts and parts[-1].group().rstrip(".,") in words.not_names:
        parts.pop()
    if not parts or (len(parts) == 1 and parts[0].group() in ("the", "The")):
        return ""
    text = phrase[parts[0].start():parts[-1].end()]
    return text if len(text) > 1 else ""


def _join_and(text: str, found: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in found:
        if out and re.fullmatch(r"\s+(?:and|и)\s+", text[out[-1].end:m.start]):
            prev = out[-1]
            out[-1] = Mention(text[prev.start:m.end], prev.start, m.end, None)
        else:
            out.append(m)
    return out


def holder_of(ctx: Context, m: Mention | None, edtf: str | None) -> Mention | None:
    """An office phrase as the person who held the office on the statement's date (kept as written when the
    date is unknown, or nobody or several fit)."""
    if m is None or m.office is None or ctx.offices is None or m.holder is not None:
        return m
    span = _bounds(edtf)
    held = ctx.offices.holder(m.office, *span) if span else None
    if held is None:
        return m
    return Mention(m.text, m.start, m.end, held.authority, "office", m.office, held)


def _in_date(ctx: Context, start: int, end: int) -> bool:
    return ctx.date_spans.across(start, end)


def writer(ctx: Context, at: int) -> Mention | None:
    """Who writes the passage at ``at``: the speaker of its turn in a record of conversation, a telegram's
    signature, or the author a document heading names."""
    turn = _turn(ctx, at)
    return turn[0] if turn is not None else _party(ctx, at, "from", "author")


def _turn(ctx: Context, at: int) -> tuple[Mention, Mention | None] | None:
    """(speaker, the one who spoke before) of the turn of conversation holding ``at``."""
    k = bisect_right(ctx.turn_starts, at) - 1
    if k >= 0 and ctx.turns[k][0] <= at < ctx.turns[k][1]:
        return ctx.turns[k][2], ctx.turns[k][3]
    return None


def turns(ctx: Context, paras: list[Span]) -> list[tuple[int, int, Mention, Mention | None]]:
    """The paragraphs that open with a speaker's label ("Ким Ир Сен:" on its own line), with who spoke before."""
    out: list[tuple[int, int, Mention, Mention | None]] = []
    before: Mention | None = None
    for lo, hi in paras:
        m = ctx.words.speaker.match(ctx.text, lo, hi)
        if m is None:
            continue
        who = Mention(m["who"], m.start("who"), m.end("who"), _linked(ctx, m.start("who"), m.end("who")), "person")
        out.append((lo, hi, who, before))
        if before is None or before.text != who.text:
            before = who
        # the one spoken to is the last other speaker
        if len(out) > 1 and out[-2][2].text != who.text:
            out[-1] = (lo, hi, who, out[-2][2])
    return out


def reader(ctx: Context, at: int) -> Mention | None:
    """Who the passage at ``at`` is said or written to: the other speaker of a conversation, a telegram's
    addressee, or the reader a document heading names."""
    turn = _turn(ctx, at)
    if turn is not None:
        return turn[1]
    return _party(ctx, at, "to", "reader")


def _party(ctx: Context, at: int, telegram_field: str, heading_field: Literal["author", "reader"]) -> Mention | None:
    """One side of the passage at ``at``: from the telegram that holds it, else from its document's heading."""
    t = telegram_at(ctx.telegrams, at)
    if t is not None:
        side = t.get(telegram_field) or {}
        if side.get("person"):
            return Mention(str(side["person"]), -1, -1, side.get("authority"))
    doc = document_at(ctx.docs, at)
    named = doc.author if heading_field == "author" else doc.reader
    return Mention(named.text, named.start, named.end, _linked(ctx, named.start, named.end)) if named else None


def _linked(ctx: Context, start: int, end: int) -> str | None:
    ids = {str(ctx.names[i]["authority"]) for i in ctx.name_spans.inside(start, end) if ctx.names[i].get("authority")}
    return ids.pop() if len(ids) == 1 else None


def people(ctx: Context) -> list[Mention]:
    """Every person the text names, in order: those the names extractor typed as persons, and unlinked names
    behind a title ("Ambassador Yang", "General Hull", "Mr. Stassen") or a title after "the" ("the Secretary")."""
    out = [Mention(str(n["text"]), int(n["start"]), int(n["end"]),
                   str(n["authority"]) if n.get("authority") else None, "person")
           for n in ctx.names if n.get("type") == "person" and str(n["text"]).rstrip(".") not in ctx.words.not_names]
    titled = re.compile(rf"\b(?:[Tt]he\s+{ctx.words.titles}(?:\s+[A-Z][\w’'-]+)?"
                        rf"|{ctx.words.titles}(?:\s+[A-Z][\w’'-]+){{1,2}})(?![\w-])")
    named = Spans([(p.start, p.end) for p in out])
    for m in titled.finditer(ctx.text):
        # Titled names found here never overlap one another (one pass of one pattern): only the named ones count.
        if not named.across(m.start(), m.end()):
            out.append(Mention(m.group(), m.start(), m.end(), None, "person"))
    # Named once with a title, a person is then named by surname alone ("Foreign Minister Pyun" ... "Pyun").
    surnames = {p.text.split()[-1] for p in out if p.text[:1].isupper() and len(p.text.split()) > 1}
    surnames -= ctx.words.not_names
    taken = sorted((p.start, p.end) for p in out)
    for m in _CAPITALIZED.finditer(ctx.text):  # one pass, whatever the number of surnames
        if m.group() not in surnames:
            continue
        k = bisect_right(taken, (m.start(), len(ctx.text))) - 1
        if k >= 0 and taken[k][0] <= m.start() < taken[k][1]:
            continue
        out.append(Mention(m.group(), m.start(), m.end(), None, "person"))
    return sorted(out, key=lambda p: p.start)


def _people_in(ctx: Context, lo: int, hi: int) -> list[Mention]:
    """The people named between ``lo`` and ``hi`` (bisected: a text may name thousands)."""
    a = bisect_left(ctx.people_starts, lo)
    b = bisect_left(ctx.people_starts, hi)
    return ctx.people[a:b]


def _sentence_of(ctx: Context, at: int) -> int | None:
    """The index of the sentence holding ``at``."""
    k = bisect_right(ctx.sentence_starts, at) - 1
    if k >= 0 and ctx.sentence_spans[k][0] <= at < ctx.sentence_spans[k][1]:
        return k
    return None


def _opening(ctx: Context, sentence: Span) -> Mention | None:
    """The person or "he"/"she" a sentence opens with, after at most a short opening phrase ("In addition, he
    explained", "On the question of the NNSC, Mr. Jones pointed out")."""
    lo, hi = sentence
    pronoun = re.compile(r"\b(?:he|she|He|She)\b")
    cands = _people_in(ctx, lo, hi)[:1]
    m = pronoun.search(ctx.text, lo, hi)
    if m is not None:
        cands.append(Mention(m.group(), m.start(), m.end()))
    if not cands:
        return None
    first = min(cands, key=lambda p: p.start)
    if re.fullmatch(r"\W*(?:[^,.;]{0,30},\s*)?", ctx.text[lo:first.start]):
        return first
    return None


def _he(ctx: Context, m: Mention, depth: int = 0) -> Mention | None:
    """Whom "he" stands for: the person its sentence opens with; for a "he" that opens the sentence, the person
    the sentences before open with; else the last person named. A name counts though no authority links it."""
    k = _sentence_of(ctx, m.start)
    doc = document_at(ctx.docs, m.start).start
    if k is not None and depth < 4:
        opening = _opening(ctx, ctx.sentence_spans[k])
        if opening is not None and opening.start < m.start:
            return _he(ctx, opening, depth + 1) if opening.kind != "person" else opening
        for lo, hi in reversed(ctx.sentence_spans[max(0, k - 3):k]):
            if lo < doc:
                break
            before = _opening(ctx, (lo, hi))
            if before is not None:
                return _he(ctx, before, depth + 1) if before.kind != "person" else before
    last = [p for p in _people_in(ctx, doc, m.start)[-3:] if p.end <= m.start]
    return last[-1] if last else None


def _reported_speaker(ctx: Context, m: Mention) -> Mention | None:
    """Whom a first-person pronoun stands for in reported speech: the person its sentence opens with, when a
    reporting verb stands between them ("Mr. Robertson said that we recommend"); a record of conversation's own
    turns are left to the speaker's label."""
    k = _sentence_of(ctx, m.start)
    if k is None or _turn(ctx, m.start) is not None:
        return None
    opening = _opening(ctx, ctx.sentence_spans[k])
    if opening is None or opening.start >= m.start:
        return None
    if not ctx.words.reporting.search(ctx.text, opening.end, m.start):
        return None
    return _he(ctx, opening) if opening.kind != "person" else opening


def resolve(ctx: Context, m: Mention, found: list[Found], agent: Mention | None = None) -> Mention:
    """A pronoun replaced by whom it stands for (kept as written when nothing says); an object pronoun ("him")
    is never the clause's own agent."""
    role = ctx.words.pronouns.get(m.text)
    if role == "writer":
        return _reported_speaker(ctx, m) or writer(ctx, m.start) or m
    if role == "reader":
        return reader(ctx, m.start) or m
    if role == "object":
        doc = document_at(ctx.docs, m.start).start
        others = [p for p in _people_in(ctx, doc, m.start)[-6:] if p.end <= m.start and not _same_party(p, agent)]
        return others[-1] if others else m
    if role == "previous":
        person = _he(ctx, m)
        if person is not None:
            return person
        if found and found[-1].agent:
            return found[-1].agent
    if role == "group" and found and found[-1].agent:
        return found[-1].agent
    return m


# --- dates ----------------------------------------------------------------------------------------------------

def _bounds(edtf: str | None) -> tuple[date, date] | None:
    if not edtf:
        return None
    try:
        value = parse_edtf(edtf)
    except EdtfError:
        return None
    if value.earliest is None or value.latest is None:
        return None
    return value.earliest, value.latest


def shift(edtf: str, unit: str, step: int) -> str | None:
    """``edtf`` moved by ``step`` units, at the unit's precision ("1950-02" + 1 month = "1950-03")."""
    b = _bounds(edtf)
    if b is None:
        return None
    lo = b[0]
    if unit == "year":
        return f"{lo.year + step:04d}"
    if unit == "month":
        months = lo.year * 12 + lo.month - 1 + step
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    days = step * (7 if unit == "week" else 1)
    ordinal = lo.toordinal() + days
    if not date.min.toordinal() <= ordinal <= date.max.toordinal():
        return None  # moved off the calendar (before year 1 or after 9999): no date
    return date.fromordinal(ordinal).isoformat()


def _dates_what_else(ctx: Context, d: Finding, cue_start: int) -> bool:
    """A date given as "X of <date>" dates X ("the Resolution of December 12, 1948", "its proposal of 22
    December"), not the act the cue states; unless X is the letter the act is made in ("your letter of December
    22, 1948 in which you request") or the words say it is the act's date ("under date of")."""
    start = int(d["start"])
    head = ctx.text[max(0, start - 40):start]
    if not re.search(r"\b(?:of|dated|от)\s*$", head, re.IGNORECASE) or re.search(r"\bdate\s+of\s*$", head):
        return False
    if ctx.words.dated_carrier.search(head):
        return False
    return not re.search(r"\b(?:in\s+which|wherein|в\s+котор\w+)\b", ctx.text[int(d["end"]):cue_start])


def act_date(ctx: Context, f: Found, clause: Span, found: list[Found]) -> tuple[str | None, str | None]:
    # The dates starting in a range, in the dates extractor's order, found by bisection: once per statement.
    def starting(lo: int, hi: int) -> list[Finding]:
        return [ctx.dates[i] for i in ctx.date_spans.starting(lo, hi)]

    before = [d for d in starting(clause[0], f.cue_span[0])
              if not str(d["edtf"]).startswith("..") and not _dates_what_else(ctx, d, f.cue_span[0])]
    if before:
        return _recalled(ctx, f, clause, before[0]), "phrase"
    right_after = [d for d in starting(f.cue_span[1], f.cue_span[1] + 7)
                   if re.fullmatch(r"\s*(?:of|on|от)?\s*", ctx.text[f.cue_span[1]:int(d["start"])])]
    if right_after:
        return str(right_after[0]["edtf"]), "phrase"
    # "On April 8, the Council voted ..., but the resolution failed": the sentence's date, unless an earlier
    # statement of the sentence stands between it and this clause (then that one's date is the nearer fact).
    opening = [d for d in starting(f.sentence_start, clause[0])
               if not str(d["edtf"]).startswith("..") and not _dates_what_else(ctx, d, f.cue_span[0])
               and not any(int(d["start"]) < x.cue_span[0] < clause[0] for x in _same_sentence(f, found))]
    if opening:
        return _recalled(ctx, f, clause, opening[-1]), "phrase"
    # The nearest statement before with a date, among the last few (a hostile text may hold thousands undated).
    last = next((x for x in found[:-_LOOKBACK * 4 - 1:-1] if x.date), None)
    for rel in ctx.words.relative:
        m = rel.pattern.search(ctx.text, clause[0], f.cue_span[0])
        if m:
            base = last.date if last else _last_date(ctx, clause[0])
            moved = shift(base, rel.unit, rel.step) if base else None
            if moved:
                return moved, "relative"
    if last is not None and last.paragraph == f.paragraph:
        return last.date, "previous"
    t = telegram_at(ctx.telegrams, f.start)
    if t is not None and t.get("sent"):
        return str(t["sent"])[:10], "telegram"
    doc = document_at(ctx.docs, f.start)
    line = _dateline(ctx, doc.start, f.start)
    if line:
        return line, "dateline"
    context = _last_date(ctx, f.start)
    return (context, "context") if context else (None, None)


_PAST = re.compile(r"\b(?:had|was|were|did)\b|\w+ed\b|[а-яё]+л[аио]?\b", re.IGNORECASE)


def _dateline(ctx: Context, lo: int, hi: int) -> str | None:
    """The last dateline between ``lo`` and ``hi`` (bisected: a text may hold thousands)."""
    k = bisect_left(ctx.datelines, (hi, "")) - 1
    return ctx.datelines[k][1] if k >= 0 and ctx.datelines[k][0] >= lo else None


def _same_sentence(f: Found, found: list[Found]) -> Iterator[Found]:
    """The statements found before ``f`` in its sentence (the last ones of the list)."""
    for x in reversed(found):
        if x.sentence_start != f.sentence_start:
            return
        yield x


def _recalled(ctx: Context, f: Found, clause: Span, d: Finding) -> str:
    """A date written without its year takes the year of the document it stands in (the dates extractor's
    reading); but an act told in the past cannot fall after the document that tells it: "recalled that at a
    meeting in early December, Mr. Murphy had promised" in a memorandum of February 1955 is December 1954."""
    edtf = str(d["edtf"])
    if re.search(r"\d{4}", ctx.text[int(d["start"]):int(d["end"])]):
        return edtf
    doc = document_at(ctx.docs, f.start)
    line = _dateline(ctx, doc.start, f.start)
    said, written = _bounds(edtf), _bounds(line) if line else None
    if said is None or written is None or said[0] <= written[1]:
        return edtf
    if not _PAST.search(ctx.text, clause[0], f.cue_span[1]):
        return edtf
    return re.sub(r"\b(\d{4})(?=-|$|/)", lambda m: f"{int(m.group(1)) - 1:04d}", edtf)


def _last_date(ctx: Context, before: int) -> str | None:
    """The last date of the text ending before ``before`` (found by bisection: once per statement)."""
    spans = ctx.date_spans
    for k in range(bisect_right(spans.starts, before) - 1, -1, -1):
        d = ctx.dates[spans.order[k]]
        if int(d["end"]) <= before and not str(d["edtf"]).startswith(".."):
            return str(d["edtf"])
    return None


# --- objects, answers, latency -------------------------------------------------------------------------------

def clause_end(text: str, start: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, start, limit)
    return m.start() if m else limit


def object_after(ctx: Context, at: int, end: int, skip: Mention | None) -> str | None:
    near = skip is not None and skip.start >= at and _between(ctx.text, at, skip.start,
                                                              r"\s*(?:to\s+|к\s+|that\s+)?(?:the\s+)?")
    start = skip.end if skip is not None and near else at
    obj = _LEAD.sub("", ctx.text[start:clause_end(ctx.text, start, end)]).strip(" ,.;:“”\"«»")
    obj = " ".join(obj.split())
    return obj[:160] or None


def stems(text: str | None) -> set[str]:
    out: set[str] = set()
    for w in _WORD.findall((text or "").lower()):
        w = _RU_ENDINGS.sub("", w) if re.search("[а-яё]", w) else w
        out.add(w[:5])
    return out


def answered(f: Found, index: int, found: list[Found], text: str) -> int | None:
    """The index of the request ``f`` answers, or None."""
    if index and found[index - 1].kind == "decision" and found[index - 1].paragraph == f.paragraph \
            and found[index - 1].responds_to is not None:
        return found[index - 1].responds_to
    mine = stems(f.object) | stems(f.said)
    # (shares words, put to this statement's agent, shared words, nearness) of each request it may answer.
    best: tuple[int, int, int, int] | None = None
    near = list(_requests_before(f, index, found))
    for i in near:
        r = found[i]
        if _same_party(r.agent, f.agent):
            continue  # nobody answers their own request
        shared = len(mine & stems(r.object))
        score = (int(shared > 0), int(_same_party(r.addressee, f.agent)), shared, i)
        if best is None or score[:3] > best[:3]:
            best = score
    if best is None:
        return None
    if best[0]:
        return best[3]
    if f.kind != "decision":
        # A delivery answers a request only when they speak of the same thing, or it covers a share ("75% of
        # the required sum") of what the nearest request asked an amount of.
        if not _partly(f, None):
            return None
        return next((i for i in near if found[i].quantity is not None), None)
    parties = stems(f.agent.text if f.agent else None) | stems(f.addressee.text if f.addressee else None)
    if len(stems(f.said) - parties) >= 3:
        return None  # the decision says what it decides, and that is nothing any request asked for
    return next((i for i in near if f.paragraph - found[i].paragraph <= 1 or f.telegram is not None), None)


def _requests_before(f: Found, index: int, found: list[Found]) -> Iterator[int]:
    """The indices of the requests before ``found[index]`` near enough to be answered by ``f``, nearest first:
    at most LOOKBACK of them among the LOOKBACK * 4 statements before (one paragraph of a hostile text may hold
    thousands, and every decision looks back)."""
    seen = 0
    for i in range(index - 1, max(-1, index - 1 - _LOOKBACK * 4), -1):
        r = found[i]
        if not _near(f, r):
            return
        if r.kind == "request":
            yield i
            seen += 1
            if seen >= _LOOKBACK:
                return


def _near(f: Found, r: Found) -> bool:
    """Close enough to answer: within two paragraphs (six turns of a conversation), or in a later telegram."""
    window = 6 if f.in_turn and r.in_turn else 2
    return f.paragraph - r.paragraph <= window or (f.telegram is not None and r.telegram is not None
                                                   and int(r.telegram["start"]) < int(f.telegram["start"]))


def latency(ctx: Context, f: Found, r: Found) -> dict[str, Any]:
    out: dict[str, Any] = {}
    a, b = _bounds(r.date), _bounds(f.date)
    if a and b:
        out["min_days"] = max(0, (b[0] - a[1]).days)
        out["max_days"] = max(0, (b[1] - a[0]).days)
    if f.telegram is not None and r.telegram is not None:
        s1, s2 = r.telegram.get("sent"), f.telegram.get("sent")
        if s1 and s2 and "T" in str(s1) and "T" in str(s2):
            out["minutes"] = int((datetime.fromisoformat(str(s2)) - datetime.fromisoformat(str(s1))).total_seconds()
                                 // 60)
    m = ctx.words.stated_latency.search(ctx.text, f.start, f.end)
    if m:
        out["stated"] = m.group()
    return out


def _counts(text: str | None) -> dict[str, float]:
    """Numbers of things as written ("200 грузовых автомашин", "120 trucks"): the counted word's stem -> number."""
    out: dict[str, float] = {}
    for m in re.finditer(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0]\d{3})*|\d+)\s+((?:[^\W\d_]+\s+){0,2}[^\W\d_]{3,})",
                         text or ""):
        last = m[2].split()[-1].lower()
        out.setdefault(_RU_ENDINGS.sub("", last)[:5], float(re.sub(r"\D", "", m[1])))
    return out


def _partly(f: Found, r: Found | None) -> bool:
    if r is not None:
        # Fewer of the same things than were asked for, as the words count them (no unit a quantity has).
        asked, given = _counts(r.object), _counts(f.said or f.object)
        if any(k in asked and n < asked[k] for k, n in given.items()):
            return True
    q = f.quantity
    if q is not None and q.get("kind") == "percent" and isinstance(q.get("value"), int | float) \
            and float(q["value"]) < 100:
        return True
    if r is None or q is None or r.quantity is None:
        return False
    rq = r.quantity
    return bool(q.get("unit") == rq.get("unit") and isinstance(q.get("value"), int | float)
                and isinstance(rq.get("value"), int | float) and float(q["value"]) < float(rq["value"]))


# --- assembling -----------------------------------------------------------------------------------------------

def subject(ms: list[Mention], words: Vocab) -> Mention | None:
    """The clause's subject among the mentions before its cue: the first linked person or body, else the first
    pronoun or phrase of several words, else the first word. A lone capitalized word is weak evidence:
    sentences open with one ("Wanting to cut through the red tape, they ...")."""
    for test in (lambda m: m.authority is not None and m.kind != "place",
                 lambda m: m.text in words.pronouns or " " in m.text,
                 lambda m: True):
        for m in ms:
            if words.pronouns.get(m.text) == "object":
                continue
            if test(m):
                return m
    return None


_COMPLEMENT = re.compile(r"\b(?:that|что|чтобы)\b", re.IGNORECASE)


def _inner(ctx: Context, before: list[Mention], lo: int, cue_start: int) -> list[Mention]:
    """The mentions that can be the cue's subject: those after the last "that" before it, when that clause names
    one ("a report ... that the President, after full discussion with the Departments, had requested": the
    President asks, not whoever reported it); all of them otherwise."""
    comps = list(_COMPLEMENT.finditer(ctx.text, lo, cue_start))
    if not comps:
        return before
    inner = [m for m in before if m.start >= comps[-1].end()]
    return inner or before


def _between(text: str, lo: int, hi: int, pattern: str) -> bool:
    return re.fullmatch(pattern, text[lo:hi], re.IGNORECASE) is not None


def adjacent_subject(ctx: Context, before: list[Mention], cue_start: int) -> Mention | None:
    """The name or pronoun standing right before the cue's verb ("the Department of the Army recommends",
    "мы согласны"), unless a preposition governs it ("I wrote to you recommending")."""
    if not before:
        return None
    last = before[-1]
    if ctx.words.pronouns.get(last.text) == "object":
        return None
    if _TO_VERB.fullmatch(ctx.text, last.end, cue_start) is None:
        return None
    if _GOVERNED.search(ctx.text, max(0, last.start - 12), last.start):
        return None
    return last


def relayed_to(ctx: Context, before: list[Mention], clause_start: int) -> Mention | None:
    """Whom a relayed message is for: "Передайте товарищу Мао Цзэдуну, что ...", "Tell Kim that ..."."""
    for m in before:
        if ctx.words.relay.search(ctx.text[clause_start:m.start]):
            return m
    return None


def _maybe_same(a: Mention | None, b: Mention | None) -> bool:
    """Whether two agents may be one party: either unknown, or they share a word ("the Representatives of the
    Commonwealth Chiefs of Staff" and "the Representatives of the Australian, ... Chiefs of Staff")."""
    return a is None or b is None or _same_party(a, b) or bool(stems(a.text) & stems(b.text))


def _same_party(a: Mention | None, b: Mention | None) -> bool:
    """Two mentions of one party: the same authority, or the content words of one all in the other's
    ("Department of State" and "the Department of State"; not "the Department of the Army")."""
    if a is None or b is None:
        return False
    if a.authority and a.authority == b.authority:
        return True
    wa, wb = stems(a.text), stems(b.text)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _after_own_date(ctx: Context, m: re.Match[str]) -> str:
    """What a request noun asks for, past the date it carries: "request of November 9, 1948[3] for the
    postponement" asks for the postponement."""
    start = m.start("obj")
    own = [d for d in ctx.dates if int(d["start"]) == start]
    if own:
        rest = re.match(r"[\W\d]*?\s*for\s+", ctx.text[int(own[0]["end"]):m.end("obj")])
        if rest:
            return ctx.text[int(own[0]["end"]) + rest.end():m.end("obj")]
    return str(m["obj"])


def build(ctx: Context, f: Found, clause: Span, found: list[Found]) -> None:
    cue_start, cue_end = f.cue_span
    before = [m for m in mentions(ctx, clause[0], cue_start)
              if not (f.cue.kind == "decision" and ctx.words.pronouns.get(m.text) == "reader")]
    relay = relayed_to(ctx, before, clause[0])
    if relay is not None:
        before = [m for m in before if m is not relay]
    after = mentions(ctx, cue_end, min(f.end, cue_end + 80))
    in_document = telegram_at(ctx.telegrams, f.start) is not None or document_at(ctx.docs, f.start).author is not None
    direct = [m for m in after if _between(ctx.text, cue_end, m.start, r"\s*(?:to\s+|к\s+)?")
              or (m.text in ctx.words.pronouns and _between(ctx.text, cue_end, m.start, r"\s*that\s+"))
              # "requesting that the United States retain": who is asked to act is whom the request is put to.
              or (f.kind == "request" and ctx.words.pronouns.get(m.text) != "writer"
                  and _between(ctx.text, cue_end, m.start, r"(?:,[^,.;]{1,25},)?\s*that\s+(?:the\s+)?"))]
    source = [m for m in after if _between(ctx.text, cue_end, m.start, r"\s*from\s+")]
    # "recommended by CINCUNC", "as approved by the President", "had been assured by Mr. Stassen": the agent follows.
    by = [m for m in after if ctx.words.passive_by.fullmatch(ctx.text[cue_end:m.start])]
    # "The attached letter to you from Mr. Hensel requests": the sender of the message asks.
    sender = [m for m in before if ctx.words.carrier_from.match(ctx.text[clause[0]:m.start])]
    # A cue that opens with its subject ("you request", "I request") names its agent itself.
    own = re.match(r"[\wА-Яа-яЁё]+", ctx.text[cue_start:cue_end])
    own_subject = Mention(own.group(), cue_start, cue_start + own.end()) \
        if own and own.group() in ctx.words.pronouns else None
    # "По мнению МИД СССР, предложение ... является неприемлемым": whose judgement it is decides.
    judge = next((m for m in before if ctx.words.opinion_of is not None
                  and ctx.words.opinion_of.search(ctx.text, max(clause[0], m.start - 30), m.start)), None)
    first = own_subject or judge or adjacent_subject(ctx, before, cue_start) \
        or subject(_inner(ctx, before, clause[0], cue_start), ctx.words)
    inner = _REPORTED.search(ctx.text, cue_start, cue_end)
    if f.cue.receiver_after:
        # "The money received by the Soviet Civil Administration": the named one receives what stands before.
        f.addressee = resolve(ctx, after[0], found) if after and _between(ctx.text, cue_end, after[0].start,
                                                                            r"\s*(?:the\s+)?") else None
        f.agent = resolve(ctx, source[0], found) if source else None
        f.object = " ".join(_LEAD.sub("", ctx.text[clause[0]:cue_start]).split()).strip(" ,") or None
    elif f.cue.passive:
        # "Передайте Ким Ир Сену, что специалисты будут направлены": the writer gives, the named one receives.
        f.agent = writer(ctx, f.start)
        f.addressee = resolve(ctx, first, found) if first else reader(ctx, f.start)
        lo = first.end if first else clause[0]
        f.object = " ".join(re.sub(r"^[\s,]*(?:что|that)\b", "", ctx.text[lo:cue_start]).split()).strip(" ,") or None
    else:
        if inner is not None:
            # "He said he would approve", "informed him I would inform him": the one who would act promises, to
            # the one told.
            f.agent = resolve(ctx, Mention(inner["who"], inner.start("who"), inner.end("who")), found)
            if inner["told"]:
                told_to = Mention(inner["told"], inner.start("told"), inner.end("told"))
                f.addressee = resolve(ctx, told_to, found, f.agent)
        elif by:
            f.agent = resolve(ctx, by[0], found)
            near = adjacent_subject(ctx, before, cue_start)
            if f.kind != "decision" and near is not None:
                f.addressee = resolve(ctx, near, found, f.agent)  # "he had been assured by Mr. Stassen": he is told
            if f.kind == "decision":  # "The action in b above, as approved by the President": what stands before
                subject_words = _LEAD.sub("", ctx.text[clause[0]:cue_start])
                f.object = " ".join(_PASSIVE_TAIL.sub("", subject_words).split()).strip(" ,") or None
            else:  # "assured by Mr. Stassen that every effort would be made": what follows the agent
                f.object = object_after(ctx, by[0].end, f.end, None)
        elif sender and f.kind == "request":
            f.agent = resolve(ctx, sender[-1], found)
        elif f.cue.first_person or (not first and ctx.words.impersonal.search(ctx.text[clause[0]:cue_start])):
            f.agent = writer(ctx, f.start)
        elif source:
            # "aid pledges from Stalin": the giver follows; the subject before receives.
            f.agent = resolve(ctx, source[0], found)
            if first:
                f.addressee = resolve(ctx, first, found)
        elif first:
            f.agent = resolve(ctx, first, found)
        elif after and f.kind == "decision":
            f.agent = resolve(ctx, after[0], found)
        if f.agent is None and f.kind == "decision" and in_document:
            f.agent = writer(ctx, f.start)  # "В просьбе о судах отказать": the writer decides
        if f.agent is None and f.kind in ("request", "offer") and in_document and not f.cue.nominal \
                and _OPENS.fullmatch(ctx.text, f.sentence_start, cue_start):
            # A verb with no subject opening its sentence ("Request instructions", "Готов принять…") is the
            # writer's, as telegraphese and a signed telegram write it.
            f.agent = writer(ctx, f.start)
        if f.agent is None and f.kind in ("request", "offer") and not before and _turn(ctx, f.start) is not None:
            # "Нужна помощь Советского Союза" in a turn of conversation: a clause with no subject is the speaker's.
            # (In running prose a missing subject is more often one the reader did not find: left unset.)
            f.agent = writer(ctx, f.start)
        if f.addressee is None and direct and (f.agent is None or direct[0].start != f.agent.start):
            f.addressee = resolve(ctx, direct[0], found, f.agent)
        elif f.addressee is None and (telegram_at(ctx.telegrams, f.start) is not None
                                      or (f.agent is not None and f.agent == writer(ctx, f.start))):
            f.addressee = reader(ctx, f.start)  # a telegram's or the writer's own statement is to its reader
        if not by:
            f.object = object_after(ctx, cue_end, f.end, direct[0] if direct else None)
    if relay is not None:
        f.addressee = resolve(ctx, relay, found, f.agent)
    if f.kind in ("request", "offer") and f.agent is not None and not direct and inner is None:
        # "I wrote to you recommending": the one written to, between the agent and the cue, is asked.
        told = [m for m in before if m.start > max(f.agent.start, first.start if first else -1)
                and re.search(r"\bto\s+$", ctx.text[max(0, m.start - 4):m.start])]
        if told:
            f.addressee = resolve(ctx, told[0], found, f.agent)
    if f.addressee is not None and _same_party(f.addressee, f.agent):
        f.addressee = reader(ctx, f.start) if f.kind != "decision" else None  # nobody asks themselves
    f.said = f.object
    if f.kind == "decision" or (f.kind == "request" and f.cue.nominal):
        # A request noun's own object ("request for X"), not that of another noun further on in what it asks
        # ("directive that the Departments ... submit ... recommendations for further U.S. action").
        m = _REQUEST_NOUN.search(ctx.text, clause[0], f.end) if f.kind == "decision" \
            else _REQUEST_NOUN.match(ctx.text, cue_start, f.end)
        q = _QUESTION.search(ctx.text, clause[0], cue_start)
        if m:
            f.object = " ".join(_after_own_date(ctx, m).split())
        elif q and f.kind == "decision":
            f.object = " ".join(q["obj"].split())
        elif f.kind == "decision":
            f.object = None  # what was decided is what was asked: taken from the request it answers
    qs = [ctx.quantities[i] for i in ctx.quantity_spans.inside(f.start, f.end)]
    f.quantity = qs[0] if qs else None
    f.date, f.date_from = act_date(ctx, f, clause, found)
    f.telegram = telegram_at(ctx.telegrams, f.start)
    f.in_turn = _turn(ctx, f.start) is not None
    f.decision = f.cue.decision


def statements(ctx: Context) -> list[Found]:
    found: list[Found] = []
    ctx.name_spans, ctx.date_spans, ctx.quantity_spans = _spans(ctx.names), _spans(ctx.dates), _spans(ctx.quantities)
    skip = skipped(ctx.text, ctx.telegrams, ctx.footnotes)
    paras = paragraphs(ctx.text, skip)
    para_sentences = [sentences(ctx.text, para) for para in paras]  # read once: the loop below walks them again
    ctx.sentence_spans = [sp for spans in para_sentences for sp in spans]
    ctx.sentence_starts = [lo for lo, _ in ctx.sentence_spans]
    ctx.turns = turns(ctx, paras)
    ctx.turn_starts = [t[0] for t in ctx.turns]
    ctx.people = people(ctx)
    ctx.people_starts = [p.start for p in ctx.people]
    heading = False
    for p_index, para in enumerate(paras):
        para_asks = False  # whether a request cue stood before in the paragraph
        after_heading, heading = heading, bool(ctx.words.recommendation_heading.fullmatch(ctx.text, *para))
        for s_index, sentence in enumerate(para_sentences[p_index]):
            main = _main_clause(ctx.text, sentence, ctx.words)
            if main is None:
                continue
            cues = [(c, sp) for c, sp in clause_cues(ctx.text, sentence, ctx.words, keep_nominal=True)
                    if sp[0] >= main]
            decides = any(c.kind == "decision" for c, _ in cues)
            if s_index == 0:
                cues = _recommended(ctx, sentence, after_heading) + cues
            if not cues and found and found[-1].paragraph == p_index:
                _conditions(ctx, sentence, found[-1])
            acts = [(cue, span) for k, (cue, span) in enumerate(cues)
                    if not not_an_act(ctx.text, sentence, cue, span, ctx.words)
                    and not _no_decision(_opinion(ctx, cue, span),
                                         para_asks or any(c.kind == "request" for c, _ in cues[:k]))]
            para_asks = para_asks or any(c.kind == "request" for c, _ in cues)
            if decides:
                acts = [a for k, a in enumerate(acts) if not (a[0].kind == "request" and a[0].nominal)
                        or _kept_nominal(ctx, acts, k, sentence, p_index, found)]
            cues = acts
            for k, (cue, span) in enumerate(cues):
                start, end = _bounds_of(ctx.text, cues, k, sentence)
                f = Found(cue.kind, cue, span, start, end, p_index, sentence_start=sentence[0])
                build(ctx, f, (start, end), found)
                if cue.kind == "delivery" and cue.nominal and f.quantity is None:
                    continue  # "problems with deliveries": deliveries as a topic, no delivery reported
                if cue.kind == "request" and cue.nominal and not _new_request(ctx, f, found, decides):
                    continue
                found.append(f)
    for f in found:
        f.agent, f.addressee = holder_of(ctx, f.agent, f.date), holder_of(ctx, f.addressee, f.date)
    for i, f in enumerate(found):
        if f.kind == "decision" or (f.kind == "delivery" and _partly(f, None)):
            f.responds_to = named_in(f, i, found)
            if f.responds_to is None:
                f.responds_to = answered(f, i, found, ctx.text)
            r = found[f.responds_to] if f.responds_to is not None else None
            if r is not None:
                if f.addressee is None:
                    f.addressee = r.agent
                if f.object is None:
                    f.object = r.object
                f.latency = latency(ctx, f, r)
                if r.addressee is None:
                    r.addressee = f.agent  # whom a request was put to is who answers it
            if f.object is None:
                f.object = f.said
            if f.decision in (None, "approved") and _partly(f, r):
                f.decision = "partly approved"
    return found


# How many requests before it a request noun is compared with (a paragraph of a hostile text may hold thousands).
_LOOKBACK = 50


def _new_request(ctx: Context, f: Found, found: list[Found], decides: bool) -> bool:
    """Whether a request named as a noun is one of its own. Not when it names an earlier request near it ("it is
    apparent from the request of the Representatives": two words or more of what it asks in common). In a
    sentence that decides, only when it asks something of its own and is neither the reader's ("your proposal",
    "Ваше предложение ... считаем неприемлемым") nor one an earlier request near it may be: "Просьбу Ким Ир Сена о
    горючем ... удовлетворяем" answers the request made before, "I concur fully in the JCS recommendation regarding
    ..." names one the text has not stated."""
    mine = stems(f.object)
    earlier = [found[i] for i in _requests_before(f, len(found), found)]
    if _DEFINITE.search(ctx.text, max(0, f.cue_span[0] - 12), f.cue_span[0]) \
            and any(len(mine & stems(r.object)) >= 2 and _maybe_same(r.agent, f.agent) for r in earlier):
        return False
    if not decides:
        return True
    if not mine or earlier:
        return False
    return _READERS.search(ctx.text, max(0, f.cue_span[0] - 30), f.cue_span[0]) is None


def _bounds_of(text: str, cues: list[tuple[Cue, Span]], k: int, sentence: Span) -> Span:
    """The clause of the k-th cue of a sentence: from the break after the cue before to the break before the next."""
    span = cues[k][1]
    start = sentence[0] if k == 0 else _clause_start(text, cues[k - 1][1][1], span[0])
    end = _clause_start(text, span[1], cues[k + 1][1][0]) if k + 1 < len(cues) else sentence[1]
    return start, end


def _kept_nominal(ctx: Context, cues: list[tuple[Cue, Span]], k: int, sentence: Span, p_index: int,
                  found: list[Found]) -> bool:
    """Whether a request named as a noun in a sentence that decides is one of its own (``_new_request``), judged
    before the sentence is cut into clauses: one that is not must not cut the decision's clause short ("Просьбу
    Ким Ир Сена о горючем ... удовлетворяем": the decision's object is in the noun's words)."""
    cue, span = cues[k]
    start, end = _bounds_of(ctx.text, cues, k, sentence)
    f = Found(cue.kind, cue, span, start, end, p_index, sentence_start=sentence[0])
    build(ctx, f, (start, end), found)
    return _new_request(ctx, f, found, True)


def named_in(f: Found, index: int, found: list[Found]) -> int | None:
    """The request a decision names in its own sentence, right after it ("I concur fully in the JCS recommendation
    regarding ..."): the one it answers."""
    if f.kind != "decision" or index + 1 >= len(found):
        return None
    r = found[index + 1]
    if r.kind == "request" and r.cue.nominal and r.sentence_start == f.sentence_start \
            and not _same_party(r.agent, f.agent):
        return index + 1
    return None


_RECOMMENDATION = Cue("request", re.compile(r"\bThat\b"), first_person=True)


def _recommended(ctx: Context, sentence: Span, after_heading: bool) -> list[tuple[Cue, Span]]:
    """A "That you sign ..." paragraph under a "Recommendation" heading (or opening "Recommendation: That")
    is the writer's request to the reader."""
    m = ctx.words.recommendation_body.match(ctx.text, sentence[0], sentence[1])
    if m is None or not (after_heading or ctx.text[m.start():m.end()].lower().startswith("recommend")):
        return []
    return [(_RECOMMENDATION, (m.end() - 4, m.end()))]


def _no_decision(opinion: str | None, asked_before: bool) -> bool:
    return opinion == "remark" or (opinion == "bare" and not asked_before)


def _opinion(ctx: Context, cue: Cue, span: Span) -> str | None:
    """Agreement with a remark, not a decision on a request: a bare "concurred" ("The Ambassador concurred, but
    stated ..."), "agreed that <what is>" ("agreed that action initiated by the Swiss and Swedes was the most
    desirable way": a "remark"). A "bare" one still decides when a request stands before it in its paragraph
    ("Kim asked whether ... . The purpose ... . Stalin concurred.")."""
    said = ctx.text[span[0]:span[1]].lower()
    verb = re.search(r"\b(?:concur|agree)", said)  # past a subject the cue holds ("I agreed")
    if cue.kind != "decision" or verb is None or said[:verb.start()].strip(" .,") and verb.start() > 12:
        return None
    said = said[verb.start():]
    rest = ctx.text[span[1]:span[1] + 200]
    if said.endswith("that"):
        opinion = ctx.words.opinion_clause.match(rest)
        action = ctx.words.action_clause.match(rest)
        return "remark" if opinion is not None and (action is None or opinion.end() < action.end()) else None
    return "bare" if ctx.words.opinion_after.match(rest) is not None else None


def not_an_act(text: str, sentence: Span, cue: Cue, span: Span, words: Vocab) -> bool:
    """A cue that states a possibility, a fear or hope, a relayed courtesy, the content of a resolution, or what
    a request asks for ("recommendation is that CINCUNC be authorized")."""
    if _possible(text, sentence, cue, span, words):
        return True
    # An infinitive under a possibility, an effort, a wish or a causative is an act not done ("it would be
    # impossible to get the Government willingly to agree to reduce"); "It took Stalin less than a day to give the
    # OK" reports one. A governing cue ("asked Stalin to approve") has already been kept instead.
    if not cue.nominal and re.search(r"\bto\s+$", text[max(sentence[0], span[0] - 4):span[0]]):
        clause = _LAST_BREAK.split(text[max(sentence[0], span[0] - 100):span[0]])[-1]
        if words.irrealis.search(clause):
            return True
    if cue.kind == "decision" and re.search(r"\bbe\s+$", text[max(sentence[0], span[0] - 4):span[0]]):
        return True
    # "(3) that if the Communists do not agree to the liquidation": a condition inside the sentence.
    clause = _LAST_BREAK.split(text[max(sentence[0], span[0] - 80):span[0]])[-1]
    if _CONDITIONAL.search(clause):
        return True
    if words.apprehended.search(text, max(sentence[0], span[0] - 300), span[0]):  # bounded: sentences may be long
        return True
    if cue.kind == "request" and words.courtesy.search(text[span[1]:min(sentence[1], span[1] + 80)]):
        return True
    return text[span[0]:span[1]].lower().endswith("ing") and bool(
        words.content_of.search(text, max(sentence[0], span[0] - 30), span[0]))


def _possible(text: str, sentence: Span, cue: Cue, span: Span, words: Vocab) -> bool:
    """A cue under a modal states a possibility or advice, not an act; but "we should urge" is the writer's own
    recommendation (a request said politely), and a modal reaches on over coordinated verbs ("would probably condemn
    such action, refuse to do same")."""
    lo = max(sentence[0], span[0] - 40)
    if words.modal.search(text, lo, span[0]):
        own = cue.kind == "request" and words.own_obligation.search(text, lo, span[0]) is not None
        return not own
    m = words.modal_list.search(text, max(sentence[0], span[0] - 200), span[0])
    return m is not None and words.list_break.search(m["between"]) is None


def _clause_start(text: str, lo: int, hi: int) -> int:
    """Where the clause holding the next cue starts: after the last clause break between two cues."""
    breaks = [m.end() for m in re.finditer(r"[,;:]\s+|\s+(?:and|but|и|а|но)\s+", text[lo:hi])]
    return lo + breaks[-1] if breaks else hi


def _conditions(ctx: Context, sentence: Span, prev: Found) -> None:
    """A sentence opening "In return, ..." puts a condition on the offer or decision before it."""
    m = ctx.words.conditions.search(ctx.text, sentence[0], min(sentence[1], sentence[0] + 40))
    if m and prev.kind in ("offer", "decision"):
        prev.decision = "conditions"
        prev.conditions = " ".join(ctx.text[sentence[0]:sentence[1]].split())


def to_finding(f: Found) -> Finding:
    out: Finding = {
        "kind": f.kind,
        "cue": None,
        "agent": f.agent.out() if f.agent else None,
        "addressee": f.addressee.out() if f.addressee else None,
        "object": f.object,
        "quantity": f.quantity,
        "date": f.date,
        "date_from": f.date_from,
        "decision": f.decision if f.kind in ("decision", "offer", "delivery") else None,
        "responds_to": f.responds_to,
        "start": f.start,
        "end": f.end,
    }
    if f.conditions:
        out["conditions"] = f.conditions
    if f.latency:
        out["latency"] = f.latency
    return out


def find_statements(text: str, results: dict[str, list[Finding]], offices: OfficeTable | None = None) -> list[Finding]:
    """Statements of ``text`` from the findings of the extractors this one requires (missing ones count as
    empty); ``offices`` resolves "the Soviet ambassador" to who held the office on the statement's date."""
    dates = results.get("dates", [])
    ctx = Context(text, load(), results.get("names", []), dates, results.get("quantities", []),
                  results.get("telegrams", []), documents(text), sorted(datelines(text, dates)), offices,
                  results.get("footnotes", []))
    out = []
    for f in statements(ctx):
        item = to_finding(f)
        item["cue"] = text[f.cue_span[0]:f.cue_span[1]]
        out.append(item)
    return out


@extractor("statements", requires=("dates", "quantities", "names", "telegrams", "footnotes"))
def extract_statements(ctx: ExtractContext) -> list[Finding]:
    names = ctx.names
    table = names.office_table() if isinstance(names, AuthorityIndex) else _unlinked_offices()
    return find_statements(ctx.text, ctx.results, table)


@cache
def _unlinked_offices() -> OfficeTable:
    """With no authority data, the US chiefs of mission still name their holders (unlinked)."""
    return OfficeTable([], None)
