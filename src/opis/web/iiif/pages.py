"""A document's pages as the IIIF rooms see them: each image original is a page, each frame of a
multi-page TIFF is a page (decoded once into the derived cache), each page of a PDF original is a
page (rendered once into the derived cache), in the order the originals are attached.

An Image API identifier is the original's SHA-256 for a one-picture image file, ``{sha256}-p{n}``
for page n of a PDF or frame n of a multi-page TIFF. The canvas of page k of a document is
``/iiif/{doc}/canvas/{k}`` for the manifest, the content search and the document page alike, so they
all name the same page the same way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from opis.images import ImageCache, PageImageError, parse_request, read_info
from opis.images.frames import frame_file, several_frames, tiff_frames
from opis.images.pdfpages import pdf_pages, render_pdf_page
from opis.model import AttachedOriginal, Document
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.originals import OriginalCorrupt, OriginalMissing
from opis.store.pagewords import WordHit, find_words
from opis.web.core.i18n import N_
from opis.web.core.site import viewer_of

PDF = "application/pdf"
TIFF = "image/tiff"
_IDENT = re.compile(r"^([0-9a-f]{64})(?:-p([1-9]\d{0,4}))?$")


@dataclass(frozen=True)
class PageImage:
    ident: str  # the Image API identifier
    sha256: str
    page: int  # the page in its file (1 for an image file)
    width: int
    height: int
    filename: str
    rendered: bool  # a picture opis drew from a PDF page, not a scan file
    role: str = "scan"  # the attached original's role: "rendered" is drawn from the transcription

    @property
    def what_words(self) -> tuple[str, dict[str, str | int]]:
        """What the picture is, as a catalogue message and its values: the document page writes it in the
        reader's language, ``{{ _(message, **values) }}``."""
        if self.role == "rendered":
            return N_("rendered from the transcription by opis, not a scan"), {}
        if self.rendered:
            return N_("page %(page)s of %(file)s, drawn by opis from the PDF"), {"page": self.page,
                                                                                 "file": self.filename}
        if self.ident != self.sha256:  # one frame of a multi-page TIFF
            if self.role == "scan":
                return N_("page %(page)s of scan %(file)s"), {"page": self.page, "file": self.filename}
            return N_("page %(page)s of image file %(file)s"), {"page": self.page, "file": self.filename}
        if self.role == "scan":
            return N_("scan %(file)s"), {"file": self.filename}
        return N_("image file %(file)s"), {"file": self.filename}

    @property
    def what(self) -> str:
        """What the picture is, in English words, for the manifest's canvas labels and the JSON twins."""
        message, values = self.what_words
        return message % values if values else message


@dataclass(frozen=True)
class Hit:
    """A word found on page ``canvas`` (1-based) of a document, its box in that page's pixels."""

    canvas: int
    text: str
    x: int
    y: int
    w: int
    h: int
    confidence: float

    @property
    def box(self) -> str:
        return f"{self.x},{self.y},{self.w},{self.h}"


def get_document(archive: Archive, viewer: Viewer, doc_id: str) -> Document:
    """The document, under the reading room's access rule (a hidden one is NotFound)."""
    record = archive.get(doc_id, viewer)
    if not isinstance(record, Document):
        raise NotFound(f"no document {doc_id!r}")
    return record


def pdf_cache(data_dir: Path) -> Path:
    return data_dir / "derived" / "pdfpages"


def frames_cache(data_dir: Path) -> Path:
    return data_dir / "derived" / "frames"


def _split(ident: str) -> tuple[str, int | None]:
    m = _IDENT.match(ident)
    if m is None:
        raise NotFound(f"no image {ident!r}")
    return m.group(1), int(m.group(2)) if m.group(2) else None


def resolve(archive: Archive, data_dir: Path, request: Request, ident: str) -> Path:
    """The picture file behind Image API identifier ``ident``, after the originals' access rule;
    NotFound for an unknown one or a file of the wrong kind, PageImageError for one that will not draw."""
    sha256, page = _split(ident)
    media = str(archive.original_info(sha256, viewer_of(request))["media_type"])
    path = archive.originals.local_path(sha256)
    if page is None:
        if not media.startswith("image/"):
            raise NotFound(f"stored original {sha256} is not an image")
        return path
    if media == TIFF:
        if page > len(tiff_frames(path, sha256, frames_cache(data_dir))):
            raise NotFound(f"the TIFF {sha256} has no frame {page}")
        return frame_file(path, sha256, page, frames_cache(data_dir))
    if media != PDF:
        raise NotFound(f"stored original {sha256} is not a PDF")
    if page > len(pdf_pages(path, sha256, pdf_cache(data_dir))):
        raise NotFound(f"the PDF {sha256} has no page {page}")
    return render_pdf_page(path, sha256, page, pdf_cache(data_dir))


