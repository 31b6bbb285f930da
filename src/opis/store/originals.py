"""Stored originals: every file kept unchanged, addressed by its SHA-256, written once.

Files live at ``<data>/originals/ab/cd/<sha256>``; a file is written to a temporary name and
renamed into place, so a killed process never leaves a half file under a real name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


class OriginalsDir:
    def __init__(self, root: Path) -> None:
        self.root = root
        # Folders this process made or found: an ingest puts thousands of files, and asking the
        # file system for three folders per file cost more than the copy (mkdir on a busy disk).
        self._folders: set[Path] = set()

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

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
        with self.path_for(sha256).open("rb") as fh:
            yield fh

    def copy_to(self, sha256: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path_for(sha256), target)
