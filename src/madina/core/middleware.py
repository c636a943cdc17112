"""A service's refusal that a page did not catch is still answered as a refusal, never as a server error: not
allowed is the 403 page, not found the 404 page, anything else the message on the page the person came from (or,
when the browser did not say which, a page saying it, with the refusal's status)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from .errors import NotAllowed, NotFound, ServiceError


class ServiceErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError):
            return None
        if isinstance(exception, NotAllowed):
            return defaults.permission_denied(request, PermissionDenied(exception.message))
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, Http404(exception.message))
        came_from = request.headers.get("Referer", "")
        elsewhere = came_from and came_from != request.build_absolute_uri()
        if elsewhere and url_has_allowed_host_and_scheme(came_from, {request.get_host()}, request.is_secure()):
            messages.error(request, exception.message)
            return redirect(came_from)
        return render(request, "core/refused.html", {"message": exception.message}, status=exception.status)
