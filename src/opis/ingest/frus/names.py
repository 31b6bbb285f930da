"""FRUS glossaries as authority records: the List of Persons (``persName xml:id`` items) and the
List of Abbreviations (``term xml:id`` items).

Persons are listed inverted ("Hull, General John E."); the direct form, the form without a
rank, and for romanized Korean names the surname-first form become variant names. A "see"
entry ("Yang, Dr., see You Chan Yang") adds its name to the entry it points to, and references
to it resolve there. A person the authority data we hold knows (vocab/authority_names.yaml)
gains its names in the other scripts (Rhee: 이승만, 李承晩, Ли Сын Ман). Abbreviations that expand
to a body (a Department, Division, Council...) become organization records with the abbreviation
as a variant name; every abbreviation also stays in a plain glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from opis.ingest.teitext import TEI, XML_ID, one_line
from opis.model import Authority, Name, make_id
from opis.names.known import missing_forms

_RANKS = ("Lieutenant General", "Major General", "Vice Admiral", "Rear Admiral", "General",
          "Admiral", "Colonel", "Ambassador", "Dr.", "Mr.", "Mrs.", "Miss")
_SUFFIXES = ("Jr.", "Sr.", "II", "III", "IV")
_KOREAN_GIVEN = re.compile(r"^[A-Z][a-z]*-[a-z]+$")  # "Tae-yong": a hyphenated romanized given name
_ORG_WORDS = re.compile(
    r"\b(Department|Office|Division|Bureau|Mission|Council|Committee|Commission|Party|Administration|"
    r"Agency|Group|Forces|Army|Navy|Ministry|Board|Command|Nations|Government|Republic|Union|"
    r"Organization|Corporation|Bank|Fund|Secretariat|Staff|Chiefs|Embassy|Legation|Consulate|"
    r"Conference)\b")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


@dataclass
class Glossaries:
    persons: list[Authority] = field(default_factory=list)
    organizations: list[Authority] = field(default_factory=list)
    person_ids: dict[str, str] = field(default_factory=dict)  # TEI xml:id → authority id
    organization_ids: dict[str, str] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)  # abbreviation → expansion


def read_glossaries(root: Any, volume: str) -> Glossaries:
    found = Glossaries()
    _read_persons(root, volume, found)
    _read_terms(root, volume, found)
    return found


def _own(item: Any, tag: str) -> Any:
    """The first ``tag`` with an xml:id whose nearest enclosing item is ``item`` itself."""
    for el in item.iter(TEI + tag):
        if el.get(XML_ID) and next(el.iterancestors(TEI + "item"), None) is item:
            return el
    return None


def _rest_of(item: Any, label: str) -> str:
    """The item's text after its label: the person's office, the abbreviation's expansion."""
    text = one_line(item)
    rest = text[len(label):] if text.startswith(label) else text
    return rest.strip(" ,;:")


def _read_persons(root: Any, volume: str, found: Glossaries) -> None:
    aliases: list[tuple[str, str, str, str]] = []  # (xml_id, name, target xml_id, target text)
    by_xml_id: dict[str, Authority] = {}
    for item in root.iter(TEI + "item"):
        person = _own(item, "persName")
        if person is None:
            continue
        xml_id, name = person.get(XML_ID), one_line(person)
        alt = next((p for p in item.iter(TEI + "persName") if p.get("type") == "alt" and p.get("corresp")), None)
        if alt is not None:
            aliases.append((xml_id, name, alt.get("corresp").lstrip("#"), one_line(alt)))
            continue
        record = Authority(kind="person", id=make_id("person", "frus", volume, xml_id), preferred=name,
                           names=[Name(value=v) for v in name_variants(name)],
                           description=_rest_of(item, name), source=f"{volume}#{xml_id}")
        by_xml_id[xml_id] = record
        found.person_ids[xml_id] = record.id
    for xml_id, name, target, target_text in aliases:
        _add_alias(xml_id, name, target, target_text, volume, by_xml_id, found)
    found.persons = [with_known_names(r) for r in by_xml_id.values()]


def with_known_names(record: Authority) -> Authority:
    """The record with the forms the authority data we hold gives its name (vocab/authority_names.yaml):
    the List of Persons writes "Rhee, Syngman" only, and a reader types 이승만 or 李承晩."""
    extra = missing_forms(record.kind, record.all_names())
    if not extra:
        return record
    names = [*record.names, *(Name(value=f.value, lang=f.lang, scheme=f.scheme) for f in extra)]
    return record.model_copy(update={"names": names})


def _add_alias(xml_id: str, name: str, target: str, target_text: str, volume: str,
               by_xml_id: dict[str, Authority], found: Glossaries) -> None:
    record = by_xml_id.get(target)
    if record is None:
        # The entry pointed to is not in this file; keep the cross-reference as its own record.
        record = Authority(kind="person", id=make_id("person", "frus", volume, target),
                           preferred=target_text or name, source=f"{volume}#{target}")
        by_xml_id[target] = record
        found.person_ids[target] = record.id
    known = set(record.all_names())
    for form in (name, target_text, *name_variants(name)):
        if form and form not in known:
            record.names.append(Name(value=form))
            known.add(form)
    found.person_ids[xml_id] = record.id


def name_variants(name: str) -> list[str]:
    """Other forms of an inverted name: "Hull, General John E." → "General John E. Hull",
    "John E. Hull"; "Ham, Tae-yong" → "Tae-yong Ham", "Ham Tae-yong"; "Hoover, Herbert, Jr." →
    "Herbert Hoover, Jr."."""
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) < 2:
        return []
    surname, given, rest = parts[0], parts[1], parts[2:]
    rank = next((r for r in _RANKS if given == r or given.startswith(r + " ")), None)
    if rank:
        given = given[len(rank):].strip()
    rank = rank or next((r for r in rest if r in _RANKS), None)
    suffix = next((r for r in rest if r in _SUFFIXES), None)
    direct = f"{given} {surname}".strip()
    if suffix:
        direct += f", {suffix}" if suffix.endswith(".") else f" {suffix}"
    forms = [direct, f"{rank} {direct}" if rank else ""]
    if _KOREAN_GIVEN.match(given):
        forms.append(f"{surname} {given}")
    unique: list[str] = []
    for form in forms:
        if form and form != name and form not in unique:
            unique.append(form)
    return unique


def _read_terms(root: Any, volume: str, found: Glossaries) -> None:
    for item in root.iter(TEI + "item"):
        term = _own(item, "term")
        if term is None:
            continue
        xml_id, abbreviation = term.get(XML_ID), one_line(term)
        expansion = _rest_of(item, abbreviation)
        if not expansion:
            continue
        found.terms[abbreviation] = expansion
        main = expansion.split("; or ")[0]  # "NA, Division of ...; or Naval Attaché": two meanings
        if _ORG_WORDS.search(main):
            preferred = _PARENTHETICAL.sub("", main).strip() or main
            record = Authority(kind="organization", id=make_id("organization", "frus", volume, xml_id),
                               preferred=preferred, names=[Name(value=abbreviation)],
                               description=expansion if expansion != preferred else "",
                               source=f"{volume}#{xml_id}")
            found.organizations.append(record)
            found.organization_ids[xml_id] = record.id
