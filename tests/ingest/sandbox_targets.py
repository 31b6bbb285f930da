"""Misbehaving "parsers" that the sandbox tests hand to parse_file_safely as its runner.

They live in an importable module because the sandbox child imports its runner by name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from opis.ingest import ParsedFile, ParseOptions


def sleep_forever(path: Path, options: ParseOptions) -> ParsedFile:
    time.sleep(600)
    raise AssertionError("should have been killed")


def sleep_with_helper(path: Path, options: ParseOptions) -> ParsedFile:
    """Start a helper process (as OCR does) and hang; the helper's pid goes into the file."""
    helper = subprocess.Popen(["sleep", "600"])
    path.write_text(str(helper.pid))
    time.sleep(600)
    raise AssertionError("should have been killed")


def segfault(path: Path, options: ParseOptions) -> ParsedFile:
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(10)
    raise AssertionError("should have crashed")


def hog_memory(path: Path, options: ParseOptions) -> ParsedFile:
    blocks = [bytearray(64 * 1024 * 1024) for _ in range(1000)]  # 64 GB: far over any cap
    raise AssertionError(f"allocated {len(blocks)} blocks")


def note_pid_and_hang(path: Path, options: ParseOptions) -> ParsedFile:
    """Write this parser process's pid into the file, then hang."""
    path.write_text(str(os.getpid()))
    time.sleep(600)
    raise AssertionError("should have been killed")
