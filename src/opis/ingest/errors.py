"""Ingest errors: each carries one human-readable line saying what is wrong with the file.

Errors cross a process boundary (``parse_file_safely``), so they are rebuilt in the parent from
their class name and message; keep constructors to a single ``reason`` argument.
"""

from __future__ import annotations

import re


def one_line(text: str, limit: int = 2000) -> str:
    """``text`` as one line of at most ``limit`` characters (parser messages span lines and can
    quote a whole hostile input; a batch report wants one readable line)."""
    line = re.sub(r"\s+", " ", text).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


class IngestError(Exception):
    """A file could not be ingested; ``reason`` is one line a person can act on."""

    def __init__(self, reason: str) -> None:
        self.reason = one_line(reason)
        super().__init__(self.reason)


class UnsupportedFormat(IngestError):
    """No handler recognises the file's bytes."""


class FileRejected(IngestError):
    """The file breaks a limit before parsing starts: missing, empty, too large, not a regular file."""


class UnsafeContent(IngestError):
    """The content is hostile or would exhaust resources: XML entities, zip bombs, image bombs."""


class CorruptFile(IngestError):
    """The file claims a format but its bytes are damaged or truncated."""


class PasswordProtected(IngestError):
    """The file is encrypted and opis has no password for it."""


class ParserFailed(IngestError):
    """The parser process crashed, ran out of memory or time."""


class ParserTimedOut(ParserFailed):
    """The parser process ran past its time limit and was stopped."""


ERROR_CLASSES: dict[str, type[IngestError]] = {
    cls.__name__: cls
    for cls in (IngestError, UnsupportedFormat, FileRejected, UnsafeContent, CorruptFile,
                PasswordProtected, ParserFailed, ParserTimedOut)
}
