from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Edition(models.Model):
    """One caravan tour (the 2020 one was the 2nd edition: 20 cities in 8 days)."""

    slug = models.SlugField(_("identifiant"), max_length=64, unique=True)
    number = models.PositiveSmallIntegerField(_("numéro d'édition"), null=True, blank=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("premier jour"))
    end_date = models.DateField(_("dernier jour"))
    is_published = models.BooleanField(_("publiée"), default=False)
    stop_count = models.PositiveSmallIntegerField(_("nombre d'étapes"), default=0, editable=False)
    days_are_estimated = models.BooleanField(
        _("jours estimés"),
        default=False,
        help_text=_("Le jour de chaque étape n'a pas été publié : il est réparti dans l'ordre annoncé."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("édition de la caravane")
        verbose_name_plural = _("éditions de la caravane")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(name="edition_dates_in_order", condition=models.Q(end_date__gte=models.F("start_date")))
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("caravan:edition_detail", kwargs={"slug": self.slug})

    @property
    def day_count(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Stop(models.Model):
    """A city the caravan visits; its position is the town, not the centroid of the municipality polygon."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="stops", verbose_name=_("édition"))
    order = models.PositiveSmallIntegerField(_("ordre"))
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="caravan_stops",
        verbose_name=_("municipalité"),
    )
    governorate = models.ForeignKey(
        "territory.Governorate", on_delete=models.PROTECT, null=True, blank=True, related_name="caravan_stops",
        verbose_name=_("gouvernorat"),
    )
    governorate_name = models.CharField(
        _("gouvernorat (source)"), max_length=120, blank=True,
        help_text=_("Le gouvernorat tel que la source l'écrit, montré tant que le territoire n'est pas chargé."),
    )
    name = models.CharField(_("nom"), max_length=160)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    date = models.DateField(_("jour"), null=True, blank=True)
    starts_at = models.TimeField(_("début"), null=True, blank=True)
    ends_at = models.TimeField(_("fin"), null=True, blank=True)
    venue = models.CharField(_("lieu"), max_length=200, blank=True)
    geonames_id = models.PositiveIntegerField(_("identifiant GeoNames"), null=True, blank=True)
    position_note = models.CharField(_("note sur la position"), max_length=300, blank=True)
    position_is_approximate = models.BooleanField(
        _("position approximative"), default=False,
        help_text=_("La position n'est pas celle de la ville (par exemple le centre d'une île)."),
    )

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["edition", "order"]
        constraints = [models.UniqueConstraint(fields=["edition", "order"], name="stop_unique_order_in_edition")]

    def __str__(self):
        return f"{self.order}. {self.name}"

    def get_absolute_url(self):
        return reverse("caravan:stop_detail", kwargs={"slug": self.edition.slug, "order": self.order})

    @property
    def governorate_label(self) -> str:
        """The linked governorate's name in the current language, else the name the source gave."""
        return self.governorate.name if self.governorate_id else self.governorate_name

    @property
    def day_number(self) -> int | None:
        """1 for the edition's first day; None for a stop with no date."""
        return (self.date - self.edition.start_date).days + 1 if self.date else None
