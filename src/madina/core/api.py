"""The API's one error schema and one status mapping, for every app's router.

Routers call their services and let refusals through: a core.errors.ServiceError becomes its status (403 not
allowed, 404 not found, 409 conflict, 422 invalid, 429 too fast) with a Problem body; django-ninja's own refusals
(a malformed body or query, a missing object, no session) take the same shape.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid

from .errors import ServiceError


class Problem(Schema):
    """Why a request was refused: `detail` for people, `errors` by field ("__all__" when no field)."""

    detail: str
    errors: dict[str, list[str]] = {}


def responses(ok: dict | None = None, *statuses: int) -> dict:
    """An operation's documented answers: its successes, then a Problem for each refusal it can give. Every
    operation can answer 422, since its path, query and body are checked before it runs."""
    return {**(ok or {}), **dict.fromkeys((*statuses, 422), Problem)}


def _problem(api: NinjaAPI, request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def _field(location) -> str:
    """("body", "payload", "title") -> "title"; ("query", "page") -> "page"."""
    parts = [str(part) for part in location[1:]]
    return ".".join(parts[1:] if len(parts) > 1 else parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    def service_error(request, exc: ServiceError):
        return _problem(api, request, exc.status, exc.message, exc.errors)

    def request_invalid(request, exc: RequestInvalid):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field(error.get("loc", ())), []).append(str(error.get("msg", "")))
        return _problem(api, request, 422, _("La requête contient des valeurs invalides."), errors)

    def not_found(request, exc: Http404):
        return _problem(api, request, 404, _("Introuvable."))

    def http_error(request, exc: HttpError):
        return _problem(api, request, exc.status_code, str(exc))

    api.add_exception_handler(ServiceError, service_error)
    api.add_exception_handler(RequestInvalid, request_invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
