"""Exporters: each turns documents into one citation or data format, registered by name.

Built-in formats register in ``builtin.py`` through the same call a plug-in uses::

    from opis.interop import EXPORTERS, Exporter
    EXPORTERS.register("mods")(Exporter("mods", "MODS XML", "application/mods+xml", "xml", item=to_mods,
                                        header="<modsCollection>", footer="</modsCollection>"))

An exporter writes a header, then each document (with a separator between two), then a footer,
so a long result set can be streamed a document at a time. ``bulk`` exporters also serve whole
result sets (the reading room's ``/search.{extension}``); the others cite one document at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from opis.interop.context import CiteContext
from opis.model import Document
from opis.plugins import Registry

ItemWriter = Callable[[Document, CiteContext], str]


@dataclass(frozen=True)
class Exporter:
    name: str
    label: str
    media_type: str
    extension: str
    item: ItemWriter
    header: str = ""
    separator: str = ""
    footer: str = ""
    bulk: bool = True

    def stream(self, items: Iterable[tuple[Document, CiteContext]]) -> Iterator[str]:
        yield self.header
        for n, (doc, ctx) in enumerate(items):
            yield (self.separator if n else "") + self.item(doc, ctx)
        yield self.footer

    def one(self, doc: Document, ctx: CiteContext) -> str:
        return "".join(self.stream([(doc, ctx)]))


EXPORTERS: Registry[Exporter] = Registry("exporter")


def by_extension(extension: str) -> Exporter | None:
    """The registered exporter writing files with this extension (``ris``, ``bib``, ``csv`` ...)."""
    return next((e for _, e in EXPORTERS.items() if e.extension == extension), None)
