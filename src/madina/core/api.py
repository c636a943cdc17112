"""The API's one error schema and one status mapping, for every app's router.

Routers call their services and let refusals through: a core.errors.ServiceError becomes its status (403 not
allowed, 404 not found, 409 conflict, 422 invalid, 429 too fast) with a Problem body; django-ninja's own refusals
(a malformed body or query, a missing object, no session) take the same shape, in the request's language. A
failure of the server is a 500 Problem too, with the request's id, its traceback in the log and not in the body.
"""

from __future__ import annotations

import logging

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.pagination import PageNumberPagination

from . import search as site_search
from .errors import Invalid, ServiceError

# django-ninja's and pydantic's own refusals, said in the request's language (their texts are English).
HTTP_REFUSALS = {
    400: gettext_lazy("Le corps de la requête est mal formé."),
    401: gettext_lazy("Connectez-vous : cette action demande une session."),
    403: gettext_lazy("Action refusée : vérifiez votre session et le jeton CSRF (en-tête X-CSRFToken)."),
    405: gettext_lazy("Cette méthode n'est pas permise ici."),
    429: gettext_lazy("Trop de requêtes : réessayez dans un moment."),
}
_NUMBER = gettext_lazy("Un nombre est attendu.")
_WHOLE = gettext_lazy("Un nombre entier est attendu.")
_DATE = gettext_lazy("Une date AAAA-MM-JJ est attendue.")
_BOUNDS = gettext_lazy("Cette valeur est hors des bornes permises.")
VALUE_REFUSALS = {
    "missing": gettext_lazy("Ce champ est obligatoire."),
    "int_parsing": _WHOLE, "int_type": _WHOLE, "int_from_float": _WHOLE,
    "float_parsing": _NUMBER, "float_type": _NUMBER, "decimal_parsing": _NUMBER, "decimal_type": _NUMBER,
    "finite_number": _NUMBER,
    "string_type": gettext_lazy("Un texte est attendu."),
    "string_too_long": gettext_lazy("Ce texte est trop long."),
    "bool_parsing": gettext_lazy("Vrai ou faux est attendu."), "bool_type": gettext_lazy("Vrai ou faux est attendu."),
    "enum": gettext_lazy("Cette valeur n'est pas une des valeurs permises."),
    "literal_error": gettext_lazy("Cette valeur n'est pas une des valeurs permises."),
    "list_type": gettext_lazy("Une liste est attendue."),
    "dict_type": gettext_lazy("Un objet est attendu."), "model_attributes_type": gettext_lazy("Un objet est attendu."),
    "date_parsing": _DATE, "date_type": _DATE, "date_from_datetime_parsing": _DATE,
    "greater_than": _BOUNDS, "greater_than_equal": _BOUNDS, "less_than": _BOUNDS, "less_than_equal": _BOUNDS,
    "decimal_max_digits": gettext_lazy("Ce nombre a trop de chiffres."),
    "decimal_whole_digits": gettext_lazy("Ce nombre a trop de chiffres."),
    "decimal_max_places": gettext_lazy("Ce nombre a trop de décimales."),
    "json_invalid": gettext_lazy("Le corps de la requête n'est pas du JSON valide."),
}


class Problem(Schema):
    """Why a request was refused: `detail` for people, `errors` by field ("__all__" when no field)."""

    detail: str
    errors: dict[str, list[str]] = {}


# Answers any operation can give: 400 for a NUL character or a malformed body, 413 for an oversized body
# (core.inputs, before the API runs), 422 since its path, query and body are checked before it runs.
ALWAYS = (400, 413, 422)
WRITE = (401, 403, 404, 409)  # what a write by a person can be refused with besides ALWAYS (signed out, not allowed,
# nothing there, in conflict with what is stored); operations that also limit their rate add 429


def responses(ok: dict | None = None, *statuses: int) -> dict:
    """An operation's documented answers: its successes, then a Problem for each refusal it can give."""
    return {**(ok or {}), **dict.fromkeys((*statuses, *ALWAYS), Problem)}


# Past any list Madina holds, and far below the offset a database can take (PostgreSQL's bigint).
MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    """django-ninja's page numbers, bounded: a page past MAX_PAGE is a 422 on `page`, not an offset the database
    cannot hold. Every paginated operation uses it (`@paginate(Pages, page_size=...)`)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


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
            message = VALUE_REFUSALS.get(error.get("type"), _("Cette valeur n'est pas valide."))
            errors.setdefault(_field(error.get("loc", ())), []).append(str(message))
        return _problem(api, request, 422, _("La requête contient des valeurs invalides."), errors)

    def not_found(request, exc: Http404):
        return _problem(api, request, 404, _("Introuvable."))

    def http_error(request, exc: HttpError):
        return _problem(api, request, exc.status_code, str(HTTP_REFUSALS.get(exc.status_code, exc)))

    def server_error(request, exc: Exception):
        logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=exc,
                                                  extra={"status_code": 500, "request": request})
        reference = getattr(request, "id", "")
        return _problem(api, request, 500, _("Erreur du serveur, enregistrée pour l'équipe technique. Référence : "
                                             "%(reference)s.") % {"reference": reference})

    api.add_exception_handler(Exception, server_error)
    api.add_exception_handler(ServiceError, service_error)
    api.add_exception_handler(RequestInvalid, request_invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)


# The site-wide search (core.search), the same groups as the /recherche/ page; assembled in madina.api.
router = Router(tags=["search"])


class SearchHit(Schema):
    title: str
    url: str
    place: str


class SearchGroup(Schema):
    kind: str
    label: str
    count: int
    hits: list[SearchHit]
    see_all: str


class SearchOut(Schema):
    q: str
    groups: list[SearchGroup]


@router.get("/search", response=responses({200: SearchOut}), url_name="search")
def search(request, q: str = ""):
    """Processes, proposals, projects, municipalities, perimeters and caravan stops whose names or texts hold
    every word of `q` (accents, Arabic vowel marks and letter variants ignored), grouped by kind with their count
    and the first few; only what any visitor may read. A query with no letter or digit, or over 100 characters,
    is a 422 saying so."""
    query = site_search.parse(q)
    if query.problem:
        raise Invalid(str(query.problem), field="q")
    return {"q": query.text, "groups": [
        {"kind": g.kind, "label": str(g.label), "count": g.count, "see_all": g.see_all,
         "hits": [vars(hit) for hit in g.hits]} for g in site_search.search(query)]}
