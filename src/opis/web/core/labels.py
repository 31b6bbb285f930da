"""Words for codes: genre, language, role, relation, currency and unit labels for the pages."""

from __future__ import annotations

from functools import cache

from opis import vocab
from opis.web.core.i18n import current

# Languages by their BCP 47 primary subtag, as pages name them (English names; the archive's own).
LANGUAGES = {"ru": "Russian", "en": "English", "ko": "Korean", "zh": "Chinese", "ja": "Japanese",
             "de": "German", "fr": "French", "mn": "Mongolian", "uk": "Ukrainian", "be": "Belarusian",
             "pl": "Polish", "cs": "Czech", "hu": "Hungarian", "ro": "Romanian", "bg": "Bulgarian",
             "sq": "Albanian", "vi": "Vietnamese", "es": "Spanish", "it": "Italian", "und": "Unknown"}
SCRIPTS = {"Cyrl": "Cyrillic", "Latn": "Latin", "Hang": "Hangul", "Hani": "Han (Hanja)", "Hans": "Han (simplified)",
           "Hant": "Han (traditional)", "Jpan": "Japanese", "Kore": "Korean"}


def language(tag: str) -> str:
    primary = tag.split("-")[0]
    name = LANGUAGES.get(primary, tag)
    script = next((SCRIPTS[p] for p in tag.split("-")[1:] if p in SCRIPTS), None)
    return f"{name} ({script})" if script else name


def genre(value: str, locale: str = "en") -> str:
    """A genre's label; English by default (the JSON twins'), else the reader's (vocab/genres.yaml ``labels:``)."""
    return vocab.label_in("genres", value, locale) or value


def role(value: str, locale: str = "en") -> str:
    """An agent's role or a derived link's role (vocab/link_roles.yaml) in words; never the raw value."""
    found = vocab.label_in("agent_roles", value, locale) or vocab.label_in("link_roles", value, locale)
    return found or value.replace("-", " ").capitalize()


@cache
def _relations() -> dict[str, tuple[str, str]]:
    return {str(r["id"]): (str(r["label"]), str(r.get("inverse", r["id"]))) for r in vocab.load("relation_types")}


def relation(value: str, locale: str = "en") -> str:
    if locale != "en":
        return vocab.label_in("relation_types", value, locale) or value
    return _relations().get(value, (value, value))[0]


def inverse_code(value: str) -> str:
    """The relation seen from the other document: "reply-to" is "replied-by" there."""
    return _relations().get(value, (value, value))[1]


def inverse_relation(value: str) -> str:
    """The label seen from the other document: a "reply-to" link reads "Replied by" there."""
    return relation(inverse_code(value))


@cache
def _units() -> dict[str, str]:
    found = {str(c["code"]): str(c["label"]) for c in vocab.load("currencies")}
    found.update({str(u["id"]): str(u["label"]) for u in vocab.load("units")})
    return found


def unit(code: str) -> str:
    return _units().get(code, code)


def classification(level: str | None, locale: str = "en") -> str:
    return vocab.label_in("classification", level or "", locale) or level or ""


def level(key: str, locale: str = "en") -> str:
    """An archival level as a unit's name starts, lower case: ``fond`` (the key, in English), ``фонд``, ``全宗``."""
    found = vocab.archival_levels().by_key.get(key)
    if found is None or locale == "en":
        return key
    return found.label(locale).lower()


def object_kind(kind: str, locale: str = "en") -> str:
    """What a statement is about, by kind (vocab/object_kinds.yaml): ``money`` -> Money and credit."""
    return vocab.label_in("object_kinds", kind, locale) or kind


# The page-side words: a template passes a code and gets the reader's label, while the context (and so the
# JSON twin) keeps the English one. One table, so a vocabulary shown on a page is one entry here.
_IN_READER_LANGUAGE = {"genre": genre, "role": role, "classification": classification, "level": level,
                      "relation": relation, "object": object_kind}


def term(kind: str, value: str | None) -> str:
    """``{{ term("genre", d.genre) }}``: a vocabulary code in the request's language."""
    if value is None:
        return ""
    return _IN_READER_LANGUAGE[kind](value, current())


@cache
def scheme_labels() -> dict[str, str]:
    return {str(s["id"]): str(s["label"]) for s in vocab.load("scripts")["schemes"]}


@cache
def tag_labels() -> dict[str, str]:
    return {str(t["id"]): str(t["label"]) for t in vocab.load("scripts")["tags"]}
