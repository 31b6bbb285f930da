"""Controlled vocabularies, kept as YAML data files beside this module, and the one reader of every YAML data file.

Code asks this module for terms; it never spells a genre, repository, archival level or currency in an ``if``.
Data files that belong to one layer (the citation grammar in ``extract/data``, the transliteration tables in
``names/data``) live beside that layer but are read here too, through ``read``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from opis.vocab.levels import Level, Levels, levels_from

# The C loader is several times faster on the larger tables; fall back when absent.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class VocabError(ValueError):
    """A value is not in the controlled vocabulary it must come from."""


@cache
def read(package: str, path: str) -> Any:
    """The parsed YAML file ``path`` inside ``package``, read once per process. Shared: never mutate it."""
    text = resources.files(package).joinpath(path).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader class


def read_mapping(package: str, path: str) -> dict[str, Any]:
    """``read`` for a file whose top level must be a mapping (a clear error names the file if it is not)."""
    data = read(package, path)
    if not isinstance(data, dict):
        raise VocabError(f"{package}/{path} must be a mapping at the top level, not {type(data).__name__}")
    return data


def load(name: str) -> Any:
    """The parsed contents of ``vocab/<name>.yaml`` (shared: never mutate it)."""
    return read(__package__ or "opis.vocab", f"{name}.yaml")


@cache
def ids(name: str) -> frozenset[str]:
    """The ``id`` of every term of a list vocabulary (genres, classification, ...)."""
    return frozenset(str(item["id"]) for item in load(name))


@cache
def literature_genres() -> frozenset[str]:
    """Genres of later writing about the events (vocab/genres.yaml ``literature: true``), not primary sources."""
    return frozenset(str(g["id"]) for g in load("genres") if g.get("literature") is True)


@cache
def labels(name: str) -> dict[str, str]:
    return {str(item["id"]): str(item["label"]) for item in load(name)}


@cache
def translated_labels(name: str) -> dict[str, dict[str, str]]:
    """Each term's label by reading-room locale (``{"letter": {"ru": "Письмо", "ko": …}}``), from the entry's
    ``labels:`` map; English is ``labels(name)``. A term with no ``labels:`` has an empty map."""
    return {str(item["id"]): {str(k): str(v) for k, v in (item.get("labels") or {}).items()} for item in load(name)}


def label_in(name: str, value: str, locale: str) -> str | None:
    """The label of term ``value`` of vocabulary ``name`` in ``locale``; English for ``en`` or a missing
    translation; None for a value the vocabulary does not list."""
    english = labels(name).get(value)
    if english is None:
        return None
    return translated_labels(name)[value].get(locale, english) if locale != "en" else english


def check(name: str, value: str) -> str:
    """Return value if it is a term of vocabulary ``name``, else raise VocabError listing the terms."""
    if value not in ids(name):
        raise VocabError(f"{value!r} is not a known {name} term; use one of: {', '.join(sorted(ids(name)))}")
    return value


@dataclass(frozen=True)
class Repository:
    code: str
    abbreviations: tuple[str, ...]
    former: tuple[str, ...]
    names: dict[str, str]
    variants_en: tuple[str, ...]
    place: str
    country: str
    levels: tuple[str, ...] = ()  # the archival levels its references use, top-down (vocab/levels.yaml)
    patterns: tuple[str, ...] = ()  # how references without level labels are written (regexes, named groups)
    former_names: tuple[str, ...] = ()  # full names it had before (citations of the 1990s still use them)
    # words that, standing in a citation, make an abbreviation this repository shares with another one its own
    # (a Czech "NA" beside "fond" or "KSČ" is the Národní archiv, not NARA)
    context: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return slug_of(self.code)


def slug_of(code: str) -> str:
    """URL form of a repository code: lower case, spaces as hyphens (``AVP RF`` -> ``avp-rf``)."""
    return code.lower().replace(" ", "-")


@cache
def repositories() -> tuple[Repository, ...]:
    return tuple(
        Repository(
            code=r["code"],
            abbreviations=tuple(r.get("abbreviations", [])),
            former=tuple(r.get("former", [])),
            names=dict(r.get("names", {})),
            variants_en=tuple(r.get("variants_en", [])),
            place=r.get("place", ""),
            country=r.get("country", ""),
            levels=archival_levels().scheme(r.get("levels")),
            patterns=tuple(r.get("patterns", [])),
            former_names=tuple(r.get("former_names", [])),
            context=tuple(r.get("context", [])),
        )
        for r in load("repositories")
    )


@cache
def repository_by_slug() -> dict[str, Repository]:
    return {r.slug: r for r in repositories()}


@cache
def repository_by_code() -> dict[str, Repository]:
    return {r.code: r for r in repositories()}


def classification_level(marking: str) -> str | None:
    """The normalized level for a marking as found on a document, or None if it is not recognised."""
    found = marking.strip().lower().strip("«»\"'. ")
    best: tuple[int, str] | None = None
    for level in load_classification():
        for form in level["markings"]:
            if form in found and (best is None or len(form) > best[0]):
                best = (len(form), str(level["id"]))
    return best[1] if best else None


@cache
def load_classification() -> tuple[dict[str, Any], ...]:
    return tuple(load("classification"))


@cache
def page_chrome() -> frozenset[str]:
    """Lines of web-page furniture (vocab/page_chrome.yaml), case-folded: never a document's title,
    and dropped from the edges of a web page's text at ingest (opis.ingest.chrome)."""
    return frozenset(str(line).casefold() for line in load("page_chrome"))


