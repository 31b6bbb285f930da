"""The registries of built-in parts and plug-ins, and the one path that loads both.

Each layer owns a ``Registry`` (ingest handlers, extractors, exporters). A plug-in is a module
that, when imported, registers its parts in those registries. The built-ins are plug-ins too:
``BUILTIN_PLUGINS`` lists their modules, and ``load_plugins()`` imports them first, then every
module an ``opis.plugins`` entry point names, so a third-party format, extractor or exporter is
found exactly the way opis finds its own (datasette loads its default plug-ins the same way).

The server (``create_app``), the CLI commands that use a registry and the sandboxed parser call
``load_plugins()`` when they start; a registry read before that (a library caller, a test) loads
them too, so a registry is never seen half-empty.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Generic, TypeVar

T = TypeVar("T")

ENTRY_POINT_GROUP = "opis.plugins"

# Listed by layer. Each module registers what it defines when imported.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "opis.ingest.handlers.text",
    "opis.ingest.handlers.html",
    "opis.ingest.handlers.xml",
    "opis.ingest.handlers.tei",
    "opis.ingest.handlers.pdf",
    "opis.ingest.handlers.word",
    "opis.ingest.handlers.image",
    "opis.ingest.handlers.archive",
    "opis.extract.footnotes.extractor",
    "opis.extract.citations.extractor",
    "opis.extract.dates.running",
    "opis.extract.quantities.extractor",
    "opis.extract.quantities.rates",
    "opis.extract.tables",
    "opis.extract.names.entities",
    "opis.extract.telegrams.extractor",
    "opis.extract.statements.extractor",
    "opis.interop.builtin",
)


class RegistryError(LookupError):
    pass


class PluginError(RuntimeError):
    """A plug-in module could not be imported; the message names it and says why."""


@dataclass(frozen=True)
class Plugin:
    name: str  # the entry point's name, or the module's for a built-in
    module: str
    builtin: bool


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
        _ensure_loaded()
        try:
            return self._items[key]
        except KeyError:
            raise RegistryError(
                f"no {self.name} named {key!r}; known: {', '.join(sorted(self._items)) or 'none'}"
            ) from None

    def __contains__(self, key: object) -> bool:
        _ensure_loaded()
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        _ensure_loaded()
        return iter(sorted(self._items))

    def items(self) -> list[tuple[str, T]]:
        _ensure_loaded()
        return sorted(self._items.items())


_loaded: dict[str, Plugin] = {}  # module → plug-in, in loading order
_loading = False
# Re-entrant: a plug-in module being imported may read a registry (same thread, sees what is there).
_lock = threading.RLock()
_complete = False  # every plug-in known at the last load_plugins() imported without error


def load_plugins() -> list[Plugin]:
    """Import the built-in plug-in modules, then every module an ``opis.plugins`` entry point names.

    Idempotent: a module is imported once; a later call picks up entry points that appeared on
    ``sys.path`` since (the sandboxed parser receives its caller's path with each request).
    Returns every plug-in loaded so far.
    """
    global _loading, _complete
    with _lock:
        if _loading:  # a plug-in module read a registry while being imported: it sees what is there
            return list(_loaded.values())
        _loading = True
        try:
            for module in BUILTIN_PLUGINS:
                _load(Plugin(module, module, builtin=True))
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                _load(Plugin(ep.name, ep.value.partition(":")[0].strip(), builtin=False))
            _complete = True
        finally:
            _loading = False
        return list(_loaded.values())


def _load(plugin: Plugin) -> None:
    if plugin.module in _loaded:
        return
    try:
        importlib.import_module(plugin.module)
    except Exception as exc:
        raise PluginError(f"plug-in {plugin.name!r} (module {plugin.module}) failed to load: "
                          f"{type(exc).__name__}: {exc}") from exc
    _loaded[plugin.module] = plugin


def _ensure_loaded() -> None:
    if _complete:
        return
    # Another thread loading: wait for it, or this one would read a half-filled registry (the
    # ingest batch's first two files, one a PDF, both chose a handler while only the text
    # handler was registered, and the PDF was read as text).
    with _lock:
        if not _complete and not _loading:
            load_plugins()
