"""The site's Content-Security-Policy, in one place: the pages' policy and the uploaded files' policy.

Pages run only the site's own scripts and styles (`'self'`, no inline script, event handler or style attribute:
the templates keep their scripts in static files, data in `json_script` blocks and data attributes, and sizes in
the stylesheets), so that text a visitor managed to slip into a page would still not run. Scripts may change an
element's style through the DOM (Leaflet places its tiles that way): CSP does not govern that. Images may also come
from the map's tile server (`MADINA_TILE_URL`) and from `data:` URLs (Leaflet-Geoman's and Swagger UI's icons).

Uploaded files (core.media, and nginx for the files it sends, deploy/nginx/madina.conf) get a policy that runs
nothing at all. The middleware below puts the pages' policy on every answer that has none of its own.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

HEADER = "Content-Security-Policy"

FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
"""Nothing in an uploaded file runs; an SVG or a PDF shown in the browser draws but has no script."""


def tile_source(url: str) -> str:
    """The origin a tile URL template loads from, as a CSP source ("" for tiles on the site itself):
    `https://{s}.tile.example.org/{z}/{x}/{y}.png` -> `https://*.tile.example.org`."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    if "{" in host or any(c in host for c in " ;,'\""):
        return ""
    return f"{parts.scheme}://{host}"


@lru_cache(maxsize=4)
def page_policy(tile_url: str) -> str:
    images = " ".join(filter(None, ["'self'", "data:", tile_source(tile_url)]))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {images}",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class ContentSecurityPolicyMiddleware:
    """Every answer without a policy of its own (an uploaded file has one) gets the pages' policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = page_policy(settings.MADINA_TILE_URL)
        return response
