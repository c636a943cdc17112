"""Background work of the caravan: planning a tour (seconds to a minute) and the registration e-mails."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from . import services
from .models import Registration


@task()
def run_plan(run_id: int) -> str:
    return services.execute_plan_run(run_id)


@task()
def send_registration_email(registration_id: int, kind: str) -> int:
    """kind: 'confirmed', 'waitlisted' or 'promoted' (a place freed up). In the language the person used."""
    registration = Registration.objects.select_related("stop__edition").filter(pk=registration_id).first()
    if registration is None:
        return 0
    domain = Site.objects.get_current().domain
    scheme = "http" if settings.DEBUG else "https"
    language = registration.language if registration.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        stop = registration.stop
        context = {
            "registration": registration,
            "stop": stop,
            "edition": stop.edition,
            "kind": kind,
            "stop_url": f"{scheme}://{domain}{stop.get_absolute_url()}",
            "cancel_url": f"{scheme}://{domain}"
            + reverse("caravan:cancel_registration", kwargs={"token": registration.token}),
        }
        subject = render_to_string("caravan/email/registration_subject.txt", context).strip()
        body = render_to_string("caravan/email/registration.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
