"""The one small registry that built-in parts and plug-ins both use.

Each layer owns a ``Registry`` (ingest handlers, extractors, exporters). Built-in parts call
``register`` at import time exactly as a plug-in would. A plug-in package declares an entry
point in the ``opis.plugins`` group naming a module; ``load_plugins()`` imports it, and the
module registers itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

T = TypeVar("T")


class RegistryError(LookupError):
    pass


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str) -> Callable[[T], T]:
        """Decorator (or call) that registers ``item`` under ``key``; a key may be registered once."""

        def add(item: T) -> T:
            if key in self._items:
                raise RegistryError(f"{self.name}: {key!r} is registered already")
            self._items[key] = item
            return item

        return add

    def get(self, key: str) -> T:
        try:
            return self._items[key]
        except KeyError:
            raise RegistryError(
                f"no {self.name} named {key!r}; known: {', '.join(sorted(self._items)) or 'none'}"
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def items(self) -> list[tuple[str, T]]:
        return sorted(self._items.items())


_loaded = False


def load_plugins() -> list[str]:
    """Import every module named by an ``opis.plugins`` entry point, once; return their names."""
    global _loaded
    names: list[str] = []
    if _loaded:
        return names
    for ep in entry_points(group="opis.plugins"):
        ep.load()
        names.append(ep.name)
    _loaded = True
    return names
