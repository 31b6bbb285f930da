"""People and bodies as citation names: family and given parts where we know them, else a literal.

Only a person's authority record tells us the order of a name; an inverted form with a comma
("Rhee, Syngman") says so itself. A person whose record carries Korean, Chinese or Japanese forms
is written family name first ("Kim Il Sung"), which CSL processors would turn round to "Il Sung
Kim" if given the parts, so such names stay literal, as do names from a document without an
authority record and every organization: guessing would misfile them.
"""

from __future__ import annotations

from typing import TypedDict

from opis.model import Authority

EAST_ASIAN = ("ko", "zh", "ja")


class CslName(TypedDict, total=False):
    family: str
    given: str
    literal: str


def _family_first(person: Authority) -> bool:
    return any((n.lang or "").split("-")[0] in EAST_ASIAN for n in person.names)


def csl_name(written: str, authority: Authority | None) -> CslName:
    """The CSL name for an agent written ``written`` in the document, linked to ``authority`` if known."""
    if authority is None or authority.kind != "person":
        return {"literal": authority.preferred if authority else written}
    name = authority.preferred.strip()
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if given else {"family": family}
    parts = name.split()
    if _family_first(authority):
        return {"literal": name}
    if len(parts) == 1:
        return {"family": parts[0]}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def display(name: CslName) -> str:
    """``Family, Given`` (the form RIS and BibTeX want), or the literal."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(p for p in (name.get("family", ""), name.get("given", "")) if p)



def is_body(authority: Authority | None) -> bool:
    """An organization, ministry or army: a creator, never a person's name split into parts."""
    return authority is not None and authority.kind != "person"


def family_given(written: str, authority: Authority | None) -> str:
    """``Family, Given`` for ``citation_author``: Zotero splits a name without a comma at its last space,
    so a family-first name ("Kim Il Sung") is given its comma after the family name ("Kim, Il Sung")."""
    name = csl_name(written, authority)
    if "literal" in name and authority is not None and authority.kind == "person" and _family_first(authority):
        family, _, given = name["literal"].partition(" ")
        return f"{family}, {given}" if given else family
    return display(name)
