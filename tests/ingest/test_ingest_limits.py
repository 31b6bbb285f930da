"""Hostile and broken input: every refusal is one clear line, and nothing hangs or explodes."""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from opis.ingest import (
    CorruptFile,
    FileRejected,
    ParseOptions,
    PasswordProtected,
    UnsafeContent,
    ZipLimits,
    parse_file,
    parse_file_safely,
)
from opis.ingest.errors import IngestError

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def _one_line(exc: IngestError) -> str:
    assert "\n" not in exc.reason and exc.reason == str(exc)
    return exc.reason


# ---- before parsing: the file itself ----------------------------------------------------------

def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.touch()
    with pytest.raises(FileRejected, match="empty") as err:
        parse_file(path)
    _one_line(err.value)


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(FileRejected, match="no such file"):
        parse_file(tmp_path / "nowhere.txt")


def test_directory_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(FileRejected, match="is a directory"):
        parse_file(tmp_path)


def test_fifo_is_rejected_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileRejected, match="not a regular file"):
        parse_file(fifo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden")
    path.chmod(0)
    with pytest.raises(FileRejected, match="permission denied"):
        parse_file(path)


def test_sparse_2gb_file_is_rejected_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: takes no disk space, but stat says 2 GB
    try:
        started = time.monotonic()
        with pytest.raises(FileRejected, match="over the 512.0 MB size limit") as err:
            parse_file(path)
        with pytest.raises(FileRejected, match="size limit"):
            parse_file_safely(path)
        assert time.monotonic() - started < 2.0
        _one_line(err.value)
    finally:
        path.unlink()


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x" * 2000)
    with pytest.raises(FileRejected, match="size limit"):
        parse_file(path, ParseOptions(max_bytes=1000))


# ---- XML ----------------------------------------------------------------------------------------

def test_xxe_is_refused_and_nothing_is_read() -> None:
    with pytest.raises(UnsafeContent, match="entity") as err:
        parse_file(DATA / "xxe-file.xml")
    assert "root:" not in _one_line(err.value)


def test_network_entity_is_refused() -> None:
    with pytest.raises(UnsafeContent, match="entity"):
        parse_file(DATA / "xxe-network.xml")


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(UnsafeContent, match="entity"):
        parse_file(DATA / "billion-laughs.xml")
    assert time.monotonic() - started < 2.0


def test_xinclude_is_never_processed() -> None:
    parsed = parse_file(DATA / "xinclude-local.xml")
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    assert "Before." in parsed.text and "After." in parsed.text
    if hostname:
        assert hostname not in parsed.text


def test_malformed_xml_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><p>unclosed</text></TEI>')
    with pytest.raises(CorruptFile, match="not well-formed") as err:
        parse_file(path)
    _one_line(err.value)


# ---- PDF ----------------------------------------------------------------------------------------

def test_corrupt_pdf_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    with pytest.raises(CorruptFile, match="corrupt PDF") as err:
        parse_file(path)
    _one_line(err.value)


def test_truncated_pdf_is_reported_or_read(tmp_path: Path, text_pdf: Callable[..., Path]) -> None:
    whole = text_pdf(["Page one text of a letter."]).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    try:
        parsed = parse_file(path)
    except CorruptFile as exc:
        _one_line(exc)
    else:  # pypdf may rebuild a damaged file; then whatever it read must be well-formed
        assert parsed.handler == "pdf"


def _encrypted_pdf(source: Path, out: Path, user_password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def test_password_protected_pdf_is_refused(tmp_path: Path, text_pdf: Callable[..., Path]) -> None:
    path = _encrypted_pdf(text_pdf(["Classified text."]), tmp_path / "locked.pdf", "let-me-in")
    with pytest.raises(PasswordProtected, match="password-protected") as err:
        parse_file(path)
    _one_line(err.value)


def test_owner_password_only_pdf_is_read(tmp_path: Path, text_pdf: Callable[..., Path]) -> None:
    path = _encrypted_pdf(text_pdf(["Readable despite encryption."]), tmp_path / "restricted.pdf", "")
    assert "Readable despite encryption" in parse_file(path).text


# ---- ZIP ----------------------------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes], level: int = 9) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_bomb_is_refused_by_ratio(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"zeros.txt": b"\0" * (50 * 1024 * 1024)})
    assert bomb.stat().st_size < 200_000  # 50 MB in well under 200 KB: a ratio near 1000:1
    with pytest.raises(UnsafeContent, match=r"compressed \d+:1") as err:
        parse_file(bomb)
    _one_line(err.value)


def test_zip_total_size_limit(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.zip", {f"f{i}.txt": os.urandom(300_000) for i in range(4)}, level=0)
    options = ParseOptions(zip=ZipLimits(max_total_bytes=1_000_000))
    with pytest.raises(UnsafeContent, match="total uncompressed size"):
        parse_file(path, options)


def test_zip_member_count_limit(tmp_path: Path) -> None:
    path = _zip(tmp_path / "count.zip", {f"f{i}.txt": b"note %d" % i for i in range(30)})
    with pytest.raises(UnsafeContent, match="30 members"):
        parse_file(path, ParseOptions(zip=ZipLimits(max_members=20)))


def test_zip_nesting_depth_limit(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", "deep text")
    middle = io.BytesIO()
    with zipfile.ZipFile(middle, "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
    outer = _zip(tmp_path / "outer.zip", {"middle.zip": middle.getvalue()})
    two_levels = _zip(tmp_path / "two.zip", {"inner.zip": inner.getvalue()})
    assert parse_file(two_levels).parts[0].parts[0].text == "deep text"
    with pytest.raises(UnsafeContent, match="nested more than 2 deep"):
        parse_file(outer)


def test_zip_members_are_dispatched_by_content(tmp_path: Path, text_pdf: Callable[..., Path]) -> None:
    pdf = text_pdf(["A letter in a PDF."]).read_bytes()
    path = _zip(tmp_path / "mixed.zip", {
        "docs/letter.txt": pdf,  # a PDF under a .txt name
        "docs/notes.md": b"# Notes\n\nSome notes here.\n",
        "docs/empty.txt": b"",
        "__MACOSX/._letter.txt": b"junk",
        "docs/blob.bin": bytes(range(256)) * 4,
    })
    parsed = parse_file(path)
    by_name = {p.filename: p for p in parsed.parts}
    assert by_name["docs/letter.txt"].handler == "pdf"
    assert by_name["docs/notes.md"].title == "Notes"
    assert "__MACOSX/._letter.txt" not in by_name
    assert any("empty member" in w for w in parsed.warnings)
    assert any(w.startswith("docs/blob.bin:") for w in parsed.warnings)


def test_damaged_member_is_a_warning(tmp_path: Path) -> None:
    path = _zip(tmp_path / "damaged.zip", {"a.txt": b"hello world " * 1000, "b.txt": b"second member"})
    data = bytearray(path.read_bytes())
    data[60:80] = b"\xff" * 20  # inside a.txt's deflate stream
    path.write_bytes(bytes(data))
    parsed = parse_file(path)
    assert [p.text for p in parsed.parts] == ["second member"]
    assert len(parsed.warnings) == 1 and "'a.txt' is damaged" in parsed.warnings[0]


def test_corrupt_zip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    with pytest.raises(CorruptFile, match="ZIP"):
        parse_file(path)


# ---- the sandbox --------------------------------------------------------------------------------

def test_sandbox_returns_what_parse_file_returns(frus_volumes: Path) -> None:
    path = frus_volumes / "frus1955-57v23p2-excerpt.xml"
    safe, direct = parse_file_safely(path), parse_file(path)
    assert safe.records == direct.records
    assert safe.record_metadata == direct.record_metadata
    assert safe.pages == direct.pages and safe.title == direct.title


def test_sandbox_keeps_the_error_class() -> None:
    with pytest.raises(UnsafeContent, match="entity"):
        parse_file_safely(DATA / "billion-laughs.xml")


def test_sandbox_timeout_kills_child_and_helpers(tmp_path: Path) -> None:
    path = tmp_path / "job.txt"
    path.write_text("x")
    started = time.monotonic()
    # long enough for a fresh interpreter to start and reach the helper on a loaded machine
    with pytest.raises(IngestError, match="longer than 10s") as err:
        parse_file_safely(path, timeout_s=10, runner="sandbox_targets:sleep_with_helper")
    assert time.monotonic() - started < 30
    _one_line(err.value)
    # The helper was in the child's session and died with it: gone, or a zombie waiting for
    # init to reap it (containers often have no reaping init).
    assert not _running(int(path.read_text()))


def _running(pid: int, tries: int = 20) -> bool:
    """Whether ``pid`` is still alive (not a zombie) after up to ``tries`` looks 0.1 s apart."""
    for _ in range(tries):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.1)
    return True


def test_sandbox_reports_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "job.txt"
    path.write_text("x")
    with pytest.raises(IngestError, match="crashed \\(SIGSEGV\\)") as err:
        parse_file_safely(path, runner="sandbox_targets:segfault")
    _one_line(err.value)


def test_sandbox_caps_memory(tmp_path: Path) -> None:
    path = tmp_path / "job.txt"
    path.write_text("x")
    with pytest.raises(IngestError, match="memory") as err:
        parse_file_safely(path, memory_mb=1024, runner="sandbox_targets:hog_memory")
    _one_line(err.value)
