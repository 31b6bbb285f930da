"""Citation and data formats: CSL-JSON, RIS, BibTeX, Chicago, CSV, JSON Lines, embedded metadata.

Sits above the store and model and below the web: pure functions of a document and a
``CiteContext``. ``EXPORTERS`` holds every format by name; the built-ins (``builtin.py``) register
through ``opis.plugins.load_plugins()``, like a plug-in's.
"""

from __future__ import annotations

from opis.interop.context import CiteContext
from opis.interop.registry import EXPORTERS, Exporter, by_extension

__all__ = ["EXPORTERS", "CiteContext", "Exporter", "by_extension"]
