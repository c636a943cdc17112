"""How django-allauth talks to people on Madina's behalf: through core.mail, like every other e-mail."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from madina.core import mail

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new account keeps the language of the page it signed up on: Madina writes to it in that language."""
        user.language = mail.language_of(translation.get_language())
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """In the language of the account with this address (the page's for an address with no account yet),
        with the platform's name; allauth's links (built from the request's host) are put on the site's own
        address."""
        account = User.objects.filter(email__iexact=email).only("language").first()
        language = account.language if account else mail.language_of(translation.get_language())
        links = {key: mail.absolute_url(value) for key, value in context.items()
                 if key.endswith("_url") and isinstance(value, str)}
        mail.send(template_prefix, mail.Recipient(email, language), {**context, **links, "current_site": _SITE})

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """allauth counts failed logins per account under the request's host name, port included: each name the
        site answers to (or each app server's port) would grant five more guesses. Counted under the site's one
        domain instead (tests/accounts/test_flows.py and tests/core/test_scale_out.py hold this)."""
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{settings.MADINA_SITE_DOMAIN}:{login}"

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """Built without a request: the admin and background work send confirmations too."""
        return mail.absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))


class _Site:
    """What allauth's e-mail templates call the site (`current_site.name`, `current_site.domain`)."""

    name = "Madina"

    @property
    def domain(self) -> str:
        return settings.MADINA_SITE_DOMAIN


_SITE = _Site()
