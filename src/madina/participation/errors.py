"""Errors the services raise; their message is written for the person who tried, ready to show on the page."""

from madina.core.errors import ServiceError


class ParticipationError(ServiceError):
    pass


class NotAllowed(ParticipationError):
    """The phase or the person's role does not allow this action now."""


class RateLimited(ParticipationError):
    """Too many posts in a short time."""


class InvalidInput(ParticipationError):
    """A value the form or the API should have refused (a place outside the municipality, a reply to a reply)."""
