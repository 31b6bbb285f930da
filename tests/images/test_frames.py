"""Frames of a multi-page TIFF as page pictures: the real three-frame scan of FRUS 1949 d191 in
tests/data/images, and the same file cut inside its last frame (see the provenance note)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from opis.images import PageImageError
from opis.images.frames import frame_file, several_frames, tiff_frames

DATA = Path(__file__).parent.parent / "data" / "images"
TIFF = DATA / "frus1949v07p2-d191-p1-3.tif"
CUT_AT = 60_000  # inside frame 3's data (the provenance note says why it is there)


def test_every_frame_is_a_picture_equal_to_the_frame(tmp_path: Path) -> None:
    before = TIFF.read_bytes()
    frames = tiff_frames(TIFF, "a" * 64, tmp_path)
    assert [(f.number, f.error) for f in frames] == [(1, ""), (2, ""), (3, "")]
    with Image.open(TIFF) as src:
        for f in frames:
            src.seek(f.number - 1)
            assert (f.width, f.height) == src.size
            with Image.open(frame_file(TIFF, "a" * 64, f.number, tmp_path)) as made:
                assert ImageChops.difference(made.convert("L"), src.convert("L")).getbbox() is None
    assert TIFF.read_bytes() == before  # the original is only read


def test_frames_differ_from_each_other(tmp_path: Path) -> None:
    pictures = [hashlib.sha256(frame_file(TIFF, "b" * 64, n, tmp_path).read_bytes()).hexdigest() for n in (1, 2, 3)]
    assert len(set(pictures)) == 3


def test_truncated_frame_is_an_error_for_that_page_only(tmp_path: Path) -> None:
    cut = tmp_path / "cut.tif"
    cut.write_bytes(TIFF.read_bytes()[:CUT_AT])
    cache = tmp_path / "cache"
    frames = tiff_frames(cut, "c" * 64, cache)
    assert [f.error == "" for f in frames] == [True, True, False]
    assert "breaks off in frame 3" in frames[2].error
    assert frame_file(cut, "c" * 64, 2, cache).is_file()
    with pytest.raises(PageImageError, match="frame 3"):
        frame_file(cut, "c" * 64, 3, cache)
    with pytest.raises(PageImageError, match="no frame 4"):
        frame_file(cut, "c" * 64, 4, cache)


def test_damaged_frame_data_in_the_middle(tmp_path: Path) -> None:
    """Frame 2's compressed strip overwritten with zeros (its directory intact): frame 2 does not decode,
    frames 1 and 3 are kept."""
    data = bytearray(TIFF.read_bytes())
    with Image.open(TIFF) as img:
        img.seek(1)
        offset, length = img.tag_v2[273][0], img.tag_v2[279][0]
    data[offset:offset + length] = bytes(length)
    bad = tmp_path / "damaged.tif"
    bad.write_bytes(bytes(data))
    frames = tiff_frames(bad, "d" * 64, tmp_path / "cache")
    assert [f.number for f in frames if f.error] == [2] and "cannot be decoded" in frames[1].error
    assert len(frames) == 3


def test_listing_is_kept_once(tmp_path: Path) -> None:
    first = tiff_frames(TIFF, "e" * 64, tmp_path)
    assert (tmp_path / "ee" / ("e" * 64) / "frames.json").is_file()
    assert tiff_frames(Path("/nonexistent"), "e" * 64, tmp_path) == first  # read from the cache, not the file


def test_several_frames(tmp_path: Path) -> None:
    single = tmp_path / "one.tif"
    Image.new("L", (20, 20), 255).save(single)
    assert several_frames(TIFF) and not several_frames(single)
