"""Uploaded files, served by the app under /media/ once the app that owns them says who may see them.

A file is never served just because its name is known: each app registers the folder its uploads go to
(`OWNERS`, filled in the apps' `ready`) with a function that finds the row holding the file and answers whether it
is public (a visible proposal's image, a project's photo) or for some people only (a hidden proposal's image: its
author and moderators), or raises Http404. Every answer carries nosniff and a Content-Security-Policy that runs
nothing; public files are cached by browsers, private ones are not kept. Images come in widths for lists
(`?w=320`, made once with Pillow next to the original). With MADINA_MEDIA_ACCEL set, nginx sends the bytes
(X-Accel-Redirect to an internal location, docs/deploy.md); otherwise the app streams them.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from PIL import Image, ImageOps, UnidentifiedImageError

from .csp import FILE_POLICY
from .text import whole_number

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 1280)
# Nothing in an uploaded file runs (core.csp, the site's policies; deploy/nginx/madina.conf repeats it for the files
# nginx sends).
CONTENT_SECURITY_POLICY = FILE_POLICY
PUBLIC_MAX_AGE = 3600  # an hour: a proposal hidden by a moderator leaves the browsers' caches soon
# What a browser may be told a file is; anything else is sent as bytes to download.
SHOWN_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".gif": "image/gif", ".pdf": "application/pdf"}


@dataclass(frozen=True)
class Served:
    """How the owner wants a file served: to everyone (cached) or to this person only, shown or downloaded."""

    public: bool
    download_as: str | None = None


Owner = Callable[[object, str], Served]
OWNERS: dict[str, Owner] = {}
"""Folder prefix of the uploads ("participation/proposals/") -> the owning app's answer for a request."""


THUMBS = "thumbs"
DERIVED: set[str] = {THUMBS}
"""Media folders of files made again on demand (thumbnails; apps add theirs, e.g. stored PDF sheets): a backup
leaves them out."""


def public_picture(rows, field: str = "image") -> Owner:
    """The owner of a folder of pictures everyone may see (a project's, a municipality's, an avatar) as long as a
    row of `rows` holds the file; a replaced or removed picture is 404 at once, before its file is deleted."""
    def owner(request, name: str) -> Served:
        if not rows.filter(**{field: name}).exists():
            raise Http404
        return Served(public=True)
    return owner


def media(request, name: str):
    """GET /media/<name>[?w=320]: the file, if its owner lets this request see it; 404 otherwise."""
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        raise Http404
    # The longest folder that holds the name owns it ("projects/pictures/" before "projects/"), whatever order
    # the apps registered in.
    owner = max(((len(prefix), owner) for prefix, owner in OWNERS.items() if name.startswith(prefix)),
                default=(0, None), key=lambda pair: pair[0])[1]
    if owner is None:
        raise Http404
    return respond(request, name, owner(request, name), width=width(request))


def respond(request, name: str, served: Served, *, width: int | None = None):
    if width and _extension(name) in (".jpg", ".jpeg", ".png", ".webp", ".gif"):
        name = thumbnail(name, width)
    try:
        size, modified = default_storage.size(name), default_storage.get_modified_time(name)
    except FileNotFoundError:
        raise Http404 from None
    etag = f'"{size:x}-{int(modified.timestamp()):x}"'
    response = get_conditional_response(request, etag=etag, last_modified=int(modified.timestamp()))
    if response is None:
        response = _body(name, served)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified.timestamp())
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    if served.public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ["Cookie"])
    return response


def _body(name: str, served: Served):
    content_type = SHOWN_TYPES.get(_extension(name), "application/octet-stream")
    download = served.download_as is not None or content_type == "application/octet-stream"
    filename = served.download_as or os.path.basename(name)
    if settings.MADINA_MEDIA_ACCEL:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MADINA_MEDIA_ACCEL + quote(name)
        if download:
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response
    return FileResponse(default_storage.open(name, "rb"), content_type=content_type, as_attachment=download,
                        filename=filename)


def thumbnail(name: str, width: int) -> str:
    """The image at most `width` pixels wide (never enlarged), made on first request and kept; the original when
    Pillow cannot read it."""
    small = f"{THUMBS}/{width}/{os.path.splitext(name)[0]}.webp"
    if default_storage.exists(small):
        return small
    try:
        with default_storage.open(name, "rb") as source, Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((width, width * 4))
            target = default_storage.path(small)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            # Written aside then renamed: two requests making the same thumbnail never serve half of one.
            with tempfile.NamedTemporaryFile(dir=os.path.dirname(target), suffix=".webp", delete=False) as out:
                image.save(out, "WEBP", quality=80)
            os.replace(out.name, target)
    except FileNotFoundError:
        raise Http404 from None
    except (UnidentifiedImageError, OSError, ValueError):
        logger.warning("no thumbnail for %s: Pillow cannot read it", name, exc_info=True)
        return name
    return small


def width(request) -> int | None:
    """`?w=`: the smallest of WIDTHS at least as wide as asked; none for a missing or unreadable value."""
    given = whole_number(request.GET.get("w", ""), digits=5)
    if given is None:
        return None
    return next((width for width in WIDTHS if width >= given), WIDTHS[-1])


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()
