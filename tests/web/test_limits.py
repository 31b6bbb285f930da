"""Request size limits: headers (431), bodies (413, declared or streamed), uploads with their own limit;
in the one error shape, through the app and through `opis serve`'s real server."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
import uvicorn
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.core.limits import serve_options
from tests.support.people import api_token, bearer


@pytest.fixture
def small(settings: Settings) -> Settings:
    return replace(settings, max_header_kb=8, max_body_mb=1, upload_max_mb=2)


@pytest.fixture
def client(archive: Archive, small: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(small, archive), raise_server_exceptions=False) as c:
        yield c


def _error(resp: object, status: int) -> None:
    assert resp.status_code == status, resp.text  # type: ignore[attr-defined]
    body = resp.json()  # type: ignore[attr-defined]
    assert body["error"]["status"] == status and body["error"]["message"]


def test_a_large_header_is_refused(client: TestClient) -> None:
    assert client.get("/api/documents", headers={"x-padding": "a" * 7000}).status_code == 200
    _error(client.get("/api/documents", headers={"x-padding": "a" * (1 << 20)}), 431)
    _error(client.get("/api/documents?" + "q=" + "b" * 9000), 431)  # the request line counts too


def test_a_large_body_is_refused_declared_or_streamed(client: TestClient, archive: Archive) -> None:
    token = bearer(api_token(archive, "editor"))
    big = json.dumps({"title": "x" * (2 << 20)}).encode()
    _error(client.post("/api/documents", content=big, headers={**token, "content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 65536

    _error(client.post("/api/documents", content=chunks(), headers={**token, "content-type": "application/json"}),
           413)
    assert archive.is_empty()


def test_uploads_have_their_own_limit(client: TestClient, archive: Archive) -> None:
    token = bearer(api_token(archive, "editor"))
    files = {"files": ("a.txt", b"A letter. " * 150_000, "text/plain")}  # 1.5 MB: over the body limit, not the upload's
    assert client.post("/api/ingest", files=files, headers=token).status_code != 413
    files = {"files": ("b.txt", b"A letter. " * 350_000, "text/plain")}  # 3.5 MB
    _error(client.post("/api/ingest", files=files, headers=token), 413)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ask(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        try:
            conn.sendall(head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed while we were still sending
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def test_the_real_server_stops_reading_a_large_header(archive: Archive, small: Settings) -> None:
    port = _free_port()
    config = uvicorn.Config(create_app(small, archive), host="127.0.0.1", port=port, log_level="warning",
                            **serve_options(small))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.1)
        ok = _ask(port, b"GET /api/documents HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        assert ok.startswith(b"HTTP/1.1 200")
        huge = b"GET /api/documents HTTP/1.1\r\nhost: x\r\nx-padding: " + b"a" * (1 << 20) + b"\r\n\r\n"
        answer = _ask(port, huge)
        assert answer.startswith(b"HTTP/1.1 431")
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "headers_too_large"
    finally:
        server.should_exit = True
        thread.join(10)
