"""Participation settings with their defaults, so a deployment tunes them in settings.py without code changes."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


def edit_window() -> timedelta:
    """How long after publishing its author may still change a proposal (supports given to it stay honest)."""
    return timedelta(minutes=getattr(settings, "PARTICIPATION_EDIT_WINDOW_MINUTES", 24 * 60))


def auto_hide_reports() -> int:
    """Reports from distinct people after which content is hidden until a moderator looks at it."""
    return getattr(settings, "PARTICIPATION_AUTO_HIDE_REPORTS", 3)


def proposal_limit() -> Limit:
    count, minutes = getattr(settings, "PARTICIPATION_PROPOSAL_RATE", (5, 60))
    return Limit(count, timedelta(minutes=minutes))


def comment_limit() -> Limit:
    count, minutes = getattr(settings, "PARTICIPATION_COMMENT_RATE", (10, 10))
    return Limit(count, timedelta(minutes=minutes))


def max_images() -> int:
    return getattr(settings, "PARTICIPATION_MAX_IMAGES", 3)


def max_image_bytes() -> int:
    return getattr(settings, "PARTICIPATION_MAX_IMAGE_BYTES", 5 * 1024 * 1024)


def page_size() -> int:
    return getattr(settings, "PARTICIPATION_PAGE_SIZE", 20)
