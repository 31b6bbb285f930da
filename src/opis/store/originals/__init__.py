"""Stored originals: every file kept unchanged, addressed by its SHA-256, written once.

One small interface (``Originals``), two homes chosen by configuration (``OPIS_ORIGINALS``):

- ``OriginalsDir`` (files.py): a folder on a local or shared file system, the default
  (``<data>/originals/ab/cd/<sha256>``).
- ``S3Originals`` (s3.py): an S3-compatible object store (AWS S3, MinIO, Ceph) through boto3, one
  object per original under ``<prefix>/<sha256>``; ``s3://bucket/prefix``.

Both write atomically (a reader sees the whole file or none), never replace what is stored under a
hash, and check the bytes against their hash on the way in. The fixity check (jobs/fixity.py)
re-hashes what they hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from opis.store.originals.errors import OriginalConflict, OriginalCorrupt, OriginalMissing
from opis.store.originals.files import CHUNK, OriginalsDir, Reader, hash_stream, sha256_of

if TYPE_CHECKING:
    from opis.config import Settings

__all__ = ["CHUNK", "HASH", "OriginalConflict", "OriginalCorrupt", "OriginalMissing", "Originals", "OriginalsDir",
           "Reader", "open_originals", "rehash", "sha256_of"]

HASH = re.compile(r"[0-9a-f]{64}")


class Originals(Protocol):
    """Where stored originals live. ``root`` is a local folder: the files themselves, or the object
    store's read cache (page images and PDFs are drawn from a local file)."""

    root: Path

    def describe(self) -> str:
        """Where the originals are, for people (a folder, or s3://bucket/prefix at an endpoint)."""

    def put_file(self, source: Path) -> tuple[str, int]:
        """Store ``source`` under its SHA-256 unless there already; return (sha256, size)."""

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        """``put_file`` for bytes in memory."""

    def has(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int:
        """The stored size in bytes; OriginalMissing if nothing is stored under ``sha256``."""

    def hashes(self) -> Iterator[str]:
        """Every hash something is stored under, in no promised order."""

    def open(self, sha256: str) -> AbstractContextManager[Reader]:
        """The stored bytes as a stream (not checked: ``rehash`` checks); OriginalMissing if absent."""

    def local_path(self, sha256: str) -> Path:
        """A local file holding the original's bytes (an object store downloads it into ``root``
        once, checking its hash: OriginalCorrupt if they differ)."""

    def copy_to(self, sha256: str, target: Path) -> None: ...


def rehash(originals: Originals, sha256: str) -> tuple[str, int]:
    """(sha256, size) of the bytes stored under ``sha256``, read a block at a time (memory stays
    one block whatever the file's size)."""
    with originals.open(sha256) as fh:
        return hash_stream(fh)


def open_originals(settings: Settings) -> Originals:
    """The originals store the settings name: a folder, or an S3 bucket (``s3://bucket/prefix``)."""
    target = settings.originals
    if target is not None and target.startswith("s3://"):
        from opis.store.originals.s3 import S3Originals, parse_s3_url

        bucket, prefix = parse_s3_url(target)
        return S3Originals(bucket, prefix, settings.originals_cache_dir, settings.s3_endpoint_url)
    return OriginalsDir(settings.originals_dir)
