"""Loads the transliteration tables in ``names/data/`` once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# The C loader is several times faster on the larger syllable tables; fall back when absent.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """The parsed ``names/data/<name>.yaml``."""
    text = resources.files(__package__).joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader class


def alternatives(value: Any) -> tuple[str, ...]:
    """A table cell as a tuple: ``"a"`` -> ``("a",)``, ``["y", "i"]`` -> ``("y", "i")``."""
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)
