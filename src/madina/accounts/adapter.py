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
        with the platform's name and address."""
        account = User.objects.filter(email__iexact=email).only("language").first()
        language = account.language if account else mail.language_of(translation.get_language())
        mail.send(template_prefix, mail.Recipient(email, language), {**context, "current_site": _SITE})

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return mail.absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return mail.absolute_url(super().get_reset_password_from_key_url(key))

    def send_account_already_exists_mail(self, email: str) -> None:
        self.send_mail("account/email/account_already_exists", email, {
            "signup_url": mail.absolute_url(reverse("account_signup")),
            "password_reset_url": mail.absolute_url(reverse("account_reset_password")),
        })


class _Site:
    """What allauth's e-mail templates call the site (`current_site.name`, `current_site.domain`)."""

    name = "Madina"

    @property
    def domain(self) -> str:
        return settings.MADINA_SITE_DOMAIN


_SITE = _Site()
