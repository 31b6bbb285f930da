"""Page images: reading a stored scan safely and deriving the regions, sizes and rotations the IIIF
Image API asks for, cached on disk once made. The stored original is only ever read, never changed.

The layer is pure image work (Pillow) over paths it is given: it knows nothing of records or access;
the web room checks the access rule (``Archive.original_info``) before it asks for a picture."""

from opis.images.derive import ImageCache, ImageInfo, PageImageError, read_info
from opis.images.request import ImageRequest, ImageRequestError, parse_request

__all__ = ["ImageCache", "ImageInfo", "ImageRequest", "ImageRequestError", "PageImageError", "parse_request",
           "read_info"]
