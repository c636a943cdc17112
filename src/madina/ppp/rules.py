"""Who may do what in the PPP catalogue.

The municipality prepares (its staff, its governorate's staff and organisers: `projects.rules.manages_project`);
the national PPP body reviews (its reviewers and organisers), so a municipality never validates its own project;
a company reads and writes only its own interests and answers.
"""

import rules

from madina.accounts.rules import is_organiser
from madina.projects.rules import manages_project

from .models import Reviewer


@rules.predicate
def is_reviewer(user):
    """A national PPP reviewer or an organiser; read once per request and user object."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_madina_ppp_reviewer", None)
    if cached is None:
        cached = is_organiser(user) or Reviewer.objects.filter(user_id=user.pk).exists()
        user._madina_ppp_reviewer = cached
    return cached


@rules.predicate
def prepares(user, screening):
    """Whoever manages the project's municipality fills its screening in."""
    return screening is not None and manages_project.test(user, screening.project)


@rules.predicate
def follows_up(user, screening):
    """The project's own staff and the national reviewers: they see and answer the companies."""
    return screening is not None and (is_reviewer(user) or prepares(user, screening))


@rules.predicate
def reads_interest(user, interest):
    return interest is not None and user.is_authenticated and (
        interest.company.account_id == user.pk or follows_up(user, interest.screening))


rules.add_perm("ppp.review", is_reviewer)
