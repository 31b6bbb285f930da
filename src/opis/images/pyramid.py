"""A page's whole tile pyramid made in one pass: decode once, halve level by level, cut and encode.

Making the tiles one request at a time decodes the full source for every tile (a 600 dpi A4 page
has 140 full-resolution tiles, so 140 decodes); here the page is decoded once, each level is the
previous one halved with ``Image.reduce(2)`` (a 2×2 mean, what libvips' pyramids use too), and each
tile is cut from its level. The tiles are written into the same ``ImageCache`` under the same keys
the Image API route looks up, so a viewer's requests after it are cache hits.

A request names its size as ``w,`` (the viewer's spelling) and the height follows by rounding, which
can differ from the level's own edge; such an edge tile is drawn at exactly the size the request asks
for (see ``_stretched``), so the cached picture is the one the route would answer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from opis.images.derive import JPEG_QUALITY, TILE, ImageCache, PageImageError, _as_rgb, _open
from opis.images.request import FORMATS, ImageRequest, ImageRequestError, parse_request

DONE = "pyramid.done"  # written in the image's cache folder once every tile is there
# Whole-page pictures are made with the tiles up to this width: the viewer's picture under the tiles
# is the largest listed size at most 1024 wide; a larger whole page is rare and made when asked.
WHOLE_PAGE_MAX = 2 * TILE


def scale_factors(width: int, height: int) -> list[int]:
    """1, 2, 4, … until one tile covers the whole image (the ``tiles`` of info.json)."""
    factors = [1]
    while max(width, height) / factors[-1] > TILE:
        factors.append(factors[-1] * 2)
    return factors


@dataclass(frozen=True)
class Piece:
    """One picture of the pyramid: the request it answers and where it lies in its level's pixels."""

    request: ImageRequest
    box: tuple[int, int, int, int]  # left, upper, right, lower in the level image


def level_pieces(width: int, height: int, factor: int) -> Iterator[Piece]:
    """The tiles of one scale factor, spelt as the viewer asks for them (``x,y,w,h/⌈w/f⌉,``), and the
    whole page at that level (one of info.json's ``sizes``) when it is at most WHOLE_PAGE_MAX wide."""
    span = TILE * factor
    level_w, level_h = -(-width // factor), -(-height // factor)
    for y in range(0, height, span):
        for x in range(0, width, span):
            w, h = min(span, width - x), min(span, height - y)
            try:
                req = parse_request(f"{x},{y},{w},{h}", f"{-(-w // factor)},", "0", "default.jpg", width, height)
            except ImageRequestError:  # a sliver whose height rounds to 0 (a page 1000 times wider than high)
                continue  # is refused by the route too: nothing to make
            left, upper = x // factor, y // factor
            yield Piece(req, (left, upper, min(level_w, left + TILE), min(level_h, upper + TILE)))
    # A level that fits one tile has that tile as its whole page already.
    if factor > 1 and level_w <= WHOLE_PAGE_MAX and (level_w > TILE or level_h > TILE):
        yield Piece(parse_request("full", f"{level_w},", "0", "default.jpg", width, height), (0, 0, level_w, level_h))


def _stretched(full: Image.Image, finer: Image.Image, piece: Piece) -> Image.Image:
    """A piece whose asked size is off its level's, drawn with Lanczos. A pixel off (rounding) comes
    from the finer level (twice the pixels): stretching the level's own pixels by one shifts thin
    strokes by up to half a pixel, which on small type is as visible as a misplaced crop. More than
    a pixel off (a sliver of an edge column, whose ``w,`` fixes the height at full scale) comes from
    the full-resolution page, as the on-demand route draws it."""
    asked_w, asked_h = piece.request.size
    left, upper, right, lower = piece.box
    if abs(asked_w - (right - left)) <= 1 and abs(asked_h - (lower - upper)) <= 1:
        box = (2 * left, 2 * upper, min(finer.width, 2 * right), min(finer.height, 2 * lower))
        return finer.crop(box).resize(piece.request.size, Image.Resampling.LANCZOS)
    x, y, w, h = piece.request.region
    return full.crop((x, y, x + w, y + h)).resize(piece.request.size, Image.Resampling.LANCZOS)


def _encode(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, FORMATS["jpg"], quality=JPEG_QUALITY)
    return out.getvalue()


def _levels(path: Path) -> Iterator[tuple[int, Image.Image, Image.Image, Image.Image]]:
    """The page decoded once, then halved: (factor, level, the finer level before it, the full page).
    Besides the full page two levels are held at a time, not the whole pyramid: at most a third more
    than the page itself."""
    with _open(path) as img:
        width, height = img.size
        try:
            level = _as_rgb(img)
            level.load()
        except OSError as exc:  # a truncated file fails here, when the pixels are read
            raise PageImageError(f"the image cannot be decoded: {exc}") from exc
    full = finer = level
    for factor in scale_factors(width, height):
        if factor > 1:
            finer, level = level, level.reduce(2)
        yield factor, level, finer, full


def make_pyramid(cache: ImageCache, sha256: str, path: Path) -> int:
    """Every tile (and level-sized whole page) of the image at ``path`` into ``cache``; the number of
    pictures written (those already cached are kept). PageImageError if the file cannot be decoded."""
    written = 0
    width = height = 0
    for factor, level, finer, full in _levels(path):
        if factor == 1:
            width, height = level.size
        for piece in level_pieces(width, height, factor):
            target = cache.path_for(sha256, piece.request)
            if target.is_file():
                continue
            picture = level.crop(piece.box)
            if picture.size != piece.request.size:  # a rounded edge: see the module's note
                picture = _stretched(full, finer, piece)
            cache.put(target, _encode(picture))
            written += 1
    cache.folder(sha256).mkdir(parents=True, exist_ok=True)
    (cache.folder(sha256) / DONE).touch()
    return written


def has_pyramid(cache: ImageCache, sha256: str) -> bool:
    return (cache.folder(sha256) / DONE).is_file()


def is_tile(req: ImageRequest, width: int, height: int) -> bool:
    """Whether ``req`` is one of the pyramid's tiles (a viewer zooming), not a thumbnail or a crop."""
    x, y, w, h = req.region
    if req.rotation or req.mirror or req.quality != "default" or req.format != "jpg":
        return False
    for factor in scale_factors(width, height):
        span = TILE * factor
        # An edge tile's region is the same at several factors (1024,1024,142,236 at 1 and 2): the size says which.
        if x % span == 0 and y % span == 0 and (w, h) == (min(span, width - x), min(span, height - y)) \
                and req.size[0] == -(-w // factor):
            return True
    return False
