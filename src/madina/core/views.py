"""Pages of the site itself: choosing the language, the site-wide search, the icon browsers ask for, and the
server-error page."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import search as site_search


@require_GET
def language(request):
    """The language menu of every page: a GET form, so that a page carries no CSRF token and can be served to
    every visitor from the cache (core.pagecache); it sets the language cookie and goes back to the page."""
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    response = redirect(back)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


@require_GET
def search(request):
    """The header's search box lands here (a GET form: works without scripts, kept in the page cache for
    visitors like any public page). A query that cannot be searched is said so on the page, with its box."""
    query = site_search.parse(request.GET.get("q"))
    groups = site_search.search(query)
    return render(request, "core/search.html", {
        "query": query, "groups": groups, "asked": "q" in request.GET,
        "total": sum(group.count for group in groups),
    })


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links to: sent on to the static file
    (whitenoise serves it, with its long cache)."""
    return redirect(static("madina/favicon.ico"), permanent=True)


def csrf_failure(request, reason=""):
    """An expired form's page drawn like every other page (Django's own gets no request: no header for the
    signed-in person, no reference, no way back to signing in)."""
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def server_error(request):
    """Drawn from its template alone (no context processor, no database), since whatever failed may be one of
    them; it gives the request's id, under which the organisers find the traceback in the log."""
    page = loader.get_template("500.html").render({"request_id": getattr(request, "id", "")})
    return HttpResponseServerError(page)
