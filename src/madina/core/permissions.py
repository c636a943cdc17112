"""Every write checks its permission in its service, with `require`, so that pages, the API, the admin and the
command line cannot disagree on who may do what.

The demo loader and the importers run on the server, for whoever runs the command: they act as OPERATOR, whom
`require` lets through and whom no `*_by` column records.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import NotAllowed


class Operator:
    """The person at the server's command line (`madina demo`, an import): they answer for what they load."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_superuser = False
    pk = None

    def __str__(self):
        return "operator"


OPERATOR = Operator()


def require(rule, user, obj=None, message=None) -> None:
    """Refuse with NotAllowed unless `rule` allows `user` to act on `obj`.

    `rule` is a `rules` predicate or a permission name ("caravan.plan_edition", asked through the authentication
    backends, so organisers' blanket rights count); `message` says what the person cannot do, in their words.
    """
    if user is OPERATOR:
        return
    allowed = user.has_perm(rule, obj) if isinstance(rule, str) else rule.test(user, obj)
    if not allowed:
        raise NotAllowed(message or _("Vous n'avez pas le droit de faire cette action."))


def person(user):
    """The account to record as the author of an act (`created_by`...): none for the operator or a visitor."""
    return user if user is not None and user is not OPERATOR and user.is_authenticated else None
