"""The ``telegrams`` extractor: every cipher telegram's header as a contract finding.

``from`` and ``to`` are each a place and a person as written (a header names a place, "Из ПХЕНЬЯНА"; the
addressee line names a person or an office, "ТОВАРИЩУ ФИЛИППОВУ", "ПХЕНЬЯН, СОВПОСОЛУ"; the sender is the
signature). A person is linked to an authority when the name index knows exactly one person by that name, so a
pseudonym (Филиппов, Фын Си) links to the person behind it once the authority record lists it as a name.
"""

from __future__ import annotations

import re

from opis.extract.base import ExtractContext, Finding, NameLookup, extractor
from opis.extract.telegrams.header import Header, minutes_between, parse, split_telegrams

# Words that address a person without being part of the name.
_ADDRESS = re.compile(r"^(?:ТОВАРИЩУ|ТОВ\.|Т\.|COMRADE|TO)\s+", re.IGNORECASE)


class Linker:
    """Links a name written at a place in the text: first through the names extractor's mentions there (which
    know inflections and surnames), then by asking the name index for the whole name."""

    def __init__(self, mentions: list[Finding], names: NameLookup | None) -> None:
        self.mentions = [m for m in mentions if m.get("authority") and m.get("type") == "person"]
        self.names = names

    def person(self, name: str | None, span: tuple[int, int] | None) -> str | None:
        if not name:
            return None
        if span is not None:
            inside = {str(m["authority"]) for m in self.mentions
                      if span[0] <= int(m["start"]) and int(m["end"]) <= span[1] and str(m["text"]) in name}
            if len(inside) == 1:
                return inside.pop()
        if self.names is None:
            return None
        people = {a for a, kind, _ in self.names.lookup(name) if kind == "person"}
        return people.pop() if len(people) == 1 else None


def party(place: str | None, person: str | None, span: tuple[int, int] | None, link: Linker) -> dict[str, str | None]:
    return {"place": place, "person": person, "authority": link.person(person, span)}


def addressee(line: str | None) -> tuple[str | None, str | None]:
    """(place, person) of an addressee line: "ПХЕНЬЯН, СОВПОСОЛУ" names both, "ТОВАРИЩУ ФИЛИППОВУ" a person."""
    if not line:
        return None, None
    if "," in line:
        place, person = (s.strip() for s in line.split(",", 1))
        return place or None, _ADDRESS.sub("", person) or None
    return None, _ADDRESS.sub("", line).strip() or None


def finding(h: Header, link: Linker) -> Finding:
    to_place, to_person = addressee(h.to)
    sent, received, deciphered = h.times.get("sent"), h.times.get("received"), h.times.get("deciphered")
    return {
        "number": h.number,
        "from": party(h.from_, h.signed, h.signed_span, link),
        "to": party(to_place, to_person, h.to_span, link),
        "sent": sent, "received": received, "deciphered": deciphered,
        "deciphered_by": h.deciphered_by,
        "distribution": [{**d, "authority": link.person(str(d["name"]), h.distribution_span)} for d in h.distribution],
        "transmission_minutes": minutes_between(sent, received),
        "decipher_minutes": minutes_between(received, deciphered),
        "start": h.start, "end": h.end,
    }


def find_telegrams(text: str, mentions: list[Finding] | None = None, names: NameLookup | None = None) -> list[Finding]:
    """Every telegram in ``text``; ``mentions`` are the names extractor's findings for the same text."""
    link = Linker(mentions or [], names)
    return [finding(parse(text, s, e), link) for s, e in split_telegrams(text)]


@extractor("telegrams", requires=("names",))
def extract_telegrams(ctx: ExtractContext) -> list[Finding]:
    return find_telegrams(ctx.text, ctx.results.get("names", []), ctx.names)
