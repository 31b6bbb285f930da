"""Talking to a limited child process: length-framed messages read within a deadline, and killing the child
with everything it started.

Both sandboxes use it: ingest's parser pool (``ingest/sandbox.py``) and the extraction process
(``extract/bounded.py``). A child leads its own session, so killing the session also ends the helpers it ran
(Tesseract, pdftoppm), which would otherwise outlive a child killed on a time-out.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from collections.abc import Iterator
from typing import IO

HEADER = 8  # bytes of a frame's big-endian length
REAP_TIMEOUT_S = 10.0


def frame(payload: bytes) -> bytes:
    """``payload`` with its length in front, as the other side reads it."""
    return len(payload).to_bytes(HEADER, "big") + payload


def read_exact(fd: int, n: int, deadline: float) -> bytes | None:
    """``n`` bytes from ``fd``, or None when the deadline (``time.monotonic()``) passes or the child is gone."""
    chunks, got = [], 0
    while got < n:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None  # the child is gone
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float) -> bytes | None:
    """One framed message, or None (deadline passed, or the child died mid-frame)."""
    header = read_exact(fd, HEADER, deadline)
    if header is None:
        return None
    return read_exact(fd, int.from_bytes(header, "big"), deadline)


def kill_session(proc: subprocess.Popen[bytes]) -> None:
    """Kill a child and everything in its session (it leads one), then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=REAP_TIMEOUT_S)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


def frames(stream: IO[bytes]) -> Iterator[bytes]:
    """The child's side: each framed message from ``stream`` (its stdin) until the parent closes it."""
    while len(header := stream.read(HEADER)) == HEADER:
        yield stream.read(int.from_bytes(header, "big"))


READY = frame(b"")  # an empty frame: the child has started and is ready for its first message
