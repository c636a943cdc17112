"""Errors the services raise; their message is written for the person who tried, ready to show on the page."""


class ParticipationError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class NotAllowed(ParticipationError):
    """The phase or the person's role does not allow this action now."""


class RateLimited(ParticipationError):
    """Too many posts in a short time."""


class InvalidInput(ParticipationError):
    """A value the form or the API should have refused (a place outside the municipality, a reply to a reply)."""
