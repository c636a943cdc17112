from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
