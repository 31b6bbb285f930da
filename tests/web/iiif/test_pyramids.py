"""The route's pyramid worker: which requests start one, and that it never queues a backlog."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PIL import Image

from opis.images import ImageCache, parse_request
from opis.images.pyramid import has_pyramid
from opis.web.iiif import pyramids as module
from opis.web.iiif.pyramids import MAX_WAITING, Pyramids

PAGE = Path(__file__).parents[2] / "data" / "images" / "frus1949v07p2-d191-p1.png"
SIZE = (1166, 1260)
TILE = parse_request("0,0,512,512", "512,", "0", "default.jpg", *SIZE)


def test_a_tile_queues_once_and_a_thumbnail_never(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path)
    pyramids = Pyramids(cache)
    thumb = parse_request("full", "^!120,160", "0", "default.jpg", *SIZE)
    assert not pyramids.after_tile("a" * 64, PAGE, thumb, *SIZE)
    assert pyramids.after_tile("a" * 64, PAGE, TILE, *SIZE)
    pyramids.close()
    assert has_pyramid(cache, "a" * 64)
    assert not Pyramids(cache).after_tile("a" * 64, PAGE, TILE, *SIZE)  # made: never again


def test_a_reader_leafing_fast_does_not_queue_a_backlog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    started: list[str] = []

    def slow(cache: ImageCache, ident: str, path: Path) -> int:
        started.append(ident)
        release.wait(10)
        return 0

    monkeypatch.setattr(module, "make_pyramid", slow)
    pyramids = Pyramids(ImageCache(tmp_path))
    queued = [pyramids.after_tile(f"{n:064d}", PAGE, TILE, *SIZE) for n in range(MAX_WAITING + 3)]
    assert queued == [True] * MAX_WAITING + [False] * 3
    assert not pyramids.after_tile(f"{0:064d}", PAGE, TILE, *SIZE)  # already waiting
    assert pyramids.waiting() == MAX_WAITING
    release.set()
    pyramids.close()
    assert len(started) == MAX_WAITING and pyramids.waiting() == 0


def test_a_bad_file_is_logged_not_raised(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(PAGE.read_bytes()[:5000])
    with Image.open(broken) as img:
        assert img.size == SIZE  # the header still reads: only the pixels fail
    pyramids = Pyramids(ImageCache(tmp_path / "cache"))
    assert pyramids.after_tile("b" * 64, broken, TILE, *SIZE)
    pyramids.close()
    assert not has_pyramid(ImageCache(tmp_path / "cache"), "b" * 64)
