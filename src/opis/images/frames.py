"""Frames of a stored multi-page TIFF as page images, the way a PDF's pages are: each frame is
decoded once into a PNG in the derived cache and served by the Image API like a scan. The TIFF
itself is only read.

The frames are listed once (``frames.json`` beside their pictures): each frame is decoded then,
under the same bomb guard as a single scan, so a frame whose data is cut off or damaged is found
once and named as unreadable (with why) while the frames around it are kept. A file cut inside a
frame's data loses that frame's directory too (writers put it after the data): the listing stops
there and says which frame the file breaks off in."""

from __future__ import annotations

import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from opis.images.derive import MAX_PIXELS, ImageCache, PageImageError, _as_rgb, _open

MAX_FRAMES = 2000  # frames of one TIFF shown as canvases (the ingest handler reads as many)


@dataclass(frozen=True)
class Frame:
    number: int  # 1-based
    width: int
    height: int
    error: str = ""  # why the frame cannot be shown; empty when its picture is in the cache


def _folder(cache: Path, sha256: str) -> Path:
    return cache / sha256[:2] / sha256


def frame_picture(cache: Path, sha256: str, number: int) -> Path:
    return _folder(cache, sha256) / f"frame-{number}.png"


def _frame_count(img: Image.Image) -> int:
    try:
        return max(1, int(getattr(img, "n_frames", 1)))
    except Exception:  # a broken directory chain: Pillow counts by walking it (any error); walk it here instead
        return MAX_FRAMES


def _decode(img: Image.Image, number: int, target: Path) -> Frame:
    """Frame ``number`` (the image already seeked to it) into ``target``; a Frame with the error if it
    will not decode."""
    width, height = img.size
    if width * height > MAX_PIXELS:
        return Frame(number, width, height, f"frame {number} is {width}x{height}, over the {MAX_PIXELS}-pixel limit")
    try:
        picture = _as_rgb(img)
        picture.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # a truncated frame fails here
        return Frame(number, width, height, f"frame {number} cannot be decoded ({exc})")
    ImageCache.put(target, _png(picture))
    return Frame(number, width, height)


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def several_frames(path: Path) -> bool:
    """Whether a TIFF holds more than one frame (a directory chain that breaks off counts: its frames
    are listed one by one so the readable ones are kept). A one-frame TIFF stays one plain image,
    named by its hash alone as before."""
    try:
        with warnings.catch_warnings(), Image.open(path) as img:
            warnings.simplefilter("ignore", UserWarning)
            img.seek(1)
        return True
    except EOFError:
        return False
    except Exception:  # a broken second directory, or a file that will not open: the listing says which
        return True


def tiff_frames(path: Path, sha256: str, cache: Path) -> list[Frame]:
    """Every frame of the TIFF at ``path``, each decoded into the cache or carrying its error; listed
    once and kept as JSON. PageImageError when the file cannot be opened at all."""
    known = _folder(cache, sha256) / "frames.json"
    if known.is_file():
        return [Frame(*f) for f in json.loads(known.read_text())]
    frames: list[Frame] = []
    # Pillow warns (UserWarning) on each short directory read; the frame's error says it once.
    with _open(path) as img, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        count = min(_frame_count(img), MAX_FRAMES)
        for index in range(count):
            number = index + 1
            try:
                img.seek(index)
                img.size  # noqa: B018 - the directory's dimensions, read now
            except EOFError:
                break  # the last directory: a clean end
            except Exception as exc:  # Pillow raises TypeError, ValueError or OSError on a cut directory
                frames.append(Frame(number, 0, 0, f"the file breaks off in frame {number} ({exc}); "
                                                  "the frames before it are kept"))
                break
            frames.append(_decode(img, number, frame_picture(cache, sha256, number)))
    ImageCache.put(known, json.dumps([[f.number, f.width, f.height, f.error] for f in frames]).encode())
    return frames


def frame_file(path: Path, sha256: str, number: int, cache: Path) -> Path:
    """The PNG of frame ``number``; PageImageError for a frame that cannot be shown, or is not there."""
    frames = tiff_frames(path, sha256, cache)
    if not 1 <= number <= len(frames):
        raise PageImageError(f"the TIFF has no frame {number}")
    frame = frames[number - 1]
    target = frame_picture(cache, sha256, number)
    if frame.error:
        raise PageImageError(frame.error)
    if not target.is_file():  # the cache was cleared after the listing: draw it again
        with _open(path) as img:
            img.seek(number - 1)
            again = _decode(img, number, target)
        if again.error:
            raise PageImageError(again.error)
    return target
