"""One line per request, and every line logged while serving it, carrying the request's id.

The id comes from nginx (`X-Request-ID`, so that its access log and ours match) or is made here; it is sent back
in the response's `X-Request-ID`, so that a person reporting a problem can quote it. Lines are plain text, or
JSON objects one per line with MADINA_LOG_JSON=1 (for a log collector). Errors carry their traceback in the log,
on stderr, and never in a response. What is logged of a person: the account number, not the e-mail; the address,
for abuse; the path, not the query string (a search may say more than it should).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from .logfmt import current_request_id
from .ratelimit import client_address

logger = logging.getLogger("madina.requests")

_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            milliseconds = round((time.perf_counter() - started) * 1000, 1)
            fields = {"method": request.method, "path": request.path, "status": response.status_code,
                      "duration_ms": milliseconds, "user": _account(request), "ip": client_address(request)}
            logger.log(logging.WARNING if response.status_code >= 500 else logging.INFO,
                       "%s %s %s %.1fms", request.method, request.path, response.status_code, milliseconds,
                       extra=fields)
            return response
        finally:
            current_request_id.reset(token)


def _account(request) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None



