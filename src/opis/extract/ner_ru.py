"""Russian named entities (persons, places, organizations) by natasha's NER tagger.

natasha ships its model weights inside its PyPI packages (navec, slovnet): nothing is
downloaded. The tagger loads once per process (about two seconds) and then reads a page in
milliseconds. It is used for the names no authority record covers; names that match an
authority are found by opis.extract.entities first and keep precedence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
TYPES = {"PER": "person", "LOC": "place", "ORG": "organization"}


@cache
def _tagger() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def russian_entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, type) of each entity natasha finds; nothing for text without Cyrillic."""
    if not _CYRILLIC.search(text):
        return []
    from natasha import Doc

    segmenter, tagger = _tagger()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [(s.start, s.stop, TYPES[s.type]) for s in doc.spans if s.type in TYPES]
