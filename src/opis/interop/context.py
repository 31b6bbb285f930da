"""What a citation needs beyond the document itself: where it lives on the web and who its people are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from opis.model import Authority, Document


@dataclass(frozen=True)
class CiteContext:
    """``base_url`` makes the permalink (``https://host`` without a trailing slash); ``authorities``
    holds the linked authority records the reader may see, by id, so names come out structured."""

    base_url: str = ""
    authorities: Mapping[str, Authority] = field(default_factory=dict)

    def url_of(self, doc: Document) -> str:
        return f"{self.base_url}/documents/{doc.id}"


@cache
def _types() -> dict[str, Any]:
    text = resources.files("opis.interop").joinpath("data/types.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def type_of(genre: str, scheme: str) -> str:
    """The item type of ``genre`` in ``scheme`` (csl, ris, bibtex, zotero), from data/types.yaml."""
    row = _types()["genres"].get(genre) or _types()["default"]
    return str(row[scheme])
