"""The refusals every service raises, so that a page and the API answer the same refusal the same way.

A service checks before it writes and raises one of these with a message written for the person who tried,
already in their language; pages show it next to the field it names, the API answers with its status and the
one error schema (core.api). Nothing is written when one is raised: services run in a transaction.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ServiceError(Exception):
    """A refusal with a message ready to show; `field` names the form field it is about, if any."""

    status = 400

    def __init__(self, message=None, *, field: str | None = None, errors: dict[str, list] | None = None):
        self.errors = {key: [str(m) for m in messages] for key, messages in (errors or {}).items()}
        if message is not None:
            self.errors.setdefault(field or NON_FIELD_ERRORS, []).insert(0, str(message))
        self.field = field
        self.message = " ".join(m for messages in self.errors.values() for m in messages)
        super().__init__(self.message)


class NotAllowed(ServiceError):
    """The person's role, or the moment (a phase, a closed vote), does not allow this action."""

    status = 403


class NotFound(ServiceError):
    """What the action names does not exist (or is not visible to this person)."""

    status = 404


class Invalid(ServiceError):
    """A value that cannot be used: outside the municipality, over the budget, a malformed file line."""

    status = 422


class Conflict(ServiceError):
    """The action collides with what is already there: an address already registered, a count already run."""

    status = 409


class RateLimited(ServiceError):
    """Too many actions of one person in a short time."""

    status = 429


def invalid_from(error: ValidationError) -> Invalid:
    """Django's model validation (full_clean, a field's validators) as the services' own Invalid."""
    if hasattr(error, "error_dict"):
        return Invalid(errors=error.message_dict)
    return Invalid(errors={NON_FIELD_ERRORS: error.messages})


def full_clean(instance, **options) -> None:
    """`instance.full_clean()`, refusing with Invalid (by field) instead of Django's ValidationError."""
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        raise invalid_from(error) from error


def check_fields(instance, *names: str) -> None:
    """Only the named fields of `instance` checked against their model field (length, digits, bounds, null), as
    full_clean checks them but without its queries: a service calls it on what a person typed, so that a value
    the column cannot hold is a refusal on its field and never reaches the database."""
    exclude = [field.name for field in instance._meta.concrete_fields if field.name not in names]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        raise invalid_from(error) from error
