"""Reading the header block of a cipher telegram, Russian or English, into fields.

A telegram starts at a title line (ШИФРТЕЛЕГРАММА, ШИФРОВКА, CIPHERED TELEGRAM, ...) and runs to the next title
line or the end of the text. Its header is the lines up to the first blank line after the first field: printed
headers set two columns side by side ("Из ПХЕНЬЯНА      Отправлено 28.5.1950 г. 23 ч. 10 м."), so every field is
searched for anywhere in that block, not line by line. After the header come the addressee line, the body, the
signature (the last short line in capitals) and the distribution list ("Разослано: т. Сталину – 2, ...").

Everything here is a pure function of the text; linking names to authorities is left to the extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

TITLE = re.compile(r"^[ \t]*(?:ШИФР(?:ОВАННАЯ\s+)?ТЕЛЕГРАММА|ШИФРОВКА|ШИФРТЕЛЕГРАММА|"
                   r"CIPHER(?:ED)?\s+TELEGRAM|CODED\s+TELEGRAM)\b[^\n]*$", re.MULTILINE | re.IGNORECASE)

# A day as printed in headers: 28.5.1950, 28.05.50, 28 May 1950, 28 мая 1950.
_MONTHS = {m: i for i, names in enumerate((
    (), ("январ", "jan"), ("феврал", "feb"), ("март", "mar"), ("апрел", "apr"), ("ма", "may"), ("июн", "jun"),
    ("июл", "jul"), ("август", "aug"), ("сентябр", "sep"), ("октябр", "oct"), ("ноябр", "nov"),
    ("декабр", "dec"))) for m in names}
_DAY = (r"(?P<d>\d{1,2})\s*(?:[./]\s*(?P<m>\d{1,2})\s*[./]\s*|\s+(?P<mw>[а-яёa-z]+)\.?\s+)(?P<y>\d{4}|\d{2})"
        r"(?:\s*(?:г\.|года?))?")
# A time: "23 ч. 10 м.", "23 час. 10 мин.", "23.10", "23:10", "2310 hrs".
_TIME = r"(?P<h>\d{1,2})\s*(?:ч\.?|час\.?|h\.?|hrs?\.?|:|\.)\s*(?P<min>\d{2})\s*(?:м\.?|мин\.?|min\.?)?"
_WHEN = _DAY + r"(?:,?\s+(?:в\s+)?" + _TIME + r")?"

_FIELDS: dict[str, str] = {
    "sent": r"(?:Отправлен[аоы]?|Sent|Dispatched)",
    "received": r"(?:Получен[аоы]?|Поступил[аои]?|Received)",
    "deciphered": r"(?:Расшифрован[аоы]?|Deciphered|Decoded)(?!\s+by)",
}
_BY = re.compile(r"(?:Расшифровал[аи]?|Deciphered\s+by|Decoded\s+by)[\s:]+(?P<who>[A-ZА-ЯЁ][\w.-]*(?:\s+[A-ZА-ЯЁ]\.)*)")
_FROM = re.compile(r"(?:^|\s)(?:Из|From)[\s:]+"
                   r"(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё-]+(?:[ -][A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё-]+)?)")
_NUMBER = re.compile(r"(?:№|No\.|N°|Nr\.)\s*(?P<n>\d[\d/-]*)")
_DISTRIBUTION = re.compile(r"^[ \t]*(?:Разослано|Разослать|Рассылка|Distribution|Distributed\s+to|Copies\s+to)"
                           r"\s*:?\s*(?P<list>.+(?:\n(?![ \t]*\n).+)*)", re.MULTILINE | re.IGNORECASE)
_CAPS_LINE = re.compile(r"^[ \t]*(?P<line>[A-ZА-ЯЁ][A-ZА-ЯЁ .,-]{2,60}?)[ \t]*$", re.MULTILINE)


@dataclass
class Header:
    start: int
    end: int
    number: str | None = None
    from_: str | None = None
    to: str | None = None
    to_span: tuple[int, int] | None = None
    signed: str | None = None
    signed_span: tuple[int, int] | None = None
    times: dict[str, str | None] = field(default_factory=dict)
    deciphered_by: str | None = None
    distribution: list[dict[str, object]] = field(default_factory=list)
    distribution_span: tuple[int, int] | None = None


def split_telegrams(text: str) -> list[tuple[int, int]]:
    """(start, end) of every telegram: from a title line to the next one or the end of the text."""
    starts = [m.start() + len(m.group()) - len(m.group().lstrip()) for m in TITLE.finditer(text)]
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]


def when(raw: re.Match[str]) -> str | None:
    """The ISO date or date-time a header time says, as precise as it is; None when it is no real day."""
    month = int(raw["m"]) if raw["m"] else _month(raw["mw"] or "")
    year = int(raw["y"]) + (1900 if len(raw["y"]) == 2 else 0)
    try:
        day = datetime(year, month, int(raw["d"]))
        if raw["h"] is None:
            return day.date().isoformat()
        return day.replace(hour=int(raw["h"]), minute=int(raw["min"])).strftime("%Y-%m-%dT%H:%M")
    except ValueError:  # 31.2.1950, hour 25: a misread, not a time
        return None


def _month(word: str) -> int:
    word = word.lower()
    for stem in sorted(_MONTHS, key=len, reverse=True):
        if word.startswith(stem) and (stem != "ма" or word in ("мая", "май")):
            return _MONTHS[stem]
    return 0


def minutes_between(a: str | None, b: str | None) -> int | None:
    """Whole minutes from ``a`` to ``b`` when both carry a time of day; None otherwise."""
    if not a or not b or "T" not in a or "T" not in b:
        return None
    return int((datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds() // 60)


def parse(text: str, start: int, end: int) -> Header:
    """The fields of the telegram at ``text[start:end]``; offsets in the result are into ``text``."""
    part = text[start:end]
    head_end = _header_end(part)
    head = part[:head_end]
    h = Header(start=start, end=end)
    if m := _NUMBER.search(head):
        h.number = m["n"]
    if m := _FROM.search(head):
        h.from_ = m["place"].strip()
    for key, label in _FIELDS.items():
        m = re.search(label + r"[\s:]+" + _WHEN, head, re.IGNORECASE)
        h.times[key] = when(m) if m else None
    if m := _BY.search(head):
        h.deciphered_by = m["who"].strip()
    body_from = head_end
    if m := _CAPS_LINE.search(part, head_end):
        h.to, h.to_span = m["line"].strip(), (start + m.start("line"), start + m.start("line") + len(m["line"].strip()))
        body_from = m.end()
    dist = _DISTRIBUTION.search(part, body_from)
    tail_end = dist.start() if dist else len(part)
    if dist:
        h.distribution = copies(dist["list"])
        h.distribution_span = (start + dist.start("list"), start + dist.end())
        h.end = start + dist.end()
    signature = [m for m in _CAPS_LINE.finditer(part, body_from, tail_end)]
    if signature:
        sig = signature[-1]
        h.signed = sig["line"].strip()
        h.signed_span = (start + sig.start("line"), start + sig.start("line") + len(h.signed))
        if not dist:
            h.end = start + sig.start("line") + len(h.signed)
    return h


def copies(listing: str) -> list[dict[str, object]]:
    """A distribution list "т. Сталину – 2, т. Молотову – 1" as [{name, copies}]; a name without a count has
    copies null."""
    out: list[dict[str, object]] = []
    for item in re.split(r"[,;]\s*", " ".join(listing.split()).rstrip(".")):
        item = item.strip()
        if not item:
            continue
        m = re.fullmatch(r"(?P<name>.+?)\s*[–—-]\s*(?P<n>\d+)(?:\s*(?:экз\.?|copies|copy))?", item)
        out.append({"name": m["name"].strip(), "copies": int(m["n"])} if m else {"name": item, "copies": None})
    return out


def _header_end(part: str) -> int:
    """Where the header block ends: the first blank line after a line holding a header field."""
    seen = False
    pos = 0
    for line in part.splitlines(keepends=True):
        if seen and not line.strip():
            return pos
        if _NUMBER.search(line) or _FROM.search(line) or any(re.search(lbl, line, re.IGNORECASE)
                                                             for lbl in _FIELDS.values()):
            seen = True
        pos += len(line)
    return pos
