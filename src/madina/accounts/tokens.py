"""Personal API tokens: integrations write through the API without a browser session (and so without a CSRF
token), as their owner, within the token's scope.

`Authorization: Bearer mdn_…`. A token is made with `services.create_token`, shown once, stored as its SHA-256
digest; it is refused once expired or revoked, for an inactive account, or for a write with a read-only scope.
Every API operation that needs a person takes `auth=API_AUTH`: the token first, else the session (with CSRF).
"""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from madina.core.errors import NotAllowed

from .models import ApiToken, TokenScope

PREFIX = "mdn_"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenAuth(HttpBearer):
    """Answers None (401 through ninja) for an unknown, expired or revoked token; a read-only token on a write
    is refused with 403 before the write reaches its service."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token.startswith(PREFIX) or len(token) > 100:
            return None
        now = timezone.now()
        found = (ApiToken.objects.select_related("user")
                 .filter(digest=digest(token), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
                 .first())
        if found is None:
            return None
        if request.method not in SAFE_METHODS and found.scope != TokenScope.WRITE:
            raise NotAllowed(_("Ce jeton ne permet que la lecture : créez-en un pour l'écriture."))
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)  # at most once a minute per token
        request.user = found.user
        return found.user


API_AUTH = [TokenAuth(), django_auth]
