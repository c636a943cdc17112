from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import queries, services
from .forms import ProfileForm


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.update_profile(request.user, **form.cleaned_data)
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial={"display_name": request.user.display_name, "language": request.user.language})
    return render(request, "accounts/profile.html", {"form": form, "roles": queries.roles_of(request.user)})
