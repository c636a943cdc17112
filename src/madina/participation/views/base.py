"""What the participation pages share."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from madina.core.pages import act

from .. import services


def back(request, default: str):
    """Back to the page the form was on (`next`), when it is one of this site's; else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def follow_or_not(request, followed, *, followed_now: str, no_longer: str):
    """The follow button of a process or a proposal: follow, or stop with action=unfollow; back to its page."""
    if request.POST.get("action") == "unfollow":
        act(request, lambda: services.unfollow(followed, request.user), no_longer)
    else:
        act(request, lambda: services.follow(followed, request.user), followed_now)
    return redirect(followed)
