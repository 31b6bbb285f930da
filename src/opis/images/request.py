"""The four path parameters of an IIIF Image API 3.0 request, read into numbers against one image's size.

Each reader raises ``ImageRequestError`` (a 400 for the web room) with a message naming the bad part;
nothing here touches pixels, so a bad URL costs no image decoding."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_AREA = 40_000_000  # the largest picture we render in one answer (pixels): bigger asks are refused
QUALITIES = ("default", "color", "gray")
FORMATS = {"jpg": "JPEG", "png": "PNG"}
_NUM = r"\d+(?:\.\d+)?"


class ImageRequestError(ValueError):
    """A request parameter the Image API does not allow, or one out of the image's bounds."""

    code = "bad_request"


@dataclass(frozen=True)
class ImageRequest:
    region: tuple[int, int, int, int]  # x, y, w, h in the full image's pixels
    size: tuple[int, int]  # the region scaled to this, before rotation
    rotation: int  # 0, 90, 180 or 270
    mirror: bool
    quality: str
    format: str  # "jpg" or "png"


def parse_region(text: str, width: int, height: int) -> tuple[int, int, int, int]:
    if text == "full":
        return 0, 0, width, height
    if text == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    pct = text.startswith("pct:")
    body = text[4:] if pct else text
    if not re.fullmatch(rf"{_NUM},{_NUM},{_NUM},{_NUM}" if pct else r"\d+,\d+,\d+,\d+", body):
        raise ImageRequestError(f"region {text!r} is not full, square, x,y,w,h or pct:x,y,w,h")
    nums = [float(n) for n in body.split(",")]
    if pct:
        nums = [nums[0] * width / 100, nums[1] * height / 100, nums[2] * width / 100, nums[3] * height / 100]
    x, y, w, h = (round(n) for n in nums)
    if w <= 0 or h <= 0 or x >= width or y >= height:
        raise ImageRequestError(f"region {text!r} has no pixels inside the {width}x{height} image")
    # The spec crops a region that runs past the edge to the part inside the image.
    return x, y, min(w, width - x), min(h, height - y)


def parse_size(text: str, region_w: int, region_h: int, max_area: int = MAX_AREA) -> tuple[int, int]:
    upscale = text.startswith("^")
    body = text[1:] if upscale else text
    if body == "max":
        w, h = region_w, region_h
        if w * h > max_area:  # max means "as large as the server gives", which is bounded
            scale = (max_area / (w * h)) ** 0.5
            w, h = max(1, int(w * scale)), max(1, int(h * scale))
    elif m := re.fullmatch(rf"pct:({_NUM})", body):
        scale = float(m.group(1)) / 100
        w, h = round(region_w * scale), round(region_h * scale)
    elif m := re.fullmatch(r"(\d+),", body):
        w = int(m.group(1))
        h = round(region_h * w / region_w)
    elif m := re.fullmatch(r",(\d+)", body):
        h = int(m.group(1))
        w = round(region_w * h / region_h)
    elif m := re.fullmatch(r"(!?)(\d+),(\d+)", body):
        bw, bh = int(m.group(2)), int(m.group(3))
        if m.group(1):  # !w,h: the largest size that fits the box, keeping the aspect ratio
            scale = min(bw / region_w, bh / region_h)
            w, h = round(region_w * scale), round(region_h * scale)
        else:
            w, h = bw, bh
    else:
        raise ImageRequestError(f"size {text!r} is not max, w,, ,h, pct:n, w,h or !w,h")
    if w < 1 or h < 1:
        raise ImageRequestError(f"size {text!r} gives an empty picture")
    if not upscale and (w > region_w or h > region_h):
        raise ImageRequestError(f"size {text!r} is larger than the region ({region_w}x{region_h}); use ^ to upscale")
    if w * h > max_area:
        raise ImageRequestError(f"size {text!r} is over the server's limit of {max_area} pixels")
    return w, h


def parse_rotation(text: str) -> tuple[int, bool]:
    mirror = text.startswith("!")
    body = text[1:] if mirror else text
    if body not in ("0", "90", "180", "270"):
        raise ImageRequestError(f"rotation {text!r} is not 0, 90, 180 or 270 (optionally after !)")
    return int(body), mirror


def parse_quality_format(text: str) -> tuple[str, str]:
    quality, _, fmt = text.rpartition(".")
    if quality not in QUALITIES:
        raise ImageRequestError(f"quality {quality!r} is not one of {', '.join(QUALITIES)}")
    if fmt not in FORMATS:
        raise ImageRequestError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    return quality, fmt


def parse_request(region: str, size: str, rotation: str, quality_format: str,
                  width: int, height: int) -> ImageRequest:
    box = parse_region(region, width, height)
    scaled = parse_size(size, box[2], box[3])
    turn, mirror = parse_rotation(rotation)
    quality, fmt = parse_quality_format(quality_format)
    return ImageRequest(box, scaled, turn, mirror, quality, fmt)


def canonical(req: ImageRequest) -> str:
    """The request's one spelling (the cache key): pixel region, w,h size, rotation, quality.format."""
    x, y, w, h = req.region
    turn = ("!" if req.mirror else "") + str(req.rotation)
    return f"{x},{y},{w},{h}/{req.size[0]},{req.size[1]}/{turn}/{req.quality}.{req.format}"
