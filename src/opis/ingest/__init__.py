"""Ingest: format handlers that turn a file's bytes into text, pages and metadata.

The built-in handlers (``opis.ingest.handlers``) register through ``opis.plugins.load_plugins()``,
like a plug-in's.
"""

from opis.ingest.base import HANDLERS, Handler, Page, ParsedFile, ParseOptions, ZipLimits, choose_handler
from opis.ingest.errors import (
    CorruptFile,
    FileRejected,
    IngestError,
    ParserFailed,
    PasswordProtected,
    UnsafeContent,
    UnsupportedFormat,
)
from opis.ingest.ocr.tesseract import ocr_available
from opis.ingest.parse import parse_file
from opis.ingest.worker import parse_file_safely

__all__ = [
    "HANDLERS", "CorruptFile", "FileRejected", "Handler", "IngestError", "Page", "ParseOptions",
    "ParsedFile", "ParserFailed", "PasswordProtected", "UnsafeContent", "UnsupportedFormat", "ZipLimits",
    "choose_handler", "ocr_available", "parse_file", "parse_file_safely",
]
