"""Personal names in citations: which strings look like authors, and their surnames."""

from __future__ import annotations

import re
from functools import cache

from opis.extract.citations.terms import alternation, forms

UP = "A-ZА-ЯЁ"
LOW = "a-zа-яё"
SURNAME = rf"[{UP}][{LOW}'’]+(?:-[{UP}]?[{LOW}]+)*"
# An initial is one letter or two ("Дж."), never a number's abbreviation ("Document No. 3", "Vol. 2").
NOT_INITIAL = r"(?!(?:No|Nr|Vo|Op|Ch|Pt|Pp)\.)"
INITIALS = rf"(?:{NOT_INITIAL}[{UP}][{LOW}]?\.\s?){{1,3}}"
RU_NAME = rf"(?:{SURNAME}\s{INITIALS}|{INITIALS}\s?{SURNAME})"
GIVEN = rf"[{UP}][{LOW}'’-]*\.?"
# Lowercase particles inside a Western name: "Erik van Ree", "Charles de Gaulle".
PARTICLE = r"(?:van|von|de|der|den|da|di|du|la|le|ten|ter|dos|del)"
EN_NAME = rf"(?:{GIVEN}\s){{1,3}}(?:{PARTICLE}\s){{0,2}}{SURNAME}"
INVERTED = rf"{SURNAME},\s(?:{GIVEN})(?:\s{GIVEN}){{0,2}}"
# Two people of one family named once: "Allyn and Adele Rickett" (two given names, one surname) is one entry.
COUPLE = rf"[{UP}][{LOW}]+\s(?:and|&)\s[{UP}][{LOW}]+\s{SURNAME}"


@cache
def korean_name() -> str:
    syllable = rf"[{UP}][{LOW}]{{1,4}}"
    return rf"(?:{alternation(forms('korean_surnames'))})(?:\s{syllable}){{1,2}}"


@cache
def _name_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{RU_NAME}|{korean_name()}|{EN_NAME}|{SURNAME})")


def is_name(text: str) -> bool:
    """Whether ``text`` reads as one person's name (``Лебедев Н.Г.``, ``Bruce Cumings``, ``Cumings``)."""
    text = text.strip().rstrip(",")
    return bool(_name_re().fullmatch(text) or re.fullmatch(INVERTED, text))


def is_full_name(text: str) -> bool:
    """A name of two words or more that does not open like a title (``The Korean War``)."""
    text = text.strip()
    words = text.split()
    return len(words) > 1 and words[0] not in forms("not_name_words") and is_name(text)


# Cyrillic letters drawn like Latin ones. OCR of a Latin name set in a Russian book sometimes reads a word in
# the wrong script ("Рак Tong-hwan" for "Pak Tong-hwan"): in a name that also holds Latin words, a Cyrillic
# word made only of these letters is read as the Latin word it looks like.
LOOK_ALIKE = str.maketrans("АВЕКМНОРСТХаеорсухк", "ABEKMHOPCTXaeopcyxk")
LOOK_ALIKE_WORD = re.compile(r"^[АВЕКМНОРСТХаеорсухк]+$")


def fold_script(name: str) -> str:
    """``name`` with Cyrillic look-alikes read as Latin: in a word that also holds Latin letters (``Кim``), and
    in a word made only of look-alikes (``Рак``) when another word of the name is Latin."""
    words = name.split()
    latin = [bool(re.search(r"[A-Za-z]", w)) for w in words]
    if not any(latin):
        return name
    return " ".join(w.translate(LOOK_ALIKE) if has_latin or LOOK_ALIKE_WORD.match(w) else w
                    for w, has_latin in zip(words, latin, strict=True))


def same_person(mention: str, name: str) -> bool:
    """Whether ``mention`` (often a bare surname) names the author ``name``: same surname, or, for a
    one-word mention, any full word of the name (Chinese and Korean names put the surname first). Words
    OCR read in the wrong script are folded first (``fold_script``)."""
    mention, name = fold_script(mention), fold_script(name)
    if surname(mention) == surname(name):
        return True
    words = [w.casefold().rstrip(".,") for w in name.split()]
    return len(mention.split()) == 1 and mention.strip(" .,").casefold() in words


def split_authors(text: str) -> list[str]:
    """Names of a list of authors; an inverted ``Cumings, Bruce`` stays one name."""
    text = text.strip().strip(",").strip()
    if not text:
        return []
    if re.fullmatch(INVERTED, text.rstrip(".")) or re.fullmatch(COUPLE, text.rstrip(".")):
        return [text.rstrip(".")]
    parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|и|&)\s+", text) if p.strip()]
    names = [p if is_name(p) else p.rstrip(".") for p in parts]
    return names if all(is_name(n) for n in names) else []


@cache
def leading_authors_re() -> re.Pattern[str]:
    """Authors opening an unmarked Russian-style reference: ``Андреев В.И., Осипов В.И. ``, ``П. Крайнов. ``,
    ``Balazs Szalontai. `` (a given name and a surname closed by a full stop, the given name not a word that
    opens titles)."""
    not_given = alternation(forms("not_name_words"))
    given_first = rf"(?!(?:{not_given})\s)[{UP}][{LOW}]+\s{NOT_INITIAL}{SURNAME}\."
    one = rf"(?:{SURNAME}\s{INITIALS}|{korean_name()}\.|{INITIALS}\s?{SURNAME}\.|{given_first})"
    return re.compile(rf"^{one}(?:,\s*{one})*\s")


def surname(name: str) -> str:
    """The family name, case-folded: ``Лебедев Н.Г.``, ``Cumings, Bruce``, ``Bruce Cumings`` and
    ``Чжон Хюн Су`` give ``лебедев``, ``cumings``, ``cumings``, ``чжон``."""
    name = name.strip().rstrip(".,")
    if "," in name:
        return name.split(",")[0].strip().casefold()
    words = name.split()
    if re.fullmatch(korean_name(), name):
        return words[0].casefold()
    full = [w for w in words if not re.fullmatch(rf"(?:[{UP}][{LOW}]?\.)+(?:[{UP}][{LOW}]?)?", w)]
    return (full or words or [""])[-1].casefold()