def first_content_line(text: str, max_length: int = 300) -> str | None:
    """The first non-empty line that is not page furniture, if it is short enough to be a title."""
    chrome = page_chrome()
    for line in text.splitlines():
        line = line.strip()
        if line and line.casefold() not in chrome:
            return line if len(line) <= max_length else None
    return None


@cache
def unit_titles() -> dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, str]]:
    """(repository code, ((level, value), ...)) -> the unit's title by language (vocab/archival_units.yaml)."""
    out: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, str]] = {}
    for item in load("archival_units"):
        path = tuple((str(k), str(v)) for k, v in item["path"].items())
        out[(str(item["repository"]), path)] = {str(k): str(v) for k, v in item["title"].items()}
    return out


@cache
def archival_levels() -> Levels:
    """The archival levels of vocab/levels.yaml, top-down, with their labels, forms and URL segments."""
    return levels_from(read_mapping(__package__ or "opis.vocab", "levels.yaml"))


def scheme_of(repository: str | None) -> tuple[Level, ...]:
    """The levels a repository's references use (its ``levels:`` in repositories.yaml, else the default)."""
    levels = archival_levels()
    repo = repository_by_code().get(repository or "")
    keys = repo.levels if repo else levels.default_scheme
    return tuple(levels.by_key[key] for key in keys)


def field_limits() -> dict[str, int]:
    """Characters a record's field may hold where people write it and where the index reads it
    (vocab/limits.yaml): ``title``, ``summary``, ``text`` (one rendition), ``name``."""
    return {str(k): int(v) for k, v in load("limits")["fields"].items()}


@cache
def _iso639() -> tuple[dict[str, str], dict[str, str]]:
    """(ISO 639-1 → ISO 639-2/B, any ISO 639-2 code → ISO 639-1) from vocab/languages.yaml."""
    out: dict[str, str] = {}
    back: dict[str, str] = {}
    for item in load("languages"):
        ours, b = str(item["id"]), str(item["b"])
        out[ours] = b
        back[b] = ours
        back[str(item.get("t", b))] = ours
    return out, back


def iso639_2(tag: str) -> str | None:
    """The ISO 639-2 (bibliographic) code of a BCP 47 tag's language: ``ru-Cyrl`` → ``rus``, ``zh`` → ``chi``;
    None for a language vocab/languages.yaml does not list."""
    return _iso639()[0].get(tag.split("-")[0].casefold())


def language_of_iso639_2(code: str) -> str | None:
    """The ISO 639-1 code opis keeps for an ISO 639-2 code, bibliographic or terminology (``chi``, ``zho`` → ``zh``)."""
    return _iso639()[1].get(code.strip().casefold())


def shortest_tag(tag: str) -> str:
    """A language tag with an ISO 639-2 language subtag written as the ISO 639-1 code BCP 47 asks for
    (``rus`` → ``ru``, ``zho-Hant`` → ``zh-Hant``); any other tag as it is."""
    first, dash, rest = tag.partition("-")
    short = language_of_iso639_2(first) if len(first) == 3 else None
    return f"{short}{dash}{rest}" if short else tag


__all__ = [
    "Level", "Levels", "Repository", "VocabError", "archival_levels", "check", "classification_level",
    "field_limits", "iso639_2", "language_of_iso639_2", "shortest_tag",
    "first_content_line", "ids", "label_in", "labels", "load", "load_classification", "page_chrome", "read",
    "read_mapping",
    "repositories", "repository_by_code", "repository_by_slug", "scheme_of", "slug_of", "translated_labels",
]
