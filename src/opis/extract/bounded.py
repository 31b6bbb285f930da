"""Extraction in a child process under a time and a memory limit: the last line of defence.

The extractors are linear and bounded (data/limits.yaml), but they are a lot of Python reading
text nobody has checked, and a batch must never stop on one text. ``BoundedExtractor`` keeps one
child (``python -m opis.extract.bounded``) with RLIMIT_AS set on itself, in a session of its own;
the authority index goes to it once, then one text per request, and the findings come back as
JSON. A text that takes longer than the time limit has its child killed (and replaced for the
next text); one that runs out of memory is answered as such. Either way the answer is the text's
findings replaced by a ``limits`` note, never an exception: the caller stores the text without
findings and says why.

Requests go in as pickle (the parent is trusted); answers come back as JSON.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import queue
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

from opis.children import READY, frame, frames, kill_session, read_frame
from opis.extract.base import NameLookup
from opis.extract.limits import KEY, limits, note
from opis.model import Document

MiB = 1024 * 1024
_START_S = 120.0  # for the child to start, before any text is timed
_SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class BoundedExtractor:
    """Runs ``extract_all`` in a child under ``time_limit_s`` per text and ``memory_mb`` of address space."""

    def __init__(self, names: NameLookup | None = None, time_limit_s: float | None = None,
                 memory_mb: int | None = None) -> None:
        bounds = limits()
        self.time_limit_s = bounds.time_limit_s if time_limit_s is None else time_limit_s
        self.memory_mb = bounds.memory_mb if memory_mb is None else memory_mb
        self._setup = pickle.dumps({"sys_path": sys.path, "names": names})
        self._child: _Child | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> BoundedExtractor:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def extract(self, text: str, language: str | None = None) -> dict[str, Any]:
        """What ``extract_all(text, language, names)`` gives, or a ``limits`` note saying why not."""
        request = pickle.dumps({"text": text, "language": language})
        with self._lock:
            if self._child is None or self._child.proc.poll() is not None:
                self._replace()
            child = self._child
            assert child is not None
            started = time.monotonic()
            reply = child.ask(request, started + self.time_limit_s)
            if reply is None:
                code = child.proc.poll()
                timed_out = code is None and time.monotonic() - started >= self.time_limit_s
                self._replace(start=False)
                return self._failed(language, "time" if timed_out else "crash", _death(code))
        try:
            answer = json.loads(reply.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            answer = {"ok": False, "limit": "crash", "reason": "the extraction process sent no usable answer"}
        if answer.get("ok"):
            result: dict[str, Any] = answer["result"]
            return result
        if answer.get("limit") == "memory":
            self.close()  # a child that ran out of memory may hold on to it: start afresh
        return self._failed(language, str(answer.get("limit") or "crash"), str(answer.get("reason")))

    def _failed(self, language: str | None, limit: str, reason: str) -> dict[str, Any]:
        said = {"time": f"extraction took longer than {self.time_limit_s:g}s and was stopped",
                "memory": f"extraction needed more than {self.memory_mb} MB of memory and was stopped"}
        text = said.get(limit) or f"extraction failed ({reason})"
        return {"language": language, KEY: [note(None, limit, None, f"{text}; the text is kept without findings")]}

    def _replace(self, start: bool = True) -> None:
        if self._child is not None:
            self._child.stop()
        self._child = _Child(self.memory_mb, self._setup) if start else None

    def close(self) -> None:
        with self._lock:
            self._replace(start=False)


class ExtractorPool:
    """``size`` BoundedExtractors, each text going to one that is idle: extraction is pure Python,
    so threads cannot run it side by side, but ``size`` children can. Each keeps its own limits."""

    def __init__(self, size: int, names: NameLookup | None = None) -> None:
        self._all = [BoundedExtractor(names) for _ in range(max(1, size))]
        self._idle: queue.SimpleQueue[BoundedExtractor] = queue.SimpleQueue()
        for extractor in self._all:
            self._idle.put(extractor)

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *_: object) -> None:
        for extractor in self._all:
            extractor.close()

    def extract(self, text: str, language: str | None = None) -> dict[str, Any]:
        extractor = self._idle.get()
        try:
            return extractor.extract(text, language)
        finally:
            self._idle.put(extractor)


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"the extraction process died of {signal.Signals(-code).name}"
        except ValueError:
            return f"the extraction process died of signal {-code}"
    return f"the extraction process died (exit code {code})"


def limit_notes(records: Iterable[object]) -> list[str]:
    """The reasons of the limits notes in documents' findings, each once (for an ingest outcome)."""
    reasons = (str(n.get("reason")) for r in records if isinstance(r, Document)
               for n in r.findings.plugin(KEY) if isinstance(n, dict))
    return list(dict.fromkeys(reasons))


