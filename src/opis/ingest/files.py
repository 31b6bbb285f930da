"""Checks made before any parser sees a file: it exists, is a regular readable file, is not
empty, and is within the size limit. The size comes from ``stat`` so a huge (even sparse) file
is refused without reading a byte of it."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from opis.ingest.base import HEAD_BYTES
from opis.ingest.errors import FileRejected


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (Python keeps them as lone surrogates,
    which no database or JSON encoder accepts) written as ``\\xff``: readable, storable, and
    the original bytes can still be read back from it."""
    if not LONE_SURROGATE.search(text):
        return text
    return LONE_SURROGATE.sub(_escaped, text)


def _escaped(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def check_file(path: Path, max_bytes: int) -> int:
    """The file's size in bytes, or FileRejected saying why it cannot be ingested."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileRejected(f"{path}: no such file") from None
    except PermissionError:
        raise FileRejected(f"{path}: permission denied") from None
    except OSError as exc:
        raise FileRejected(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRejected(f"{path}: is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        # FIFOs and devices never end or block forever; only regular files are ingested.
        raise FileRejected(f"{path}: not a regular file")
    if info.st_size == 0:
        raise FileRejected(f"{path}: the file is empty (0 bytes)")
    if info.st_size > max_bytes:
        raise FileRejected(
            f"{path}: {human_size(info.st_size)} is over the {human_size(max_bytes)} size limit")
    return info.st_size


def _check_info(path: Path, info: os.stat_result, max_bytes: int) -> int:
    if not stat.S_ISREG(info.st_mode):
        raise FileRejected(f"{path}: not a regular file")
    if info.st_size > max_bytes:
        raise FileRejected(
            f"{path}: {human_size(info.st_size)} is over the {human_size(max_bytes)} size limit")
    return info.st_size


def hash_file(path: Path, max_bytes: int) -> tuple[str, int]:
    """(SHA-256, size) of a regular file within ``max_bytes``. The file is opened without
    blocking (a FIFO swapped in after ``check_file`` cannot hang) and checked again on the open
    descriptor, so what is hashed is what was checked."""
    check_file(path, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise FileRejected(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        _check_info(path, os.fstat(fh.fileno()), max_bytes)
        digest, size = hashlib.sha256(), 0
        try:
            while block := fh.read(1 << 20):
                size += len(block)
                if size > max_bytes:
                    raise FileRejected(f"{path}: over the {human_size(max_bytes)} size limit")
                digest.update(block)
        except OSError as exc:
            raise FileRejected(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return digest.hexdigest(), size


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes, for handler scoring."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except PermissionError:
        raise FileRejected(f"{path}: permission denied") from None
    except OSError as exc:
        raise FileRejected(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_all(path: Path, max_bytes: int) -> bytes:
    """The whole file, never more than ``max_bytes`` (the file may grow after it was checked)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise FileRejected(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise FileRejected(f"{path}: over the {human_size(max_bytes)} size limit")
    return data
