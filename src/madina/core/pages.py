"""What every page does with a service: run it, then say that it worked, or why not, where the person looks.

`submit` serves a posted form: the service runs once the form is valid, and its refusal lands on the form, next
to the field it names, with everything typed kept. `act` serves a button (follow, withdraw, publish): the
refusal or the success is a message on the page the person goes back to; `act_on` a small form behind a button
(an identifier, a reason), whose missing value is such a message too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render

from .errors import ServiceError
from .forms import PictureForm, show_error

REFUSED = object()
"""What `submit` and `act` answer when the form was invalid or the service refused."""


def submit(request, form, action: Callable[[dict], Any], success: str | None = None) -> Any:
    """`action(form.cleaned_data)` for a posted, valid form, and its result; REFUSED otherwise."""
    if request.method != "POST" or not form.is_valid():
        return REFUSED
    try:
        result = action(form.cleaned_data)
    except ServiceError as error:
        show_error(form, error)
        return REFUSED
    if success:
        messages.success(request, success)
    return result


def act(request, action: Callable[[], Any], success: str | None = None) -> Any:
    """Run a button's service and answer its result, or REFUSED; either way a message says what happened."""
    try:
        result = action()
    except ServiceError as error:
        messages.error(request, error.message)
        return REFUSED
    if success:
        messages.success(request, success)
    return result


def act_on(request, form, action: Callable[[dict], Any], success: str | None, incomplete: str) -> Any:
    """`act` for a small form: its service with the form's values, or `incomplete` said when the form is not."""
    if not form.is_valid():
        messages.error(request, incomplete)
        return REFUSED
    return act(request, lambda: action(form.cleaned_data), success)


def picture_page(request, *, save: Callable[..., Any], current, heading: str, back: str, alt: str | None = None,
                 success: str):
    """The page changing a picture (a process's, a project's, a municipality's, a person's avatar): `save` is the
    owning app's service, called with the form's `upload`, `remove` and `alt`; back to `back` once saved."""
    form = PictureForm(request.POST or None, request.FILES or None, initial={"alt": alt or ""},
                       with_alt=alt is not None)
    if submit(request, form, lambda data: save(**form.picture_data()), success) is not REFUSED:
        return redirect(back)
    return render(request, "core/picture_form.html",
                  {"form": form, "current": current, "heading": heading, "back": back},
                  status=400 if form.errors else 200)
