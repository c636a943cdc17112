"""Background work: the count (madina.pb can take seconds on a large vote) and the "results are out" e-mails."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from madina.accounts.models import User

from . import services
from .models import Budget


@task()
def count_budget(budget_id: int) -> list[str]:
    return services.count(budget_id)["selected"]


@task()
def send_results_emails(budget_id: int, user_ids: list[int]) -> int:
    budget = Budget.objects.select_related("process").get(pk=budget_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"budget": budget, "site_url": getattr(settings, "MADINA_SITE_URL", "")}
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + render_to_string(
            "budgeting/email/results_subject.txt", context).strip()
        body = render_to_string("budgeting/email/results_body.txt", context)
    emails = User.objects.filter(pk__in=user_ids, is_active=True).values_list("email", flat=True)
    return send_mass_mail([(subject, body, None, [email]) for email in emails])
