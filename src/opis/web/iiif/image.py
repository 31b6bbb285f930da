"""IIIF Image API 3.0, level 2, at ``/iiif/image/{sha256}/…``: an image is a stored original (a scan)
named by its content hash, so a picture's URL never changes while the file is kept.

The access rule is the stored originals' own (``Archive.original_info``): an image held by a record
the reader may not see is a 404, exactly as its download is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from opis.images import ImageCache, ImageRequestError, PageImageError, parse_request, read_info
from opis.images.derive import TILE
from opis.images.request import MAX_AREA
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.web.core.errors import error_response
from opis.web.core.respond import base_url
from opis.web.core.site import Site, viewer_of

CONTEXT = "http://iiif.io/api/image/3/context.json"
MEDIA = {"jpg": "image/jpeg", "png": "image/png"}
# Extra features beyond level 2 that the server does (level 2's own are listed by the profile).
EXTRA_FEATURES = ["mirroring", "regionSquare", "sizeUpscaling", "cors", "jsonldMediaType", "baseUriRedirect"]
CORS = {"Access-Control-Allow-Origin": "*"}


def image_path(archive: Archive, request: Request, sha256: str) -> Path:
    """The stored file behind image ``sha256``, after the access rule; NotFound for a non-image."""
    info = archive.original_info(sha256, viewer_of(request))
    if not str(info["media_type"]).startswith("image/"):
        raise NotFound(f"stored original {sha256} is not an image")
    return archive.originals.path_for(sha256)


def scale_factors(width: int, height: int) -> list[int]:
    """1, 2, 4, … until one tile covers the whole image."""
    factors = [1]
    while max(width, height) / factors[-1] > TILE:
        factors.append(factors[-1] * 2)
    return factors


def info_json(service_id: str, width: int, height: int) -> dict[str, Any]:
    sizes = [{"width": -(-width // f), "height": -(-height // f)} for f in scale_factors(width, height)[1:]]
    return {"@context": CONTEXT, "id": service_id, "type": "ImageService3", "protocol": "http://iiif.io/api/image",
            "profile": "level2", "width": width, "height": height, "maxArea": MAX_AREA,
            "sizes": sorted(sizes, key=lambda s: s["width"]),
            "tiles": [{"width": TILE, "scaleFactors": scale_factors(width, height)}],
            "extraQualities": ["color", "gray"], "extraFeatures": EXTRA_FEATURES}


def service_id(request: Request, sha256: str) -> str:
    return f"{base_url(request)}/iiif/image/{sha256}"


def router(site: Site) -> APIRouter:
    api = APIRouter()
    archive = site.archive
    cache = ImageCache(site.settings.data_dir / "derived" / "images")

    @api.get("/iiif/image/{sha256}")
    def base(request: Request, sha256: str) -> Response:
        return RedirectResponse(f"/iiif/image/{sha256}/info.json", status_code=303, headers=CORS)

    @api.get("/iiif/image/{sha256}/info.json")
    def info(request: Request, sha256: str) -> Response:
        path = image_path(archive, request, sha256)
        try:
            size = read_info(path)
        except PageImageError as exc:
            return error_response(request, 422, f"image {sha256}: {exc}", "unreadable_image")
        media = "application/ld+json" if "ld+json" in request.headers.get("accept", "") else "application/json"
        return JSONResponse(info_json(service_id(request, sha256), size.width, size.height),
                            media_type=f'{media};profile="http://iiif.io/api/image/3/context.json"'
                            if media.endswith("ld+json") else media, headers=CORS)

    @api.get("/iiif/image/{sha256}/{region}/{size}/{rotation}/{quality_format}")
    def picture(request: Request, sha256: str, region: str, size: str, rotation: str,
                quality_format: str) -> Response:
        path = image_path(archive, request, sha256)
        try:
            dims = read_info(path)
            req = parse_request(region, size, rotation, quality_format, dims.width, dims.height)
            made = cache.get(sha256, path, req)
        except ImageRequestError as exc:
            return error_response(request, 400, str(exc))
        except PageImageError as exc:
            return error_response(request, 422, f"image {sha256}: {exc}", "unreadable_image")
        # Content-addressed: the same URL always gives the same picture.
        headers = {**CORS, "Cache-Control": "public, max-age=31536000, immutable",
                   "Link": f'<{CONTEXT}>;rel="profile"'}
        return FileResponse(made, media_type=MEDIA[req.format], headers=headers)

    return api
