"""Parsing untrusted files in a child process with a memory cap and a wall-clock timeout.

Parsers for PDF, images and XML are large C and Python code bases fed hostile input; one can
loop, balloon or crash. ``parse_file_safely`` runs ``python -m opis.ingest.worker`` as a
child that sets RLIMIT_AS (address space) on itself and switches off core dumps, in a session
of its own so that Tesseract or pdftoppm started under it die with it when the timeout passes.
Whatever happens comes back as a ParsedFile or an IngestError with one line of reason.

A fresh interpreter (rather than multiprocessing) keeps the child independent of how the
parent was started: multiprocessing re-imports the parent's main script in each child, which
breaks under stdin scripts and notebooks. The request goes in as pickle (the parent is
trusted); the answer comes back as JSON (the child is not; see opis.ingest.serialize).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import pickle
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opis.children import READY, frame, frames, kill_session
from opis.ingest.base import MiB, ParsedFile, ParseOptions
from opis.ingest.errors import ERROR_CLASSES, IngestError, ParserFailed, ParserTimedOut
from opis.ingest.files import LONE_SURROGATE, check_file, safe_text
from opis.ingest.serialize import from_data, to_data

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_MB = 1024  # address space per parser process, Tesseract and pdftoppm included
DEFAULT_RUNNER = "opis.ingest.parse:parse_file"
# Plain text is decoded and scanned by our own linear code: nothing in it can crash, balloon or
# loop, and the worst (quadratic) regex on a line of this size ends in seconds, well inside the
# time-out. So a small text file is parsed in the calling process; the round trip to a child cost
# more than the parse (docs/benchmarks.md). Everything else, and larger text, goes to the sandbox.
IN_PROCESS_MAX_BYTES = 64 * 1024

Runner = Callable[[Path, ParseOptions], ParsedFile]


def parse_file_safely(path: Path | str, options: ParseOptions | None = None,
                      timeout_s: float = DEFAULT_TIMEOUT_S, memory_mb: int = DEFAULT_MEMORY_MB,
                      *, runner: str = DEFAULT_RUNNER) -> ParsedFile:
    """Parse ``path`` in a sandboxed child. ``runner`` names the "module:function" the child
    calls with (path, options); the default is ``parse_file``."""
    options = options or ParseOptions()
    path = Path(path)
    check_file(path, options.max_bytes)  # cheap refusals need no process
    if runner == DEFAULT_RUNNER and (parsed := parse_plain_text(path, options, memory_mb)) is not None:
        return parsed
    request = pickle.dumps({"sys_path": sys.path, "runner": runner, "path": str(path),
                            "options": options, "memory_mb": memory_mb})
    proc = subprocess.Popen([sys.executable, "-m", "opis.ingest.worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(request, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        kill_session(proc)
        raise ParserTimedOut(f"{path.name}: parsing took longer than {timeout_s:g}s and was stopped") from None
    finally:
        if proc.poll() is None:
            kill_session(proc)
    if proc.returncode is not None and proc.returncode < 0:
        kill_session(proc)  # a crashed child may leave Tesseract or pdftoppm running in its session
    try:
        json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ParserFailed(f"{path.name}: {death_reason(proc.returncode, err, memory_mb)}") from None
    return answer_from(path, out)


def parse_plain_text(path: Path, options: ParseOptions, memory_mb: int = DEFAULT_MEMORY_MB) -> ParsedFile | None:
    """``path`` parsed here if it is a small plain-text file, else None (it needs the sandbox). The
    answer takes the same JSON way a child's does, so both paths give the same ParsedFile."""
    from opis.ingest.base import choose_handler
    from opis.ingest.files import read_head
    from opis.ingest.handlers.text import TextHandler

    try:
        if path.stat().st_size > IN_PROCESS_MAX_BYTES:
            return None
        if not isinstance(choose_handler(read_head(path), path.name), TextHandler):
            return None
    except (OSError, IngestError):
        return None  # the sandbox reports it, in its own words
    from opis.ingest.parse import parse_file

    return answer_from(path, _encode(_run_parsed(path.name, memory_mb, lambda: parse_file(path, options)), memory_mb))


