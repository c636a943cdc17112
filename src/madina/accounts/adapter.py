"""How django-allauth talks to people on Madina's behalf."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.contrib.sites.requests import RequestSite


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, ctx: dict) -> None:
        """Mails greet with the platform's name and the address the person used, not the Sites framework's
        placeholder row (example.com), which nobody keeps up to date on a fresh install."""
        request = context.request
        if request is not None and "current_site" not in ctx:
            site = RequestSite(request)
            site.name = "Madina"
            ctx = {**ctx, "current_site": site}
        super().send_mail(template_prefix, email, ctx)
