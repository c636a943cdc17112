"""The indicators of quality of life: a catalogue (the U4SSC key performance indicators, national ones added by
organisers, Madina's own computed ones), the values of each place and year with their provenance and the history
of their corrections, targets, and the indicators a project means to move."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VALUE_DIGITS = 20
VALUE_PLACES = 6
FIRST_YEAR = 1990
"""Values before this are not what the programme measures; years after the current one are targets only."""


class Dimension(models.TextChoices):
    ECONOMY = "EC", _("Économie")
    ENVIRONMENT = "EN", _("Environnement")
    SOCIETY = "SC", _("Société et culture")
    PARTICIPATION = "MD", _("Participation et projets")


class Framework(models.TextChoices):
    U4SSC = "u4ssc", _("U4SSC (UIT)")
    NATIONAL = "national", _("national")
    COMPUTED = "computed", _("calculé par Madina")


class Tier(models.TextChoices):
    CORE = "C", _("essentiel")
    ADVANCED = "A", _("avancé")


class Indicator(models.Model):
    """One indicator of the catalogue. `code` is the U4SSC code (EC:I:ES:1C), an organiser's national code, or
    Madina's computed one (MDN:...): the key used by files, URLs and the API."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    definition = models.TextField(_("définition"), blank=True)
    framework = models.CharField(_("référentiel"), max_length=16, choices=Framework.choices)
    dimension = models.CharField(_("dimension"), max_length=2, choices=Dimension.choices)
    subdimension = models.CharField(_("sous-dimension"), max_length=8, blank=True)
    category = models.CharField(_("catégorie"), max_length=8, blank=True)
    tier = models.CharField(_("niveau"), max_length=1, choices=Tier.choices, blank=True)
    measures = models.CharField(
        _("mesures"), max_length=300, blank=True,
        help_text=_("Les mesures que le code regroupe, selon la source (PM 2.5; PM 10…)."),
    )
    unit = models.CharField(_("unité"), max_length=80, blank=True)
    higher_is_better = models.BooleanField(_("plus haut, c'est mieux"), null=True, blank=True)
    sdg_goals = models.CharField(_("objectifs de développement durable"), max_length=40, blank=True)
    sdg_targets = models.CharField(_("cibles des ODD"), max_length=80, blank=True)
    periodicity = models.CharField(_("périodicité"), max_length=40, blank=True)
    source_uri = models.URLField(_("source"), blank=True)
    order = models.PositiveIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        ordering = ["dimension", "order", "code"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("indicators:indicator", args=[self.code])

    @property
    def is_computed(self) -> bool:
        return self.framework == Framework.COMPUTED


class Level(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipalité")
    GOVERNORATE = "governorate", _("gouvernorat")
    NATION = "nation", _("nation")


class Confidence(models.TextChoices):
    MEASURED = "measured", _("mesuré")
    ESTIMATED = "estimated", _("estimé")
    DECLARED = "declared", _("déclaré")
    COMPUTED = "computed", _("calculé par Madina")


class Provenance(models.Model):
    """What a value says about itself: where it comes from, how it was obtained and how sure it is."""

    value = models.DecimalField(_("valeur"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    unit = models.CharField(_("unité"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    method = models.CharField(_("méthode"), max_length=300, blank=True)
    confidence = models.CharField(_("fiabilité"), max_length=16, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    illustrative = models.BooleanField(
        _("illustratif"), default=False, help_text=_("Valeur de démonstration, pas une mesure réelle.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("saisi par"),
    )
    entered_at = models.DateTimeField(_("saisi le"))

    class Meta:
        abstract = True

    PROVENANCE = ("value", "unit", "source", "method", "confidence", "note", "illustrative")


class Value(Provenance):
    """An indicator's value for one place (a municipality, a governorate or the nation) and one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    level = models.CharField(_("échelle"), max_length=16, choices=Level.choices)
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    governorate = models.ForeignKey(
        "territory.Governorate", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("année"))

    class Meta:
        verbose_name = _("valeur")
        verbose_name_plural = _("valeurs")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "municipality"], condition=Q(level="municipality"),
                name="one_value_per_municipality_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "governorate"], condition=Q(level="governorate"),
                name="one_value_per_governorate_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=Q(level="nation"), name="one_value_per_nation_year"
            ),
            models.CheckConstraint(
                condition=(
                    Q(level="municipality", municipality__isnull=False, governorate__isnull=True)
                    | Q(level="governorate", municipality__isnull=True, governorate__isnull=False)
                    | Q(level="nation", municipality__isnull=True, governorate__isnull=True)
                ),
                name="value_names_its_place",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "level", "year"], name="value_map"),
            models.Index(fields=["municipality", "indicator", "year"], name="value_by_municipality"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


class Revision(Provenance):
    """A value as it was before a correction: nothing entered is lost."""

    current = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="revisions")
    replaced_at = models.DateTimeField(_("remplacé le"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("version antérieure")
        verbose_name_plural = _("versions antérieures")

    def __str__(self):
        return f"{self.current_id} {self.value} ({self.replaced_at:%Y-%m-%d})"


class Target(models.Model):
    """What a municipality aims for on an indicator by a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.DecimalField(_("cible"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("cible")
        verbose_name_plural = _("cibles")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "municipality", "year"], name="one_target_per_year")
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.year}: {self.value}"


class ProjectIndicator(models.Model):
    """An indicator a catalogue project means to move, and by how much (in the indicator's unit)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="aimed_indicators")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="aimed_by")
    expected_change = models.DecimalField(
        _("changement attendu"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES
    )
    by_year = models.PositiveSmallIntegerField(_("d'ici"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("déclaré le"), auto_now=True)

    class Meta:
        verbose_name = _("indicateur visé par un projet")
        verbose_name_plural = _("indicateurs visés par des projets")
        constraints = [models.UniqueConstraint(fields=["project", "indicator"], name="one_aim_per_indicator")]

    def __str__(self):
        return f"{self.project_id} → {self.indicator_id}: {self.expected_change}"


class ComputationRun(models.Model):
    """When Madina last computed its own indicators, and what it wrote: the pages say how fresh they are."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    values_written = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}: {self.values_written}"
