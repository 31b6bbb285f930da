"""A page's pyramid made in one pass, against reference crops of a real page (FRUS, drawn from its PDF)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageStat

from opis.images import ImageCache, ImageRequest, PageImageError, parse_request
from opis.images.derive import TILE, render
from opis.images.pyramid import DONE, has_pyramid, is_tile, level_pieces, make_pyramid, scale_factors

PAGE = Path(__file__).parent.parent / "data" / "images" / "frus1949v07p2-d191-p1.png"
SHA = "cd" * 32
# Mean absolute difference (0-255) allowed between a tile and its reference: JPEG q85 on typeset text
# stays well under it, and a crop one level pixel off does not (checked below on the same page).
TOLERANCE = 3.0


def _mad(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size
    return float(ImageStat.Stat(ImageChops.difference(a.convert("L"), b.convert("L"))).mean[0])


def _viewer_urls(width: int, height: int) -> list[tuple[str, str]]:
    """The region and size of every tile viewer.js asks for (its own loop, spelt as it spells them),
    and the picture it puts under the tiles: the largest listed size at most 1024 wide."""
    urls = []
    factors = [1]
    while max(width, height) / factors[-1] > TILE:
        factors.append(factors[-1] * 2)
    for f in factors:
        span = TILE * f
        for ty in range((height - 1) // span + 1):
            for tx in range((width - 1) // span + 1):
                x, y = tx * span, ty * span
                w, h = min(span, width - x), min(span, height - y)
                urls.append((f"{x},{y},{w},{h}", f"{-(-w // f)},"))
    widths = [-(-width // f) for f in factors[1:] if -(-width // f) <= 1024]
    urls.append(("full", f"{max(widths)},"))
    return urls


@pytest.fixture(scope="module")
def page() -> Image.Image:
    img = Image.open(PAGE)
    img.load()
    return img


@pytest.fixture
def made(tmp_path: Path) -> ImageCache:
    cache = ImageCache(tmp_path / "cache")
    make_pyramid(cache, SHA, PAGE)
    return cache


def test_every_viewer_request_is_in_the_cache(made: ImageCache, page: Image.Image) -> None:
    wanted = _viewer_urls(*page.size)
    assert len(wanted) == 9 + 4 + 1 + 1  # 1166x1260: 3x3 tiles, 2x2, one, and the 583-wide page
    for region, size in wanted:
        req = parse_request(region, size, "0", "default.jpg", *page.size)
        path = made.path_for(SHA, req)
        assert path.is_file(), (region, size)
        assert Image.open(path).size == req.size
    made_files = {p for p in made.folder(SHA).iterdir() if p.name != DONE}
    assert len(made_files) == len(set(wanted))
    assert has_pyramid(made, SHA)


def test_tiles_match_reference_crops(made: ImageCache, page: Image.Image) -> None:
    """Each tile against the region of the page scaled with a box filter (the mean of each f×f block,
    what halving f times gives), or, where the asked size is a pixel off the level's, against the
    picture the on-demand route makes for the same request."""
    width, height = page.size
    checked = 0
    for factor in scale_factors(width, height):
        for piece in level_pieces(width, height, factor):
            req = piece.request
            tile = Image.open(made.path_for(SHA, req))
            x, y, w, h = req.region
            exact = (-(-w // factor), -(-h // factor)) == req.size
            if exact:
                ref = page.crop((x, y, x + w, y + h)).resize(req.size, Image.Resampling.BOX)
                off = page.crop((x + factor, y, x + w + factor, y + h)).resize(req.size, Image.Resampling.BOX)
                assert _mad(ref, off) > 2 * TOLERANCE or w < 200  # the page has text here: a shift shows
            else:
                ref = Image.open(io.BytesIO(render(PAGE, parse_request(*_spelling(req), "0", "default.png",
                                                                        width, height))))
            assert _mad(tile, ref) < TOLERANCE, (factor, req.region, req.size)
            checked += 1
    assert checked == 15


def _spelling(req: ImageRequest) -> tuple[str, str]:
    x, y, w, h = req.region
    return f"{x},{y},{w},{h}", f"{req.size[0]},{req.size[1]}"


def test_a_misplaced_tile_would_fail(made: ImageCache, page: Image.Image) -> None:
    """The tolerance is tight enough to catch a crop one pixel off at full resolution."""
    req = parse_request("512,512,512,512", "512,", "0", "default.jpg", *page.size)
    tile = Image.open(made.path_for(SHA, req))
    assert _mad(tile, page.crop((512, 512, 1024, 1024))) < TOLERANCE
    assert _mad(tile, page.crop((513, 512, 1025, 1024))) > TOLERANCE


def test_jpeg_and_colour_sources(tmp_path: Path, page: Image.Image) -> None:
    """An RGB JPEG scan (decoded once at full size, not drafted) gives colour tiles of the same page."""
    source = tmp_path / "scan.jpg"
    page.convert("RGB").save(source, quality=92)
    cache = ImageCache(tmp_path / "cache")
    assert make_pyramid(cache, SHA, source) == 15
    req = parse_request("0,0,1024,1024", "512,", "0", "default.jpg", *page.size)
    tile = Image.open(cache.path_for(SHA, req))
    assert tile.mode == "RGB"
    assert _mad(tile, page.crop((0, 0, 1024, 1024)).resize((512, 512), Image.Resampling.BOX)) < TOLERANCE


def test_an_edge_sliver_is_drawn_at_the_size_asked(tmp_path: Path, page: Image.Image) -> None:
    """A 1025-px-wide page's last column at scale 2 is one pixel wide, and ``1,`` fixes its height at
    full scale (1024, not the level's 512): that tile comes from the full page, as the route draws it."""
    source = tmp_path / "narrow.png"
    page.crop((0, 0, 1025, 1260)).save(source)
    cache = ImageCache(tmp_path / "cache")
    make_pyramid(cache, SHA, source)
    req = parse_request("1024,0,1,1024", "1,", "0", "default.jpg", 1025, 1260)
    assert req.size == (1, 1024)
    tile = Image.open(cache.path_for(SHA, req))
    assert _mad(tile, page.crop((1024, 0, 1025, 1024))) < TOLERANCE


def test_a_second_run_keeps_what_is_there(made: ImageCache) -> None:
    stamps = {p: p.stat().st_mtime_ns for p in made.folder(SHA).iterdir()}
    assert make_pyramid(made, SHA, PAGE) == 0
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items() if p.name != DONE)


