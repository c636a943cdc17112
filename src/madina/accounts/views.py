from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madina.core import audit as core_audit
from madina.core.models import without_boundaries
from madina.core.pages import REFUSED, submit

from . import queries, services
from .forms import ProfileForm


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name, "language": user.language})
    saved = submit(request, form, lambda data: services.update_profile(user, **data), _("Votre profil est enregistré."))
    if saved is not REFUSED:
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "roles": queries.roles_of(request.user)})


@login_required
def audit(request):
    """The audit log of the person's territory, newest first, filtered by act."""
    entries = queries.audit_entries(request.user)
    if entries is None:
        raise PermissionDenied
    action = request.GET.get("action", "")
    if action in core_audit.ACTIONS:
        entries = entries.filter(action=action)
    entries = entries.select_related("municipality", "governorate").defer(
        *without_boundaries("municipality", "governorate"))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {
        "page": page, "actions": sorted(core_audit.ACTIONS.items(), key=lambda item: str(item[1])),
        "action": action,
    })
