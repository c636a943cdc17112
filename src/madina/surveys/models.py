"""Citizen surveys: a questionnaire (questionnaires app) asked during a phase of a participation process. One
answer per person online, or per paper form (its number) typed by the municipality's staff. Free-text answers
are kept apart and shown only once a moderator publishes them.

Participation's phase kinds are a choices list (a new "survey" kind needs a participation migration): a survey
hangs on any phase of its process and is open while that phase runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=64, unique=True)
    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE, related_name="surveys",
                                verbose_name=_("concertation"))
    phase = models.ForeignKey("participation.Phase", on_delete=models.PROTECT, related_name="surveys",
                              verbose_name=_("phase"), help_text=_("L'enquête est ouverte pendant cette phase."))
    questionnaire = models.ForeignKey("questionnaires.Questionnaire", on_delete=models.PROTECT,
                                      related_name="surveys", verbose_name=_("questionnaire"))
    response_count = models.PositiveIntegerField(_("réponses"), default=0, editable=False)

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")

    def __str__(self):
        return str(self.questionnaire.title)

    def get_absolute_url(self):
        return reverse("surveys:survey", kwargs={"slug": self.slug})


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    paper_form = models.CharField(_("numéro du formulaire papier"), max_length=40, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    answers = models.JSONField(default=dict, help_text="Choices, levels and numbers; free texts are in Text.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], condition=Q(respondent__isnull=False),
                                    name="one_answer_per_person"),
            models.UniqueConstraint(fields=["survey", "paper_form"], condition=~Q(paper_form=""),
                                    name="one_answer_per_paper_form"),
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class TextState(models.TextChoices):
    PENDING = "pending", _("à modérer")
    PUBLISHED = "published", _("publié")
    HIDDEN = "hidden", _("masqué")


class Text(models.Model):
    """A free-text answer, published only after moderation."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="texts")
    question = models.SlugField(max_length=40)
    body = models.TextField(_("texte"))
    state = models.CharField(_("état"), max_length=16, choices=TextState.choices, default=TextState.PENDING)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["state"], name="survey_text_state")]

    def __str__(self):
        return self.body[:60]
