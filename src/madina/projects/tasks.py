"""Background work: tell a project's followers that it moved, without making the person who moved it wait."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Follow, StageChange


@task()
def notify_followers_of_stage_change(change_id: int) -> int:
    """One e-mail per follower with an address, in the language they followed the project in; returns how many
    were sent."""
    change = StageChange.objects.select_related("project__municipality").filter(pk=change_id).first()
    if change is None:
        return 0
    recipients = list(
        Follow.objects.filter(project_id=change.project_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", "language")
    )
    if not recipients:
        return 0
    domain = Site.objects.get_current().domain
    context = {"change": change, "project": change.project, "url": f"https://{domain}{change.project.get_absolute_url()}"}
    written: dict[str, tuple[str, str]] = {}
    messages = []
    for email, language in recipients:
        if language not in written:
            with translation.override(language or settings.LANGUAGE_CODE):
                written[language] = (
                    render_to_string("projects/email/stage_change_subject.txt", context).strip(),
                    render_to_string("projects/email/stage_change.txt", context),
                )
        subject, body = written[language]
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return send_mass_mail(messages, fail_silently=False)
