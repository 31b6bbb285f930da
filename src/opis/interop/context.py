"""What a citation needs beyond the document itself: where it lives on the web and who its people are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from opis import vocab
from opis.model import Authority, Document


@dataclass(frozen=True)
class CiteContext:
    """``base_url`` makes the permalink (``https://host`` without a trailing slash); ``authorities``
    holds the linked authority records the reader may see, by id, so names come out structured;
    ``work`` is the catalogue record of the work the document is a confirmed witness of (an ingested copy
    of a catalogued article), whose author, date and kind stand in where the copy's own are missing."""

    base_url: str = ""
    authorities: Mapping[str, Authority] = field(default_factory=dict)
    work: Document | None = None

    def url_of(self, doc: Document) -> str:
        return f"{self.base_url}/documents/{doc.id}"


def _types() -> dict[str, Any]:
    return vocab.read_mapping("opis.interop", "data/types.yaml")


def type_of(genre: str, scheme: str) -> str:
    """The item type of ``genre`` in ``scheme`` (csl, ris, bibtex, zotero), from data/types.yaml."""
    row = _types()["genres"].get(genre) or _types()["default"]
    return str(row[scheme])
