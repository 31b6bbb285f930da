"""Stored originals in a folder of a local or shared file system (the default home).

Files live at ``<data>/originals/ab/cd/<sha256>``; a file is written to a temporary name and
renamed into place, so a killed process never leaves a half file under a real name.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from opis.store.originals.errors import OriginalMissing

CHUNK = 1 << 20
_HASH = re.compile(r"[0-9a-f]{64}")


class Reader(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def hash_stream(fh: Reader) -> tuple[str, int]:
    """(sha256, size) of what ``fh`` reads, a block at a time (memory stays one block whatever the size)."""
    digest, size = hashlib.sha256(), 0
    while block := fh.read(CHUNK):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def sha256_of(path: Path) -> str:
    with path.open("rb") as fh:
        return hash_stream(fh)[0]


class OriginalsDir:
    def __init__(self, root: Path) -> None:
        self.root = root
        # Folders this process made or found: an ingest puts thousands of files, and asking the
        # file system for three folders per file cost more than the copy (mkdir on a busy disk).
        self._folders: set[Path] = set()

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def describe(self) -> str:
        return f"files in {self.root}"

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def size(self, sha256: str) -> int:
        try:
            return self.path_for(sha256).stat().st_size
        except FileNotFoundError:
            raise _missing(sha256) from None

    def hashes(self) -> Iterator[str]:
        """Every stored hash: the files named by one under ``ab/cd/`` (temporary names start with a dot)."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if not (first.is_dir() and len(first.name) == 2):
                continue
            for second in sorted(first.iterdir()):
                if second.is_dir():
                    yield from sorted(p.name for p in second.iterdir() if _HASH.fullmatch(p.name) and p.is_file())

    def local_path(self, sha256: str) -> Path:
        return self.path_for(sha256)

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` in (if not there yet); return (sha256, size). Hashes while copying."""
        self._folder(self.root)
        digest, size = hashlib.sha256(), 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                for block in iter(lambda: src.read(CHUNK), b""):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.is_file():
                os.unlink(tmp_name)
            else:
                self._folder(target.parent)
                os.replace(tmp_name, target)
            return sha, size
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise

    def _folder(self, path: Path) -> None:
        """Make ``path`` (and its parents) unless this process has seen it already. A folder removed
        behind its back makes the rename fail loudly, never a file land elsewhere."""
        if path not in self._folders:
            path.mkdir(parents=True, exist_ok=True)
            self._folders.add(path)

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        with tempfile.NamedTemporaryFile(dir=self.root if self.root.exists() else None, delete=False) as fh:
            fh.write(data)
        try:
            return self.put_file(Path(fh.name))
        finally:
            os.unlink(fh.name)

    @contextmanager
    def open(self, sha256: str) -> Iterator[BinaryIO]:
        try:
            fh = self.path_for(sha256).open("rb")
        except FileNotFoundError:
            raise _missing(sha256) from None
        with fh:
            yield fh

    def copy_to(self, sha256: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path_for(sha256), target)


def _missing(sha256: str) -> OriginalMissing:
    return OriginalMissing(f"no stored original {sha256}")
