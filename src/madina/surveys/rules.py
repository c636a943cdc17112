"""Who may answer, type paper forms, moderate and read a survey: participation's predicates on the survey's
process (`process_of` reads `survey.process`)."""

import rules

from madina.accounts.rules import is_signed_in
from madina.participation.rules import manages_process, moderates_process, process_is_published


@rules.predicate
def survey_is_open(user, survey) -> bool:
    return survey is not None and survey.process.is_published and survey.phase.is_current()


can_see = process_is_published | manages_process
can_answer = is_signed_in & survey_is_open
can_enter_paper_form = manages_process
can_moderate = moderates_process
can_manage = manages_process
