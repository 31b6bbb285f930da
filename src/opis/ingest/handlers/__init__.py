"""The built-in format handlers. Importing this package registers each of them in
``opis.ingest.base.HANDLERS``, the same way a plug-in module registers its own."""

from opis.ingest.handlers import archive, html, image, pdf, tei, text, word, xml

__all__ = ["archive", "html", "image", "pdf", "tei", "text", "word", "xml"]
