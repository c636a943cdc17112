"""E-mails of the PPP catalogue, each in its reader's language with links on the site's address: a company's
interest to the project's municipal staff and the national reviewers, their answer to the company, a
market-sounding round to every interested company, a review's decision to the staff member who submitted."""

from madina.accounts.models import Role, RoleAssignment
from madina.core import mail

from .models import Event, Interest, Reviewer, ScreeningEvent, SoundingRound

INTEREST = Interest.objects.select_related("company__account", "screening__project__municipality")


def _send(template: str, accounts, context: dict, key) -> int:
    """One e-mail per active account with an address, once each even when a person holds two roles."""
    seen = set()
    with mail.outbox() as box:
        for account in accounts:
            if account.is_active and account.email and account.pk not in seen:
                seen.add(account.pk)
                box.send(template, mail.recipient(account), context, key=key)
    return box.sent


def tell_of_interest(interest_id: int) -> int:
    interest = INTEREST.filter(pk=interest_id).first()
    if interest is None:
        return 0
    staff = RoleAssignment.objects.filter(role=Role.MUNICIPAL_STAFF,
                                          municipality_id=interest.screening.project.municipality_id)
    accounts = [a.user for a in staff.select_related("user").order_by("user_id")]
    accounts += [r.user for r in Reviewer.objects.select_related("user").order_by("user_id")]
    context = {"interest": interest, "company": interest.company, "project": interest.screening.project}
    return _send("ppp/email/interest", accounts, context, key=interest.pk)


def tell_company_of_answer(interest_id: int) -> int:
    interest = INTEREST.filter(pk=interest_id).first()
    if interest is None or not interest.answer:
        return 0
    context = {"interest": interest, "project": interest.screening.project}
    return _send("ppp/email/answer", [interest.company.account], context, key=interest.pk)


def tell_of_round(round_id: int) -> int:
    """Every company that expressed interest in the project is asked its questions."""
    sounding = SoundingRound.objects.select_related("screening__project__municipality").filter(pk=round_id).first()
    if sounding is None:
        return 0
    companies = (Interest.objects.filter(screening_id=sounding.screening_id).select_related("company__account")
                 .order_by("company_id"))
    context = {"round": sounding, "project": sounding.screening.project}
    return _send("ppp/email/round", [i.company.account for i in companies], context, key=sounding.pk)


def tell_of_decision(event_id: int) -> int:
    """The decision reaches whoever submitted what was decided (the last submission before it)."""
    event = (ScreeningEvent.objects.select_related("screening__project__municipality").filter(pk=event_id)
             .exclude(kind=Event.SUBMITTED).first())
    if event is None:
        return 0
    submission = (ScreeningEvent.objects.filter(screening_id=event.screening_id, kind=Event.SUBMITTED,
                                                made_at__lte=event.made_at, pk__lt=event.pk)
                  .select_related("made_by").order_by("-made_at", "-pk").first())
    if submission is None or submission.made_by is None:
        return 0
    context = {"event": event, "project": event.screening.project, "screening": event.screening}
    return _send("ppp/email/decision", [submission.made_by], context, key=event.pk)
