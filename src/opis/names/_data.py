"""The transliteration tables in ``names/data/``, read once per process by opis.vocab's one YAML reader."""

from __future__ import annotations

from typing import Any

from opis import vocab


def load(name: str) -> Any:
    """The parsed ``names/data/<name>.yaml``."""
    return vocab.read("opis.names", f"data/{name}.yaml")


def alternatives(value: Any) -> tuple[str, ...]:
    """A table cell as a tuple: ``"a"`` -> ``("a",)``, ``["y", "i"]`` -> ``("y", "i")``."""
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)
