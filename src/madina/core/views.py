"""The server-error page: drawn from its template alone (no context processor, no database), since whatever
failed may be one of them; it gives the request's id so that the person can quote it to the organisers, who find
the traceback under that id in the log."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    page = loader.get_template("500.html").render({"request_id": getattr(request, "id", "")})
    return HttpResponseServerError(page)
