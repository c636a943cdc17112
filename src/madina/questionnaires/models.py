"""Questionnaires shared by the readiness assessment and citizen surveys: versioned, in dimensions, each question of
one kind (kinds.py says what each accepts). A version that has answers is frozen: a change is a new version, so
that an answer always reads against the questions it answered."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    ASSESSMENT = "assessment", _("évaluation de la maturité")
    SURVEY = "survey", _("enquête citoyenne")


class Kind(models.TextChoices):
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiple")
    SCALE = "scale", _("échelle de 1 à 5")
    NUMBER = "number", _("nombre")
    SHORT_TEXT = "short_text", _("texte court")
    LONG_TEXT = "long_text", _("texte long")
    RANKING = "ranking", _("classement")


class Questionnaire(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    purpose = models.CharField(_("usage"), max_length=16, choices=Purpose.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="one_questionnaire_version")]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class Dimension(models.Model):
    """A group of questions scored together (strategy and governance, digital infrastructure...)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="dimensions",
                                      verbose_name=_("questionnaire"))
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["questionnaire", "order"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="one_dimension_code")]

    def __str__(self):
        return self.title


class Question(models.Model):
    """A question's code names its answer in every answer set: unique in its questionnaire."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions",
                                      verbose_name=_("questionnaire"))
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="questions",
                                  verbose_name=_("dimension"))
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help = models.TextField(_("aide"), blank=True)
    evidence = models.CharField(_("justificatifs attendus"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)
    required = models.BooleanField(_("obligatoire"), default=True)
    minimum = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["dimension__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="one_question_code"),
            models.CheckConstraint(name="question_bounds_in_order",
                                   condition=Q(minimum__isnull=True) | Q(maximum__isnull=True)
                                   | Q(maximum__gte=models.F("minimum"))),
        ]

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices",
                                 verbose_name=_("question"))
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("libellé"), max_length=200)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["question", "order"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="one_choice_code")]

    def __str__(self):
        return self.label


class Level(models.Model):
    """What maturity level 1 to 5 means for one assessment question, so that two municipalities answer alike."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="levels",
                                 verbose_name=_("question"))
    level = models.PositiveSmallIntegerField(_("niveau"))
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        verbose_name = _("niveau de maturité")
        verbose_name_plural = _("niveaux de maturité")
        ordering = ["question", "level"]
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="one_level_per_question"),
            models.CheckConstraint(name="level_1_to_5", condition=Q(level__gte=1, level__lte=5)),
        ]

    def __str__(self):
        return f"{self.level}. {self.description}"
