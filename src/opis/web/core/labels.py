"""Words for codes: genre, language, role, relation, currency and unit labels for the pages."""

from __future__ import annotations

from functools import cache

from opis import vocab

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


def genre(value: str) -> str:
    return vocab.labels("genres").get(value, value)


def role(value: str) -> str:
    """An agent's role or a derived link's role (vocab/link_roles.yaml) in words; never the raw value."""
    found = vocab.labels("agent_roles").get(value) or vocab.labels("link_roles").get(value)
    return found or value.replace("-", " ").capitalize()


@cache
def _relations() -> dict[str, tuple[str, str]]:
    return {str(r["id"]): (str(r["label"]), str(r.get("inverse", r["id"]))) for r in vocab.load("relation_types")}


def relation(value: str) -> str:
    return _relations().get(value, (value, value))[0]


def inverse_relation(value: str) -> str:
    """The label seen from the other document: a "reply-to" link reads "Replied by" there."""
    inverse = _relations().get(value, (value, value))[1]
    return relation(inverse)


@cache
def _units() -> dict[str, str]:
    found = {str(c["code"]): str(c["label"]) for c in vocab.load("currencies")}
    found.update({str(u["id"]): str(u["label"]) for u in vocab.load("units")})
    return found


def unit(code: str) -> str:
    return _units().get(code, code)


def classification(level: str | None) -> str:
    return vocab.labels("classification").get(level or "", level or "")


@cache
def scheme_labels() -> dict[str, str]:
    return {str(s["id"]): str(s["label"]) for s in vocab.load("scripts")["schemes"]}


@cache
def tag_labels() -> dict[str, str]:
    return {str(t["id"]): str(t["label"]) for t in vocab.load("scripts")["tags"]}
