"""ZIP archives: each member goes to the handler its bytes call for, and comes back as one of
``ParsedFile.parts``. Zip-bomb limits apply (see zipguard); a hostile member refuses the
whole archive, while an unreadable or unsupported member is only a warning."""

from __future__ import annotations

import re
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

from opis.ingest.base import HANDLERS, ParsedFile, ParseOptions, choose_handler, name_bonus
from opis.ingest.errors import IngestError, UnsafeContent
from opis.ingest.files import read_head
from opis.ingest.zipguard import check_archive, extract_member, open_zip

# Files archivers and desktops add that are never documents.
_JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)", re.I)
_UNSAFE_NAME_CHARS = re.compile(r"[^\w.\-]+")


class ZipHandler:
    name = "zip"

    def score(self, head: bytes, filename: str) -> float:
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return 0.5 + name_bonus(filename, (".zip",))
        return 0.0

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        if options.depth >= options.zip.max_depth:
            raise UnsafeContent(f"{path.name}: archives nested more than {options.zip.max_depth} deep")
        parsed = ParsedFile(media_type="application/zip", handler=self.name, filename=path.name)
        with open_zip(path) as zf, tempfile.TemporaryDirectory(prefix="opis-zip-") as tmp:
            check_archive(zf, options.zip, path.name)
            budget = options.zip.max_total_bytes
            members = [i for i in zf.infolist() if not i.is_dir() and not _JUNK.search(i.filename)]
            deadline = time.monotonic() + options.zip.max_seconds
            for index, info in enumerate(members):
                if time.monotonic() > deadline:
                    raise UnsafeContent(f"{path.name}: its members took more than {options.zip.max_seconds:g}s "
                                        f"to read ({index} of {len(members)} done)")
                budget -= _member(zf, info, index, Path(tmp), options, parsed, budget)
            parsed.metadata["members"] = [i.filename for i in members]
        return parsed


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, index: int, tmp: Path,
            options: ParseOptions, parsed: ParsedFile, budget: int) -> int:
    """Extract, dispatch and parse one member; the bytes it took from the budget."""
    if info.flag_bits & 0x1:
        parsed.warnings.append(f"{info.filename}: encrypted member skipped")
        return 0
    basename = PurePosixPath(info.filename).name
    # Never use the member's path on disk (zip-slip); a numbered, cleaned name is enough.
    target = tmp / f"{index}-{_UNSAFE_NAME_CHARS.sub('_', basename)[:100]}"
    limit = min(info.file_size, budget, options.zip.max_member_bytes)
    written = 0
    try:
        with target.open("wb") as out:
            written = extract_member(zf, info, out, limit, parsed.filename)
        if written == 0:
            parsed.warnings.append(f"{info.filename}: empty member skipped")
        else:
            _parse_member(target, basename, info.filename, options, parsed)
    except UnsafeContent:
        raise  # a bomb anywhere makes the whole archive hostile
    except IngestError as exc:
        # Reasons from the ZIP layer already name the member; parsers' reasons do not.
        named = info.filename in exc.reason
        parsed.warnings.append(exc.reason if named else f"{info.filename}: {exc.reason}")
    finally:
        target.unlink(missing_ok=True)
    return written


def _parse_member(target: Path, basename: str, name: str, options: ParseOptions,
                  parsed: ParsedFile) -> None:
    try:
        handler = choose_handler(read_head(target), basename)
        part = handler.parse(target, options.nested())
    except UnsafeContent as exc:
        raise UnsafeContent(f"{parsed.filename}: {exc.reason}") from None
    except (IngestError, MemoryError):
        raise
    except Exception as exc:  # a parser bug on one member must not lose the other members
        parsed.warnings.append(f"{name}: parser error ({type(exc).__name__}: {exc})")
        return
    part.filename = name
    parsed.parts.append(part)


HANDLERS.register("zip")(ZipHandler())