def answer_from(path: Path, out: bytes) -> ParsedFile:
    """The ParsedFile in a child's JSON answer, or the IngestError it reports."""
    try:
        message = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ParserFailed(f"{path.name}: the parser process sent no usable answer") from None
    if not isinstance(message, dict):
        raise ParserFailed(f"{path.name}: the parser process sent no usable answer")
    if message.get("ok"):
        try:
            return from_data(message["result"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ParserFailed(f"{path.name}: the parser's answer did not validate ({exc})") from None
    error = ERROR_CLASSES.get(str(message.get("error")), IngestError)
    raise error(str(message.get("reason") or "unknown error"))


def death_reason(code: int | None, err: bytes, memory_mb: int) -> str:
    """Why a child died, in words: its signal, or the last line it wrote to stderr."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return (f"the parser crashed ({name}); the file is probably malformed, or needs more than "
                f"{memory_mb} MB of memory")
    last = (err.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
    if "MemoryError" in last:
        return f"ran out of memory (limit {memory_mb} MB)"
    return f"the parser process died (exit code {code}): {last}"


# ---- the child side ------------------------------------------------------------------------


def _limit(memory_mb: int) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    limit = memory_mb * MiB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _die_with_parent()


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the one that started it dies (``kill -9`` included):
    the parent enforces the time limit, and a parser looping on a hostile file must not outlive it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's own time-out still applies while it lives
        return
    if os.getppid() == 1:  # the parent died before the request above was made
        os._exit(1)


def _load_runner(spec: str) -> Runner:
    module, _, name = spec.partition(":")
    fn: Runner = getattr(importlib.import_module(module), name)
    return fn


_plugins_path: list[str] | None = None  # the sys.path plug-ins were last loaded from


def _load_plugins() -> None:
    """Load the built-in and plug-in handlers when the child starts, and again (new entry points
    only) when a request brings a caller's ``sys.path`` that differs: a plug-in may live there."""
    global _plugins_path
    if sys.path != _plugins_path:
        from opis.plugins import load_plugins

        load_plugins()
        _plugins_path = list(sys.path)


def _run(request: dict[str, Any]) -> dict[str, Any]:
    def parse() -> ParsedFile:
        _load_plugins()
        return _load_runner(request["runner"])(Path(request["path"]), request["options"])

    name = Path(request["path"]).name
    try:
        return _run_parsed(name, int(request["memory_mb"]), parse)
    except BaseException as exc:  # in the child, anything at all must reach the parent as a reason
        return {"ok": False, "error": "ParserFailed",
                "reason": f"{name}: the parser failed ({type(exc).__name__}: {exc})"}


def _run_parsed(name: str, memory_mb: int, parse: Callable[[], ParsedFile]) -> dict[str, Any]:
    try:
        return {"ok": True, "result": to_data(parse())}
    except IngestError as exc:
        return {"ok": False, "error": type(exc).__name__, "reason": exc.reason}
    except MemoryError:
        return {"ok": False, "error": "ParserFailed", "reason": f"{name}: ran out of memory (limit {memory_mb} MB)"}
    except Exception as exc:  # a parser's own failure is this file's, never the caller's
        return {"ok": False, "error": "ParserFailed",
                "reason": f"{name}: the parser failed ({type(exc).__name__}: {exc})"}


def _encode(answer: dict[str, Any], memory_mb: int) -> bytes:
    try:
        text = json.dumps(answer, ensure_ascii=False, default=str)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8, quoted in a title or a reason
            return LONE_SURROGATE.sub(lambda m: json.dumps(safe_text(m.group()))[1:-1], text).encode("utf-8")
    except MemoryError:
        return json.dumps({"ok": False, "error": "ParserFailed",
                           "reason": f"the result is too large for {memory_mb} MB"}).encode("utf-8")


def main() -> None:
    request = pickle.loads(sys.stdin.buffer.read())
    sys.path[:] = request["sys_path"]  # so a caller's own runner module imports here too
    _limit(int(request["memory_mb"]))
    sys.stdout.buffer.write(_encode(_run(request), int(request["memory_mb"])))
    sys.stdout.flush()


def serve(memory_mb: int) -> None:
    """Answer framed requests until stdin closes (opis.ingest.sandbox.SandboxPool's children)."""
    _limit(memory_mb)
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a parser (or a plug-in being imported) printing to stdout must not corrupt the answers
    with contextlib.suppress(Exception):  # a broken plug-in is reported with each file instead
        _load_plugins()  # before the first file arrives
    answers.write(READY)  # started: the parent's clock for a file starts after this, not at our start-up
    answers.flush()
    for payload in frames(sys.stdin.buffer):
        request = pickle.loads(payload)
        sys.path[:] = request["sys_path"]
        data = _encode(_run(request), memory_mb)
        answers.write(frame(data))
        answers.flush()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
    else:
        main()