def test_a_truncated_page_is_an_error_and_not_marked_done(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(PAGE.read_bytes()[:20_000])
    cache = ImageCache(tmp_path / "cache")
    with pytest.raises(PageImageError):
        make_pyramid(cache, SHA, broken)
    assert not has_pyramid(cache, SHA)


def test_is_tile(page: Image.Image) -> None:
    size = page.size
    for region, scaled in _viewer_urls(*size)[:-1]:
        assert is_tile(parse_request(region, scaled, "0", "default.jpg", *size), *size), region
    for region, scaled, turn, qf in (("full", "^!120,160", "0", "default.jpg"), ("0,0,512,512", "256,", "0",
                                     "default.jpg"), ("0,0,512,512", "512,", "90", "default.jpg"),
                                     ("0,0,512,512", "512,", "0", "gray.jpg"), ("1,0,512,512", "512,", "0",
                                     "default.jpg"), ("0,0,512,512", "512,", "0", "default.png")):
        assert not is_tile(parse_request(region, scaled, turn, qf, *size), *size), (region, scaled, turn, qf)


@given(st.integers(1, 5000), st.integers(1, 5000))
def test_pieces_cover_each_level(width: int, height: int) -> None:
    assume(max(width, height) <= 20 * min(width, height))  # page-like (a 1x513 sliver has tiles the API refuses)
    """Whatever the page's size, a level's tiles cover it exactly and lie inside it; a tile is as wide
    as the request asks, and, unless it is a sliver of an edge column, as high or a pixel off."""
    for factor in scale_factors(width, height):
        level_w, level_h = -(-width // factor), -(-height // factor)
        area = 0
        for piece in level_pieces(width, height, factor):
            left, upper, right, lower = piece.box
            assert 0 <= left < right <= level_w and 0 <= upper < lower <= level_h
            assert piece.request.size[0] == right - left
            if piece.request.region[2] >= piece.request.region[3]:  # see make_pyramid's _stretched
                assert abs(piece.request.size[1] - (lower - upper)) <= 1
            if piece.request.region[2:] != (width, height) or factor == scale_factors(width, height)[-1]:
                area += (right - left) * (lower - upper)
        assert area == level_w * level_h


def test_a_tile_drawn_on_demand_is_the_pyramids(made: ImageCache, page: Image.Image) -> None:
    """The route's own drawing of a tile below full scale is the same block mean as the pyramid's, so
    a tile made before the pyramid and its neighbours made by it do not differ (no seam)."""
    width, height = page.size
    for factor in scale_factors(width, height)[1:]:
        for piece in level_pieces(width, height, factor):
            req = piece.request
            x, y, w, h = req.region
            if (-(-w // factor), -(-h // factor)) != req.size:
                continue
            on_demand = Image.open(io.BytesIO(render(PAGE, parse_request(*_spelling(req), "0", "default.png",
                                                                              width, height))))
            assert on_demand.tobytes() == page.crop((x, y, x + w, y + h)).reduce(factor).tobytes()
            assert _mad(on_demand, Image.open(made.path_for(SHA, req))) < TOLERANCE
    part = parse_request("0,0,900,900", "400,", "0", "default.png", width, height)  # 2.25: Lanczos
    drawn = Image.open(io.BytesIO(render(PAGE, part)))
    assert drawn.tobytes() == page.crop((0, 0, 900, 900)).resize((400, 400), Image.Resampling.LANCZOS).tobytes()
