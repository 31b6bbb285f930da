"""People and bodies as citation names: family and given parts where we know them, else a literal.

Only a person's authority record tells us the order of a name; an inverted form with a comma
("Rhee, Syngman") says so itself. A Korean, Chinese or Japanese name is written family name first
("Kim Il Sung"): its parts carry CSL's ``static-ordering``, so a style never turns it round to "Il
Sung Kim", and "Family, Given" forms are "Kim, Il Sung". Names from a document without an
authority record and every organization stay literal: guessing would misfile them.

Names as records write them are cleaned before they are cited: a stand-in for an unknown name
("author of the paper (not named in our copy)") is no name and is left out; an editor's supplement
in brackets is read as letters ("W. W[alton] B[utterworth]" is W. Walton Butterworth); an office
with its holder in parentheses ("Director of the Office of Far Eastern Affairs (Butterworth)") is
the same person as the holder, so a document signed by him names him once (``unique_people``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TypedDict

from opis import vocab
from opis.model import Authority
from opis.names.keys import shared_keys

EAST_ASIAN = ("ko", "zh", "ja")


# CSL-JSON's "static-ordering" keeps a name family name first in every style ("Kim Il Sung").
CslName = TypedDict("CslName", {"family": str, "given": str, "literal": str, "static-ordering": bool},
                    total=False)


@cache
def _words() -> tuple[tuple[str, ...], frozenset[str]]:
    data = vocab.read_mapping("opis.interop", "data/names.yaml")
    return tuple(str(p).lower() for p in data["placeholders"]), frozenset(str(w) for w in data["body_words"])


def is_placeholder(name: str) -> bool:
    """A stand-in for a name nobody knows, or nothing at all."""
    lowered = " ".join(name.lower().split())
    return not lowered or any(p in lowered for p in _words()[0])


def looks_like_body(name: str) -> bool:
    """An office, army, ministry or project written without an authority record (interop/data/names.yaml)."""
    outside = re.sub(r"\([^)]*\)", " ", name)
    return any(w in _words()[1] for w in re.findall(r"\w+", outside.lower()))


def clean(name: str) -> str:
    """Brackets of an editor's supplement dropped, spaces made single: ``W. W[alton] B[utterworth]`` →
    ``W. Walton Butterworth``."""
    return " ".join(name.replace("[", "").replace("]", "").split())


_HOLDER = re.compile(r"\(([^()]+)\)\s*$")


def holder(name: str) -> str:
    """The person an office is held by, when the name says so in parentheses at its end, else ""."""
    m = _HOLDER.search(name)
    return clean(m.group(1)) if m and looks_like_body(name[:m.start()]) else ""


def _family_first(person: Authority) -> bool:
    """A Korean, Chinese or Japanese name, written family name first: the record has a form in one of those
    languages whose first character is the preferred name's first word (김 and Kim, 毛 and Mao). Stalin's
    record has a Korean form too (이오시프 스탈린), but it does not open with "Joseph"; a romanized Korean form
("Jeong Hyun Soo", ko-Latn) opening with the same word says so as well."""
    first = person.preferred.split()[0] if person.preferred.split() else ""
    for n in person.names:
        value = n.value.strip()
        if (n.lang or "").split("-")[0] not in EAST_ASIAN or not value or not first:
            continue
        if shared_keys(first, value[0]) or value.split()[0].lower() == first.lower():
            return True  # the first character sounds so, or a romanized form opens with the same word
    return False


def csl_name(written: str, authority: Authority | None) -> CslName:
    """The CSL name for an agent written ``written`` in the document, linked to ``authority`` if known."""
    if authority is None or authority.kind != "person":
        return {"literal": authority.preferred if authority else clean(written)}
    name = authority.preferred.strip()
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if given else {"family": family}
    parts = name.split()
    if _family_first(authority) and len(parts) > 1:
        return {"family": parts[0], "given": " ".join(parts[1:]), "static-ordering": True}
    if len(parts) == 1:
        return {"family": parts[0]}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def display(name: CslName) -> str:
    """``Family, Given`` (the form RIS and BibTeX want), or the literal."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(p for p in (name.get("family", ""), name.get("given", "")) if p)


def natural(name: CslName) -> str:
    """``Given Family``, as a note prints a name, or the literal."""
    if "literal" in name:
        return name["literal"]
    family, given = name.get("family", ""), name.get("given", "")
    parts = (family, given) if name.get("static-ordering") else (given, family)
    return " ".join(p for p in parts if p)


def is_body(authority: Authority | None) -> bool:
    """An organization, ministry or army: a creator, never a person's name split into parts."""
    return authority is not None and authority.kind != "person"


def is_body_name(written: str, authority: Authority | None) -> bool:
    """A body by its authority record, or, with no record, by its words (and no holder named)."""
    if authority is not None:
        return authority.kind != "person"
    return looks_like_body(written) and not holder(written)


def _person_key(name: CslName, body: bool) -> str:
    """Who a name is, to tell one person from another: the family name (or the holder's, for an office
    with its holder named), lower case; "" for a body, which is only ever the same as itself."""
    if "family" in name:
        return name["family"].lower()
    literal = name.get("literal", "")
    person = holder(literal)
    if body and not person:
        return ""
    words = (person or literal).lower().split()
    return words[-1] if words else ""


def _rank(name: CslName, body: bool) -> tuple[int, int, int]:
    # A person before an office, parts (from an authority) before a literal, the fuller form before the shorter.
    return (0 if body else 1, 1 if "family" in name else 0, len(natural(name)))


def unique_people(found: Iterable[tuple[CslName, bool]]) -> list[CslName]:
    """Names once each, from (name, is a body) pairs in order: a later name of the same person replaces an
    earlier one where it is fuller ("W. Walton Butterworth" for "Butterworth"), keeping the earlier place."""
    kept: list[tuple[CslName, bool]] = []
    for name, body in found:
        key = _person_key(name, body)
        same = next((i for i, (k, b) in enumerate(kept) if k == name or (key and key == _person_key(k, b))), None)
        if same is None:
            kept.append((name, body))
        elif _rank(name, body) > _rank(*kept[same]):
            kept[same] = (name, body)
    return [n for n, _ in kept]


def family_given(written: str, authority: Authority | None) -> str:
    """``Family, Given`` for ``citation_author``: Zotero splits a name without a comma at its last space,
    so a family-first name ("Kim Il Sung") is given its comma after the family name ("Kim, Il Sung")."""
    name = csl_name(written, authority)
    if "literal" in name and authority is None:
        person = holder(name["literal"]) or name["literal"]
        words = person.split()
        return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else person
    return display(name)
