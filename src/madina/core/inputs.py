"""What no request may bring, refused once for every page and every API operation, before any view reads it.

- A NUL character (U+0000) in the path, the query string, a cookie, a form field or a body: PostgreSQL refuses it
  in text, so it would become a server error deep inside a query. Answered 400, naming the field when there is one.
- A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (the files of a multipart form aside: each kind of upload has its
  own limit): answered 413 before it is read.

The API (`/api/`) answers with its Problem JSON (core.api), pages with the styled 400 page saying why.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
NUL = "\x00"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# NUL written in JSON: the escape \u0000, unless its backslash is itself escaped (\\u0000 is six plain characters).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


class Refused(Exception):
    def __init__(self, status: int, detail: str, field: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.field = status, detail, field


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check(request)
        except Refused as refusal:
            return refuse(request, refusal)
        return self.get_response(request)


def check(request) -> None:
    """Raise Refused for a request no view should see."""
    if NUL in request.path:
        raise _nul("__all__")
    for field, values in request.GET.lists():
        if NUL in field or any(NUL in value for value in values):
            raise _nul(field.replace(NUL, ""))
    if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
        if hasattr(request, "session"):  # a session key holding NUL is never looked up: the page is a visitor's
            request.session = type(request.session)()
        raise _nul("__all__")
    if request.method in ("GET", "HEAD", "OPTIONS") and not request.META.get("CONTENT_LENGTH"):
        return
    _check_body(request)


def _check_body(request) -> None:
    is_form = request.content_type in FORMS
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if not is_form and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise _too_big()
    try:
        if is_form:
            for field, values in request.POST.lists():
                if NUL in field or any(NUL in value for value in values):
                    raise _nul(field.replace(NUL, ""))
        elif b"\x00" in request.body or JSON_NUL.search(request.body):
            raise _nul("__all__")
    except RequestDataTooBig as exc:
        raise _too_big() from exc
    except (SuspiciousOperation, MultiPartParserError) as exc:  # too many fields or files, a broken multipart body
        raise Refused(400, _("Le corps de la requête est mal formé.")) from exc


def _nul(field: str) -> Refused:
    return Refused(400, _("La demande contient un caractère nul (U+0000), que Madina refuse."), field or "__all__")


def _too_big() -> Refused:
    return Refused(413, _("La demande est trop volumineuse : au plus %(size)s, fichiers joints à part.")
                   % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})


def refuse(request, refusal: Refused):
    if request.path.startswith(API_PREFIX):
        errors = {refusal.field: [refusal.detail]} if refusal.field else {}
        return JsonResponse({"detail": refusal.detail, "errors": errors}, status=refusal.status)
    return render(request, "400.html", {"reason": refusal.detail}, status=refusal.status)
