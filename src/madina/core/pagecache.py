"""Pages and API answers for visitors who are not signed in, kept MADINA_PAGE_CACHE_SECONDS in the shared cache.

Most of the traffic of a campaign is people reading: the catalogue, a process, a proposal, the map. The same
answer serves every visitor without a session, in the same language, for the same address; it is kept a short
while (30 s by default: a new proposal or a support shows to visitors within that time, at once to its author).
Only what is the same for everyone is kept: a request with a session or a pending message is answered afresh, and
an answer is not kept when it sets a cookie (a form's CSRF token comes with its cookie), starts a session, says it
is private, or was not a plain 200. bench/load.py measures it (docs/load.md).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

NEVER = ("/admin/", "/comptes/", "/langue/", "/media/", "/health")


class AnonymousPageCache:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.MADINA_PAGE_CACHE_SECONDS
        if not seconds or not _same_for_everyone(request):
            return self.get_response(request)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            response = HttpResponse(kept["content"], status=200)
            for name, value in kept["headers"].items():
                response[name] = value
            response["Age"] = "0"
            return response
        response = self.get_response(request)
        if _keepable(request, response):
            cache.set(key, {"content": response.content, "headers": dict(response.items())}, seconds)
        return response


def _same_for_everyone(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HX-Request" not in request.headers
        and not request.path.startswith(NEVER)
    )


def _keepable(request, response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control and "no-store" not in control
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def _key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{request.method}:{request.LANGUAGE_CODE}:{address}"