def run_extraction(text: str, language: str | None = None, names: NameLookup | None = None, *,
                   time_limit: float | None = None, memory_limit: int | None = None) -> dict[str, Any]:
    """One text's findings under a time limit (seconds) and a memory limit (MB), in a fresh child."""
    with BoundedExtractor(names, time_limit, memory_limit) as bounded:
        return bounded.extract(text, language)


class _Child:
    def __init__(self, memory_mb: int, setup: bytes) -> None:
        self.stderr: IO[bytes] = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "opis.extract.bounded", str(memory_mb)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     start_new_session=True, env={**os.environ, **_SINGLE_THREADED})
        self._send(setup)
        # The child's start (an interpreter, the extractors, the authority index) is not the text's time.
        self.ready = self._receive(time.monotonic() + _START_S) is not None

    def _send(self, payload: bytes) -> bool:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(frame(payload))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        return True

    def ask(self, request: bytes, deadline: float) -> bytes | None:
        """The child's answer frame, or None if it died or the deadline passed."""
        if not self.ready or not self._send(request):
            return None
        return self._receive(deadline)

    def _receive(self, deadline: float) -> bytes | None:
        assert self.proc.stdout is not None
        return read_frame(self.proc.stdout.fileno(), deadline)

    def stop(self) -> None:
        kill_session(self.proc)
        self.stderr.close()


# ---- the child side ------------------------------------------------------------------------


def _answer(request: dict[str, Any], names: NameLookup | None, memory_mb: int) -> dict[str, Any]:
    from opis.extract.pipeline import extract_all

    try:
        return {"ok": True, "result": extract_all(request["text"], request["language"], names)}
    except MemoryError:
        return {"ok": False, "limit": "memory", "reason": f"more than {memory_mb} MB"}
    except Exception as exc:  # an extractor's bug must reach the parent as a reason
        return {"ok": False, "limit": "crash", "reason": f"{type(exc).__name__}: {exc}"}


def _encode(answer: dict[str, Any], memory_mb: int) -> bytes:
    try:
        return json.dumps(answer, ensure_ascii=False, default=str).encode("utf-8")
    except MemoryError:
        return json.dumps({"ok": False, "limit": "memory", "reason": f"the findings are too large for "
                                                                      f"{memory_mb} MB"}).encode("utf-8")


def _frames(stream: IO[bytes]) -> Iterator[Any]:
    return (pickle.loads(payload) for payload in frames(stream))


def serve(memory_mb: int) -> None:
    """Answer framed requests until stdin closes: the first frame sets up, each later one is a text."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MiB, memory_mb * MiB))
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # an extractor printing to stdout must not corrupt the answers
    frames = _frames(sys.stdin.buffer)
    setup = next(frames, None)
    if setup is None:
        return
    sys.path[:] = setup["sys_path"]
    from opis.plugins import load_plugins

    load_plugins()  # built-in and plug-in extractors run here as they would in the parent
    gc.freeze()
    answers.write(READY)
    answers.flush()
    for served, request in enumerate(frames):
        data = _encode(_answer(request, setup["names"], memory_mb), memory_mb)
        answers.write(frame(data))
        answers.flush()
        if served == 0:
            # What is loaded by now (the extractors' tables and patterns, the authority index, the first
            # text's models and caches) lives as long as the process: frozen out of the collector's full
            # passes, which walked all of it again and again (about 4% of extraction on the bench texts).
            gc.collect()
            gc.freeze()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
