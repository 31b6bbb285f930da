"""The citation vocabulary (extract/data/citations.yaml) as typed values and compiled patterns."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

LEVELS: tuple[str, ...] = ("fond", "opis", "papka", "delo", "folios")


@cache
def data() -> dict[str, Any]:
    text = resources.files("opis.extract").joinpath("data/citations.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


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
    return "|".join(re.escape(f) for f in sorted(set(items), key=len, reverse=True))


@cache
def level_of_form() -> dict[str, str]:
    """Archival level for each marker form (``Оп`` -> ``opis``)."""
    return {form: level for level, fs in mapping("levels").items() for form in fs}


@cache
def verso_pattern() -> str:
    return rf"(?:{alternation(forms('verso'))})\.?(?![\w])"


@cache
def place_abbreviations() -> dict[str, str]:
    return {str(k): str(v) for k, v in data()["place_abbreviations"].items()}
