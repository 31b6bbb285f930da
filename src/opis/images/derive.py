"""Reading a stored page image safely and making (once) the picture an Image API request names.

Pillow decodes under its decompression-bomb guard, set here to the largest page we accept; a
truncated, unreadable or oversized file raises ``PageImageError`` for that one image, and the caller
goes on with the document's other pages. Derived files are written to a temporary name and renamed,
so a killed process never leaves half a picture under a real name."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from opis.images.request import FORMATS, ImageRequest, canonical

# A 600 dpi A3 scan is about 7016x9921 = 70 Mpx; larger is refused rather than decoded.
MAX_PIXELS = 80_000_000
TILE = 512
JPEG_QUALITY = 85


class PageImageError(Exception):
    """A stored file that cannot be shown as a page image (truncated, not an image, too large)."""

    code = "invalid"


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int


def _open(path: Path) -> Image.Image:
    """Open ``path`` with the bomb guard as an error (not a warning) at MAX_PIXELS."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2  # Pillow errors at twice this value and warns above it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            if img.width * img.height > MAX_PIXELS:
                raise PageImageError(f"the image is {img.width}x{img.height}, over the {MAX_PIXELS}-pixel limit")
            return img
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PageImageError(f"the image is too large to decode safely: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise PageImageError("the file is not an image Pillow can read") from exc
    except OSError as exc:
        raise PageImageError(f"the image cannot be read: {exc}") from exc


def read_info(path: Path) -> ImageInfo:
    """The image's size, from its header (no pixels decoded)."""
    with _open(path) as img:
        return ImageInfo(img.width, img.height)


def _as_rgb(img: Image.Image) -> Image.Image:
    """RGB or L pixels; a CMYK scan is converted without its embedded profile (a broken ICC profile
    must not stop the page), which is what a reader's screen shows closely enough."""
    if img.mode in ("RGB", "L"):
        return img
    if img.mode in ("1", "P", "LA", "PA", "I;16", "I", "F") and "transparency" not in img.info:
        return img.convert("L") if img.mode in ("1", "I;16", "I", "F") else img.convert("RGB")
    return img.convert("RGB")


def render(path: Path, req: ImageRequest) -> bytes:
    """The picture ``req`` names, encoded; PageImageError if the stored file cannot be decoded."""
    with _open(path) as img:
        x, y, w, h = req.region
        try:
            full_w, full_h = img.size
            if img.format == "JPEG":  # decode at a reduced scale (1/2..1/8) when the answer is much smaller
                img.draft("RGB", (max(1, full_w * req.size[0] // w), max(1, full_h * req.size[1] // h)))
            fx, fy = img.width / full_w, img.height / full_h
            box = (round(x * fx), round(y * fy), round((x + w) * fx), round((y + h) * fy))
            part = _as_rgb(img.crop(box))
            picture = part.resize(req.size, Image.Resampling.LANCZOS) if part.size != req.size else part
        except OSError as exc:  # a truncated file fails here, when the pixels are read
            raise PageImageError(f"the image cannot be decoded: {exc}") from exc
    if req.mirror:
        picture = ImageOps.mirror(picture)
    if req.rotation:
        picture = picture.rotate(-req.rotation, expand=True)  # IIIF turns clockwise, Pillow anticlockwise
    if req.quality == "gray":
        picture = picture.convert("L")
    out = io.BytesIO()
    if req.format == "jpg":
        picture.save(out, FORMATS["jpg"], quality=JPEG_QUALITY)
    else:
        picture.save(out, FORMATS["png"])
    return out.getvalue()


class ImageCache:
    """Derived pictures on disk under ``root``, keyed by the original's hash and the canonical request."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, req: ImageRequest) -> Path:
        key = hashlib.sha256(canonical(req).encode()).hexdigest()[:32]
        return self.root / sha256[:2] / sha256 / f"{key}.{req.format}"

    def get(self, sha256: str, original: Path, req: ImageRequest) -> Path:
        """The cached picture for ``req``, made now if it is not there yet."""
        target = self.path_for(sha256, req)
        if target.is_file():
            return target
        data = render(original, req)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".making-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return target
