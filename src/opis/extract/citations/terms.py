"""The citation vocabulary (extract/data/citations.yaml, and the archival levels of vocab/levels.yaml) as typed
values and compiled patterns."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from opis import vocab


def levels() -> tuple[str, ...]:
    """The archival levels' keys, top-down (vocab/levels.yaml): ``("fond", "opis", "papka", "delo", "folios")``."""
    return vocab.archival_levels().keys


def data() -> dict[str, Any]:
    return vocab.read_mapping("opis.extract", "data/citations.yaml")


def _strings(key: str, items: list[Any]) -> tuple[str, ...]:
    """Items of a list, which must all be strings (YAML reads a bare ``No`` or ``On`` as a boolean)."""
    bad = [item for item in items if not isinstance(item, str)]
    if bad:
        raise ValueError(f"citations.yaml: {key} has non-string forms {bad!r}; quote them")
    return tuple(items)


def forms(key: str) -> tuple[str, ...]:
    """A list entry of the vocabulary."""
    return _strings(key, data()[key])


def mapping(key: str) -> dict[str, tuple[str, ...]]:
    """A mapping entry whose values are lists of forms."""
    return {str(k): _strings(f"{key}.{k}", v) for k, v in data()[key].items()}


def alternation(items: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal forms, longest first so that ``Ll`` wins over ``L``."""
    return _alternation(tuple(items))


@lru_cache(maxsize=1024)  # patterns are built from the vocabulary per text: escape each form once
def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(f) for f in sorted(set(items), key=len, reverse=True))


def level_of_form() -> dict[str, str]:
    """Archival level for each marker form (``Оп`` -> ``opis``)."""
    return vocab.archival_levels().of_form()


@cache
def verso_pattern() -> str:
    return rf"(?:{alternation(forms('verso'))})\.?(?![\w])"


@cache
def place_abbreviations() -> dict[str, str]:
    return {str(k): str(v) for k, v in data()["place_abbreviations"].items()}


@cache
def issue_date_words() -> tuple[str, ...]:
    """Month and season names (extract/data/dates.yaml) that date a periodical's issue: ``(Spring 1978)``,
    ``Нодон синмун. 19 марта 1956 г.``; lower case and capitalised."""
    dates = vocab.read_mapping("opis.extract", "data/dates.yaml")
    words = [str(w) for forms_ in dates["months"].values() for key in ("en", "ru") for w in forms_[key]]
    words += [str(w) for season in dates["seasons"].values() for w in season]
    return tuple(sorted({f for w in words for f in (w, w[:1].upper() + w[1:])}, key=len, reverse=True))
