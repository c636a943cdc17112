"""Writes of participatory budgeting: one function per use case, each in one transaction, in four modules
(setting a budget up, who may vote, ballots, guesses held back). Services check permissions themselves
(core.permissions.require with rules.py), so the pages and the API cannot disagree; they refuse with core.errors.
The count itself runs in the background worker (counting.py)."""

from .ballots import (
    ballot_of,
    cast_ballot,
    enter_paper_ballot,
    my_ballot,
    online_voter_key,
    request_count,
    validate_choices,
)
from .eligibility import CensusReport, claim_census_entry, generate_codes, upload_census
from .lockouts import resume_checks, unlock
from .setup import (
    add_catalogue_project,
    add_proposal,
    create_budget,
    edit_budget,
    is_open_for_changes,
    keep_vote_phase,
    remove_project,
)

__all__ = [
    "CensusReport", "add_catalogue_project", "add_proposal", "ballot_of", "cast_ballot", "claim_census_entry",
    "create_budget", "edit_budget", "enter_paper_ballot", "generate_codes", "is_open_for_changes",
    "keep_vote_phase", "my_ballot", "online_voter_key", "remove_project", "request_count", "resume_checks", "unlock",
    "upload_census", "validate_choices",
]
