"""Errors the services raise; the message is written for the person who tried, ready to show on the page."""

from madina.core.errors import ServiceError


class BudgetingError(ServiceError):
    pass


class NotAllowed(BudgetingError):
    """The phase, the person's role or their eligibility does not allow this now."""


class InvalidBallot(BudgetingError):
    """A ballot the rules of the budget refuse (over budget, too many or too few projects, unknown project)."""


class InvalidInput(BudgetingError):
    """A census file, a code or a setting that cannot be used."""
