from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from madina.core import audit as core_audit
from madina.core.models import without_boundaries
from madina.core.pages import REFUSED, act, picture_page, submit

from . import queries, services
from .forms import EraseForm, ProfileForm, TokenForm


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name, "language": user.language})
    saved = submit(request, form, lambda data: services.update_profile(user, **data), _("Votre profil est enregistré."))
    if saved is not REFUSED:
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "roles": queries.roles_of(request.user)})


@login_required
def avatar(request):
    return picture_page(
        request, save=lambda **change: services.set_avatar(request.user, **change), current=request.user.avatar,
        heading=_("Votre avatar"), back=reverse("accounts:profile"), success=_("Votre avatar est enregistré."),
    )


@login_required
def audit(request):
    """The audit log of the person's territory, newest first, filtered by act."""
    entries = queries.audit_entries(request.user)
    if entries is None:
        raise PermissionDenied
    action = request.GET.get("action", "")
    if action in core_audit.ACTIONS:
        entries = entries.filter(action=action)
    entries = entries.select_related("actor", "person", "municipality", "governorate").defer(
        *without_boundaries("municipality", "governorate"))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {
        "page": page, "actions": sorted(core_audit.ACTIONS.items(), key=lambda item: str(item[1])),
        "action": action,
    })


@never_cache
@login_required
def api_tokens(request):
    """The person's API tokens; a new one's value is shown on this answer only (never cached, never stored)."""
    form = TokenForm(request.POST or None)
    made = submit(request, form, lambda data: services.create_token(request.user, **data), None)
    created = None if made is REFUSED else made[1]
    if created:
        form = TokenForm()
    return render(request, "accounts/api_tokens.html", {
        "form": form, "created": created, "tokens": request.user.api_tokens.all(),
    }, status=400 if request.method == "POST" and made is REFUSED else 200)


@login_required
@require_POST
def revoke_api_token(request, pk):
    act(request, lambda: services.revoke_token(request.user, pk), _("Le jeton est révoqué."))
    return redirect("accounts:api_tokens")


@never_cache
@login_required
def my_data(request):
    """Everything Madina holds about the person, as one JSON file to keep."""
    response = JsonResponse(services.export_personal_data(request.user), json_dumps_params={"ensure_ascii": False,
                                                                                              "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="madina-mes-donnees.json"'
    return response


@login_required
def erase_account(request):
    """Deleting one's account, confirmed with the password; the person is signed out at once."""
    form = EraseForm(request.POST or None)
    user = request.user
    erased = submit(request, form, lambda data: services.erase_account(user, data["password"]))
    if erased is not REFUSED:
        logout(request)
        messages.success(request, _("Votre compte est supprimé. Ce que vous avez écrit reste, signé « compte supprimé »."))
        return redirect("home")
    return render(request, "accounts/erase.html", {"form": form}, status=400 if request.method == "POST" else 200)