PROBE = "^!64,64"  # the size of the small picture made once to prove a page's pixels decode


def _probe(data_dir: Path, sha256: str, path: Path, width: int, height: int) -> None:
    """Decode the page once (a small cached picture, kept as its smallest size): a file whose header
    reads but whose pixels do not (a truncated TIFF) is found here, not when a reader zooms in."""
    ImageCache(data_dir / "derived" / "images").get(sha256, path,
                                                    parse_request("full", PROBE, "0", "default.jpg", width, height))


def _pictures(archive: Archive, viewer: Viewer, doc: Document) -> Iterator[AttachedOriginal]:
    """The image and PDF originals of ``doc`` the reader may see, in the document's order (one hidden
    from this reader through another holder, or not stored, is left out)."""
    for original in doc.originals:
        if not (original.media_type.startswith("image/") or original.media_type == PDF):
            continue
        try:
            archive.original_info(original.sha256, viewer)
        except NotFound:
            continue
        yield original


def document_pages(archive: Archive, data_dir: Path, viewer: Viewer,
                   doc: Document) -> tuple[list[PageImage], list[str]]:
    """The pages of ``doc`` the reader may see, and a line for each file or page that cannot be shown."""
    pages: list[PageImage] = []
    failed: list[str] = []
    for original in _pictures(archive, viewer, doc):
        media = original.media_type
        try:
            path = archive.originals.local_path(original.sha256)
            if media == PDF:
                pages += [PageImage(f"{original.sha256}-p{p.number}", original.sha256, p.number, p.width, p.height,
                                    original.filename, True, original.role)
                          for p in pdf_pages(path, original.sha256, pdf_cache(data_dir))]
            elif media == TIFF and several_frames(path):
                for f in tiff_frames(path, original.sha256, frames_cache(data_dir)):
                    if f.error:
                        failed.append(f"{original.filename}: {f.error}")
                        continue
                    pages.append(PageImage(f"{original.sha256}-p{f.number}", original.sha256, f.number, f.width,
                                           f.height, original.filename, False, original.role))
            else:
                size = read_info(path)
                _probe(data_dir, original.sha256, path, size.width, size.height)
                pages.append(PageImage(original.sha256, original.sha256, 1, size.width, size.height,
                                       original.filename, False, original.role))
        except PageImageError as exc:
            failed.append(f"{original.filename}: {exc}")
        except (OriginalMissing, OriginalCorrupt) as exc:  # an object store's copy gone or damaged
            failed.append(f"{original.filename}: {exc}")
    return pages, failed


MAX_QUERY = 200  # characters of a query read


def _on_canvas(hit: WordHit, n: int, page: PageImage) -> Hit:
    # Boxes are in the pixels of the picture OCR read; a PDF page is shown drawn at another resolution.
    sx, sy = page.width / max(hit.page_width, 1), page.height / max(hit.page_height, 1)
    return Hit(n, hit.text, round(hit.x * sx), round(hit.y * sy), max(1, round(hit.w * sx)), max(1, round(hit.h * sy)),
               hit.confidence)


def hits_in(archive: Archive, pages: list[PageImage], q: str) -> list[Hit]:
    """The words of ``q`` found on ``pages`` (the document's visible pages), as boxes on their pages."""
    where = {(p.sha256, p.page): (n, p) for n, p in enumerate(pages, start=1)}
    shas = list(dict.fromkeys(p.sha256 for p in pages))
    found = []
    for w in find_words(archive, shas, q[:MAX_QUERY]):
        spot = where.get((w.sha256, w.page))
        if spot is not None:  # a page that cannot be shown has no canvas
            found.append(_on_canvas(w, *spot))
    return found


THUMB_SIZE = "^!120,160"  # a thumbnail fits 120×160 px (a small page is scaled up to it, not refused)


def thumbnail(archive: Archive, viewer: Viewer, doc: Document) -> str | None:
    """The IIIF size URL of the document's first page the reader may see (a scan, or page 1 of a PDF)."""
    for original in _pictures(archive, viewer, doc):
        ident = original.sha256 if original.media_type.startswith("image/") else f"{original.sha256}-p1"
        return f"/iiif/image/{ident}/full/{THUMB_SIZE}/0/default.jpg"
    return None
