"""Companies and what they send: registration, expressions of interest with their documents, answers to a
market-sounding round; and the staff's answers and rounds. What a company sends is read by it and by the
project's staff and the national reviewers only (rules.reads_interest); sending is rate limited per account."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.accounts import services as accounts
from madina.accounts.rules import is_signed_in
from madina.core import audit, ratelimit
from madina.core.errors import Conflict, Invalid, NotAllowed
from madina.core.errors import check_fields as check
from madina.core.permissions import person, require
from madina.core.sanitize import has_words
from madina.core.uploads import DOCUMENT, check_upload

from . import tasks
from .models import FOR_INVESTORS, Company, Interest, InterestDocument, SoundingAnswer, SoundingRound
from .rules import follows_up

MESSAGE_MAX = 3000
MAX_DOCUMENTS = 3
MAX_QUESTIONS = 12
QUESTION_MAX = 500
COMPANY_FIELDS = ("name", "country", "sector", "contact_name", "contact_phone")


def _text(value, field: str, limit: int, empty: str) -> str:
    value = (value or "").strip()
    if not has_words(value):
        raise Invalid(empty, field=field)
    if len(value) > limit:
        raise Invalid(_("Ce texte tient en %(max)d caractères.") % {"max": limit}, field=field)
    return value


def company_of(user) -> Company | None:
    return Company.objects.filter(account_id=user.pk).first() if user.is_authenticated else None


def limit_sending(user) -> None:
    """Counted before the service's transaction, so that refused attempts count too."""
    if user.is_authenticated:
        ratelimit.limit(f"ppp:user:{user.pk}", settings.PPP_MESSAGE_RATE,
                          _("Vous avez envoyé %(count)d messages en %(minutes)d minutes : réessayez plus tard."))


def register_company(user, **fields) -> Company:
    """A signed-in account (its address verified at sign-up) registers its company, or corrects it. No transaction
    around it (its one write is atomic alone): a refused attempt must stay counted, as with Redis it would."""
    require(is_signed_in, user, None, _("Connectez-vous pour inscrire votre entreprise."))
    accounts.limit_account_changes(user)
    unknown = set(fields) - set(COMPANY_FIELDS)
    if unknown:
        raise Invalid(_("Champ inconnu : %(name)s.") % {"name": ", ".join(sorted(unknown))})
    company = company_of(user) or Company(account=user)
    for name, value in fields.items():
        setattr(company, name, value.strip() if isinstance(value, str) else value)
    for name in ("name", "country", "contact_name", "sector_id"):
        if not getattr(company, name, ""):
            raise Invalid(_("Ce champ est obligatoire."), field=name.removesuffix("_id"))
    check(company, *[f for f in fields if f != "sector"])
    company.save()
    return company


def _company_or_refuse(user) -> Company:
    company = company_of(user)
    if company is None:
        raise NotAllowed(_("Inscrivez d'abord votre entreprise."))
    return company


def express_interest(screening, user, message: str, uploads=()) -> Interest:
    limit_sending(user)
    return send_interest(screening, user, message, list(uploads))


@transaction.atomic
def send_interest(screening, user, message, uploads) -> Interest:
    """`express_interest` without the rate limit, for the demo loader."""
    company = _company_or_refuse(user)
    if screening.stage not in FOR_INVESTORS:
        raise NotAllowed(_("Ce projet n'est pas encore ouvert aux investisseurs."))
    message = _text(message, "message", MESSAGE_MAX, _("Écrivez un message à la municipalité."))
    if len(uploads) > MAX_DOCUMENTS:
        raise Invalid(_("Au plus %(max)d documents.") % {"max": MAX_DOCUMENTS}, field="upload")
    checked = [check_upload(upload, DOCUMENT) for upload in uploads]
    try:
        with transaction.atomic():
            interest = Interest.objects.create(screening=screening, company=company, message=message)
    except IntegrityError:
        raise Conflict(_("Votre entreprise a déjà manifesté son intérêt pour ce projet.")) from None
    for upload, ok in zip(uploads, checked, strict=True):
        InterestDocument(interest=interest).keep(upload, ok, save=True)
    transaction.on_commit(lambda: tasks.notify_interest.enqueue(interest.pk))
    return interest


@transaction.atomic
def answer_interest(interest, user, answer: str) -> Interest:
    require(follows_up, user, interest.screening,
            _("Seuls les agents de la municipalité et les examinateurs PPP répondent aux entreprises."))
    interest.answer = _text(answer, "answer", MESSAGE_MAX, _("Écrivez votre réponse."))
    interest.answered_by, interest.answered_at = person(user), timezone.now()
    interest.save(update_fields=["answer", "answered_by", "answered_at"])
    transaction.on_commit(lambda: tasks.notify_answer.enqueue(interest.pk))
    return interest


@transaction.atomic
def open_round(screening, user, *, title: str, deadline, questions: list[str]) -> SoundingRound:
    """A market-sounding round on a project open to investors: the questions every interested company answers."""
    require(follows_up, user, screening,
            _("Seuls les agents de la municipalité et les examinateurs PPP consultent le marché."))
    if screening.stage not in FOR_INVESTORS:
        raise NotAllowed(_("Ce projet n'est pas encore ouvert aux investisseurs."))
    title = _text(title, "title", 200, _("Donnez un titre à la consultation."))
    if deadline is None or deadline <= timezone.now():
        raise Invalid(_("La date limite doit être à venir."), field="deadline")
    questions = [q.strip() for q in questions if q and q.strip()]
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        raise Invalid(_("Posez entre 1 et %(max)d questions.") % {"max": MAX_QUESTIONS}, field="questions")
    if any(len(q) > QUESTION_MAX for q in questions):
        raise Invalid(_("Une question tient en %(max)d caractères.") % {"max": QUESTION_MAX}, field="questions")
    made = SoundingRound.objects.create(screening=screening, title=title, deadline=deadline, questions=questions,
                                        opened_by=person(user))
    audit.record("ppp.sounding_opened", user, municipality=screening.project.municipality, target=made.title,
                 questions=len(questions))
    transaction.on_commit(lambda: tasks.notify_round.enqueue(made.pk))
    return made


def answer_round(sounding, user, answers: list[str]) -> SoundingAnswer:
    limit_sending(user)
    return send_answers(sounding, user, list(answers))


@transaction.atomic
def send_answers(sounding, user, answers) -> SoundingAnswer:
    """`answer_round` without the rate limit, for the demo loader."""
    company = _company_or_refuse(user)
    if not Interest.objects.filter(screening_id=sounding.screening_id, company=company).exists():
        raise NotAllowed(_("Manifestez d'abord l'intérêt de votre entreprise pour ce projet."))
    if not sounding.is_open:
        raise NotAllowed(_("La consultation est close."))
    if len(answers) != len(sounding.questions):
        raise Invalid(_("Répondez à chaque question."), field="answers")
    answers = [_text(a, "answers", MESSAGE_MAX, _("Répondez à chaque question.")) for a in answers]
    made, _created = SoundingAnswer.objects.update_or_create(round=sounding, company=company,
                                                              defaults={"answers": answers})
    return made
