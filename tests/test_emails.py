"""Every kind of e-mail Madina sends, read from the outbox: links on the site's own address, each in the language of
its recipient (tests/mail_checks.py). The suite also checks every e-mail any other test sends (tests/conftest.py).
"""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from madina.budgeting import services as budgeting
from madina.caravan import services as caravan
from madina.caravan.models import Edition, Sector, Stop
from madina.core.permissions import OPERATOR
from madina.participation import services as participation
from madina.participation.phases import PhaseKind
from madina.projects import services as projects
from madina.projects.models import Intervention, Origin, Stage
from tests.budgeting.conftest import (  # noqa: F401  (fixtures)
    CENSUS,
    _fast_hashing_and_immediate_tasks,
    budget,
    close_vote,
    eligible,
    gabes,
    ids,
    open_process,
    people,
    sector,
    sfax,
)
from tests.mail_checks import problems
from tests.participation.conftest import INSIDE, PASSWORD, set_phase

SITE = "https://madina.example.tn"


@pytest.fixture
def languages(people):  # noqa: F811 (the fixture imported above)
    """A citizen reading Arabic, another English, the staff French."""
    for who, language in (("citizen", "ar"), ("other_citizen", "en")):
        people[who].language = language
        people[who].save(update_fields=["language"])
    return people


def test_every_kind_of_email_is_absolute_and_in_its_recipients_language(
    client, budget, languages, sector, settings, django_capture_on_commit_callbacks,  # noqa: F811
):
    settings.MADINA_SITE_URL, settings.MADINA_SITE_DOMAIN = SITE, "madina.example.tn"
    staff, citizen, other = languages["municipal_staff"], languages["citizen"], languages["other_citizen"]
    with django_capture_on_commit_callbacks(execute=True):
        # Accounts: a sign-up from an Arabic page, a password reset for an English reader.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
        client.post(reverse("account_signup"), {"email": "nour@example.tn", "display_name": "نور",
                                                "password1": PASSWORD, "password2": PASSWORD})
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        client.post(reverse("account_reset_password"), {"email": other.email})

        # Caravan: confirmed in English, waitlisted in Arabic, then promoted when the first cancels.
        start = timezone.localdate() + dt.timedelta(days=10)
        edition = Edition.objects.create(slug="sud-2030", name_fr="Caravane du sud", start_date=start,
                                         end_date=start, is_published=True)
        stop = Stop.objects.create(edition=edition, order=1, name_fr="Gabès", name_ar="قابس", date=start,
                                   latitude=Decimal("33.88"), longitude=Decimal("10.10"), capacity=1)
        first = caravan.register(stop, name="Sami", email="sami@example.tn", sector=Sector.MEDIA, language="en")
        caravan.register(stop, name="نور", email="nour.caravane@example.tn", sector=Sector.CITIZEN, language="ar")
        caravan.cancel_registration(first)

        # The catalogue: a follower reading Arabic hears of a stage change.
        project = projects.create_project(
            staff, title_fr="Ombrières solaires", title_ar="مظلات شمسية", municipality=budget.process.municipality,
            sector=sector, intervention=Intervention.CITY_WIDE, origin=Origin.MUNICIPAL_PLAN,
        )
        projects.follow(project, citizen)
        projects.transition(project, Stage.QUALIFIED, staff, "Retenu.")

        # Participation: a reply, an official answer, a phase that starts.
        process = open_process(budget.process.municipality, slug="gabes-ombre")
        proposal = participation.create_proposal(process, citizen, title="De l'ombre au marché", body="<p>x</p>",
                                                 sector=sector, latitude=INSIDE[0], longitude=INSIDE[1])
        comment = participation.comment(proposal, other, "Bonne idée ?")
        process = set_phase(process, PhaseKind.DEBATE)
        proposal.process = process
        participation.reply(comment, citizen, "Oui.")
        participation.answer_proposal(proposal, staff, "evaluating", "À l'étude.")
        participation.follow(process, other)
        phase = process.phases.get()
        participation.add_phase(process, OPERATOR, PhaseKind.SUPPORTS, phase.ends_at, phase.ends_at + timedelta(days=3))
        type(phase).objects.filter(pk=phase.pk).update(ends_at=timezone.now())
        participation.add_phase(process, OPERATOR, PhaseKind.FOLLOW_UP, timezone.now(), phase.ends_at)

        # Budgeting: the voters hear of the results.
        budgeting.cast_ballot(budget, eligible(budget, citizen, CENSUS[0]), ids(budget, budget.projects.first().title))
        budgeting.request_count(close_vote(budget), staff)

    received = [(m.to[0], m.extra_headers["Content-Language"], m.subject) for m in mail.outbox]
    assert received == [
        ("nour@example.tn", "ar", "[Madina] أكد عنوان البريد الإلكتروني"),  # sign-up, from an Arabic page
        ("karim@example.tn", "en", "[Madina] Password Reset Email"),
        ("sami@example.tn", "en", "[Madina] Confirm your registration: caravan in Gabès"),
        ("nour.caravane@example.tn", "ar", "[Madina] قائمة الانتظار: القافلة في قابس"),
        ("nour.caravane@example.tn", "ar", "[Madina] شغر مكان: القافلة في قابس"),
        ("amel@example.tn", "ar", "[Madina] مظلات شمسية: مؤهَّل"),
        ("karim@example.tn", "en", "[Madina] Reply to your comment"),
        ("amel@example.tn", "ar", "[Madina] رد رسمي على مقترح"),
        ("karim@example.tn", "en", "[Madina] A new phase is starting"),
        ("amel@example.tn", "ar", "[Madina] تبدأ مرحلة جديدة"),
        ("amel@example.tn", "ar", "[Madina] نتائج الميزانية التشاركية"),
    ]
    for message in mail.outbox:
        assert problems(message) == [], message.subject
        assert SITE + "/" in message.body, message.subject  # every one links to the site
        assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_the_check_itself_catches_what_it_is_for(people, settings):  # noqa: F811
    """A relative link, another host, a wrong language, a missing language are each reported."""
    people["citizen"].language = "ar"
    people["citizen"].save(update_fields=["language"])
    wrong = EmailMessage("Sujet", "Voir /participer/propositions/5/ et http://example.com/x", to=["amel@example.tn"],
                         headers={"Content-Language": "fr"})
    found = " ".join(problems(wrong))
    assert "relative link" in found and "example.com" in found and "their language is 'ar'" in found
    assert "no Content-Language" in " ".join(problems(EmailMessage("Sujet", "Texte", to=["x@example.tn"])))
    arabic_without_arabic = EmailMessage("Subject", "Text", to=["x@example.tn"], headers={"Content-Language": "ar"})
    assert "no Arabic letter" in " ".join(problems(arabic_without_arabic))
