"""Zip-bomb limits, shared by the ZIP handler and by formats that are ZIP inside (DOCX).

The central directory is checked before anything is decompressed (member count, declared
sizes, compression ratios); extraction then counts the bytes really produced, so an archive
that lies in its directory is still stopped at the limit.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO

from opis.ingest.base import ZipLimits
from opis.ingest.errors import CorruptFile, UnsafeContent
from opis.ingest.files import human_size

_COPY_CHUNK = 1 << 20


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptFile(f"{path.name}: corrupt ZIP archive ({exc})") from None


def check_archive(zf: zipfile.ZipFile, limits: ZipLimits, label: str) -> None:
    """Refuse the archive (UnsafeContent) if its directory breaks any limit."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeContent(f"{label}: {len(infos)} members, over the limit of {limits.max_members}")
    total = packed = 0
    for info in infos:
        _check_member(info, limits, label)
        total += info.file_size
        packed += info.compress_size
        if total > limits.max_total_bytes:
            raise UnsafeContent(f"{label}: unpacks to more than {human_size(limits.max_total_bytes)} "
                                "(limit on total uncompressed size)")
    if total > limits.ratio_floor_bytes and total / max(packed, 1) > limits.max_ratio:
        raise UnsafeContent(f"{label}: its members are compressed {total / max(packed, 1):.0f}:1 together, "
                            f"over the {limits.max_ratio:.0f}:1 limit (a zip bomb?)")


def _check_member(info: zipfile.ZipInfo, limits: ZipLimits, label: str) -> None:
    if info.file_size > limits.max_member_bytes:
        raise UnsafeContent(f"{label}: member {info.filename!r} unpacks to {human_size(info.file_size)}, "
                            f"over the {human_size(limits.max_member_bytes)} limit")
    if info.file_size > limits.ratio_floor_bytes:
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            raise UnsafeContent(f"{label}: member {info.filename!r} is compressed {ratio:.0f}:1, "
                                f"over the {limits.max_ratio:.0f}:1 limit (a zip bomb?)")


def extract_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, out: IO[bytes], budget: int,
                   label: str) -> int:
    """Copy one member into ``out``, stopping with UnsafeContent past ``budget`` bytes; the
    number of bytes written."""
    written = 0
    try:
        with zf.open(info) as src:
            while chunk := src.read(_COPY_CHUNK):
                written += len(chunk)
                if written > budget:
                    raise UnsafeContent(f"{label}: member {info.filename!r} unpacks to more than "
                                        f"its declared size or the size limit")
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        # a bad CRC, a broken deflate stream or a truncated member: the data is damaged
        raise CorruptFile(f"{label}: member {info.filename!r} is damaged ({exc})") from None
    return written
