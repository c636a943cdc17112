"""Readiness campaigns: an organiser invites municipalities (those of a caravan edition's stops, or a list) to
answer a maturity questionnaire; their staff fill it in and submit it with evidence; national reviewers
(organisers) comment, ask for changes or validate. Scores and the verdict are stored when an assessment is
submitted, so that lists and the national comparison read them without recomputing."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SCORE = {"max_digits": 3, "decimal_places": 2, "validators": [MinValueValidator(1), MaxValueValidator(5)]}


class Campaign(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=64, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    questionnaire = models.ForeignKey("questionnaires.Questionnaire", on_delete=models.PROTECT,
                                      related_name="campaigns", verbose_name=_("questionnaire"))
    edition = models.ForeignKey("caravan.Edition", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="readiness_campaigns", verbose_name=_("édition de la caravane"))
    closes_on = models.DateField(_("date limite"))
    threshold = models.DecimalField(_("seuil du score global"), default=3, **SCORE)
    floor = models.DecimalField(_("plancher par dimension"), default=2, **SCORE)
    margin = models.DecimalField(
        _("marge sous le plancher"), max_digits=3, decimal_places=2, default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(4)],
        help_text=_("Une dimension sous le plancher d'au plus cette marge rend éligible sous conditions."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("ouverte par"))
    created_at = models.DateTimeField(_("ouverte le"), auto_now_add=True)

    class Meta:
        verbose_name = _("campagne d'évaluation")
        verbose_name_plural = _("campagnes d'évaluation")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessment:campaign", kwargs={"slug": self.slug})


class State(models.TextChoices):
    INVITED = "invited", _("invitée")
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("soumise")
    CHANGES_REQUESTED = "changes", _("modifications demandées")
    VALIDATED = "validated", _("validée")


EDITABLE = (State.INVITED, State.DRAFT, State.CHANGES_REQUESTED)


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("éligible")
    CONDITIONAL = "conditional", _("éligible sous conditions")
    NOT_YET = "not_yet", _("pas encore")


class Assessment(models.Model):
    """One municipality's answers to one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assessments",
                                 verbose_name=_("campagne"))
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.PROTECT,
                                     related_name="readiness_assessments", verbose_name=_("municipalité"))
    state = models.CharField(_("état"), max_length=16, choices=State.choices, default=State.INVITED)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    notes = models.JSONField(_("explications"), default=dict, blank=True)
    overall = models.DecimalField(_("score global"), null=True, blank=True, **SCORE)
    scores = models.JSONField(_("scores par dimension"), default=dict, blank=True,
                              help_text="{dimension code: score as a string, or null}")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["campaign", "municipality__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "municipality"], name="one_assessment_per_place")]
        indexes = [models.Index(fields=["municipality", "state"], name="assessment_by_place")]

    def __str__(self):
        return f"{self.campaign} · {self.municipality}"

    def get_absolute_url(self):
        return reverse("assessment:assessment", kwargs={"slug": self.campaign.slug, "place": self.municipality.slug})

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence",
                                   verbose_name=_("évaluation"))
    question = models.SlugField(_("question"), max_length=40)
    file = models.FileField(_("fichier"), upload_to="assessment/%Y/%m/", max_length=200)
    name = models.CharField(_("nom"), max_length=200)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("déposé par"))
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("justificatif")
        verbose_name_plural = _("justificatifs")
        ordering = ["question", "uploaded_at"]

    def __str__(self):
        return self.name


class Step(models.TextChoices):
    COMMENT = "comment", _("commentaire")
    SUBMITTED = "submitted", _("soumission")
    CHANGES_REQUESTED = "changes", _("modifications demandées")
    VALIDATED = "validated", _("validation")


class Review(models.Model):
    """The conversation on an assessment: reviewers' comments and decisions, and the municipality's submissions."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews",
                                   verbose_name=_("évaluation"))
    step = models.CharField(_("étape"), max_length=16, choices=Step.choices)
    question = models.SlugField(_("question"), max_length=40, blank=True)
    body = models.TextField(_("texte"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("auteur"))
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("échange de revue")
        verbose_name_plural = _("échanges de revue")
        ordering = ["assessment", "created_at", "pk"]
        constraints = [models.CheckConstraint(name="review_has_text_or_decision",
                                              condition=~Q(step="comment") | ~Q(body=""))]

    def __str__(self):
        return f"{self.get_step_display()} · {self.assessment}"
