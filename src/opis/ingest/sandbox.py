"""A pool of long-lived sandboxed parser processes, for batches.

``parse_file_safely`` starts a fresh interpreter per file: safe, but about half a second of
start-up for every file. A batch instead keeps ``size`` children alive (``python -m
opis.ingest.worker --serve``), each under the same memory cap, in a session of its own, with
its stdout used only for answers. A child that times out, crashes or runs out of memory is
killed with its whole session (Tesseract included) and replaced; each child is also replaced
after ``recycle_after`` files, so what one hostile file might leave behind in a parser does not
live long. Requests go in as pickle (the parent is trusted); answers come back as JSON.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from opis.children import HEADER, READY, frame, kill_session, read_exact, read_frame
from opis.ingest.base import ParsedFile, ParseOptions
from opis.ingest.errors import ParserFailed, ParserTimedOut
from opis.ingest.files import check_file
from opis.ingest.worker import (
    DEFAULT_MEMORY_MB,
    DEFAULT_RUNNER,
    DEFAULT_TIMEOUT_S,
    answer_from,
    death_reason,
    parse_plain_text,
)

START_TIMEOUT_S = 120.0  # for a child to start (interpreter, parsers, plug-ins) on a busy machine


class _Child:
    def __init__(self, memory_mb: int) -> None:
        self.stderr: IO[bytes] = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "opis.ingest.worker", "--serve", str(memory_mb)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     start_new_session=True)
        self.served = 0

    def started(self, deadline: float) -> bool:
        """Whether the child said it is ready (an empty frame) before ``deadline``. A file's time
        limit then counts parsing only, never the interpreter's start-up."""
        assert self.proc.stdout is not None
        return read_exact(self.proc.stdout.fileno(), HEADER, deadline) == READY

    def ask(self, request: bytes, deadline: float) -> bytes | None:
        """The child's answer frame, or None if it died or the deadline passed."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(frame(request))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        return read_frame(self.proc.stdout.fileno(), deadline)

    def stderr_tail(self) -> bytes:
        self.stderr.seek(0, os.SEEK_END)
        self.stderr.seek(max(0, self.stderr.tell() - 4096))
        return self.stderr.read()

    def stop(self) -> None:
        kill_session(self.proc)
        self.stderr.close()


class SandboxPool:
    def __init__(self, size: int, memory_mb: int = DEFAULT_MEMORY_MB, recycle_after: int = 200) -> None:
        self.memory_mb = memory_mb
        self.recycle_after = recycle_after
        self._idle: queue.SimpleQueue[_Child] = queue.SimpleQueue()
        self._all: set[_Child] = set()
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(max(1, size))

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _take(self, name: str) -> _Child:
        try:
            child = self._idle.get_nowait()
            if child.proc.poll() is None:
                return child
            self._drop(child)
        except queue.Empty:
            pass
        child = _Child(self.memory_mb)
        with self._lock:
            self._all.add(child)
        if not child.started(time.monotonic() + START_TIMEOUT_S):
            code, tail = child.proc.poll(), child.stderr_tail()
            self._drop(child)
            raise ParserFailed(f"{name}: the parser process did not start: {death_reason(code, tail, self.memory_mb)}")
        return child

    def _drop(self, child: _Child) -> None:
        child.stop()
        with self._lock:
            self._all.discard(child)

    def parse(self, path: Path | str, options: ParseOptions | None = None, timeout_s: float = DEFAULT_TIMEOUT_S,
              *, runner: str = DEFAULT_RUNNER) -> ParsedFile:
        """Like ``parse_file_safely``, in one of the pool's children (a small plain text in this process)."""
        options = options or ParseOptions()
        path = Path(path)
        check_file(path, options.max_bytes)
        if runner == DEFAULT_RUNNER and (parsed := parse_plain_text(path, options, self.memory_mb)) is not None:
            return parsed
        request = pickle.dumps({"sys_path": sys.path, "runner": runner,
                                "path": str(path), "options": options, "memory_mb": self.memory_mb})
        with self._slots:
            child = self._take(path.name)
            started = time.monotonic()
            frame = child.ask(request, started + timeout_s)
            if frame is None:
                timed_out = child.proc.poll() is None and time.monotonic() - started >= timeout_s
                code, tail = child.proc.poll(), child.stderr_tail()
                self._drop(child)
                if timed_out:
                    raise ParserTimedOut(f"{path.name}: parsing took longer than {timeout_s:g}s and was stopped")
                raise ParserFailed(f"{path.name}: {death_reason(child.proc.returncode or code, tail, self.memory_mb)}")
            child.served += 1
            try:
                parsed = answer_from(path, frame)
            except ParserFailed:
                self._drop(child)  # a parser blew up in there (memory, crash caught late): don't reuse it
                raise
            except BaseException:
                self._release(child)
                raise
            self._release(child)
        return parsed

    def _release(self, child: _Child) -> None:
        if child.served >= self.recycle_after:
            self._drop(child)
        else:
            self._idle.put(child)

    def close(self) -> None:
        with self._lock:
            children = list(self._all)
            self._all.clear()
        for child in children:
            child.stop()
