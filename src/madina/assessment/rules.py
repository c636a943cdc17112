"""Who may do what in a readiness campaign. Organisers are the programme's national reviewers: they open
campaigns and review; the staff of a municipality (and of its governorate) fill in its assessment."""

import rules

from madina.accounts.rules import is_organiser, is_signed_in, manages_municipality

from .models import State


@rules.predicate
def works_for(user, assessment) -> bool:
    return assessment is not None and manages_municipality(user, assessment.municipality)


@rules.predicate
def is_validated(user, assessment) -> bool:
    return assessment is not None and assessment.state == State.VALIDATED


can_open_campaign = is_organiser
can_review = is_organiser
can_fill = is_signed_in & works_for
can_read_answers = is_signed_in & (works_for | is_organiser)
can_see_result = is_validated | can_read_answers

rules.add_perm("assessment.open_campaign", can_open_campaign)
rules.add_perm("assessment.review", can_review)
rules.add_perm("assessment.fill", can_fill)
rules.add_perm("assessment.read_answers", can_read_answers)
