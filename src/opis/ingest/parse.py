"""Parsing one file in this process: checks, handler choice by content, parse."""

from __future__ import annotations

from pathlib import Path

from opis.ingest.base import ParsedFile, ParseOptions, choose_handler
from opis.ingest.errors import CorruptFile, IngestError, ParserFailed
from opis.ingest.files import check_file, read_head


def parse_file(path: Path | str, options: ParseOptions | None = None) -> ParsedFile:
    """Parse ``path`` with the handler its bytes call for. Every failure is an IngestError
    with a one-line reason. Untrusted files should go through ``parse_file_safely``."""
    options = options or ParseOptions()
    path = Path(path)
    check_file(path, options.max_bytes)
    handler = choose_handler(read_head(path), path.name)
    try:
        parsed = handler.parse(path, options)
    except IngestError:
        raise
    except MemoryError:
        raise ParserFailed(f"{path.name}: ran out of memory while parsing") from None
    except RecursionError:
        raise ParserFailed(f"{path.name}: structure nested too deeply to parse") from None
    except Exception as exc:  # a parser library's own error type: the file did not parse
        raise CorruptFile(f"{path.name}: could not be read as {handler.name} "
                          f"({type(exc).__name__}: {exc})") from None
    parsed.filename = parsed.filename or path.name
    return parsed
