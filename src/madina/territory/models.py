from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madina.core.models import Located


class Governorate(Located):
    """One of the 24 governorates (wilayas); joined to municipalities by name, not by the legacy codes."""

    slug = models.SlugField(_("identifiant"), max_length=64, unique=True)
    iso_code = models.CharField(_("code ISO 3166-2"), max_length=6, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    population = models.PositiveIntegerField(_("population municipale"), default=0)
    municipality_count = models.PositiveIntegerField(_("nombre de municipalités"), default=0)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("gouvernorat")
        verbose_name_plural = _("gouvernorats")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("territory:governorate_detail", kwargs={"slug": self.slug})


class MunicipalityState(models.TextChoices):
    OLD = "old", _("ancienne")
    EXTENDED = "extended", _("étendue")
    NEW = "new", _("nouvelle")


class Municipality(Located):
    """A municipality (baladiya) with its boundary; parts listed separately in the source are merged."""

    governorate = models.ForeignKey(
        Governorate, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("gouvernorat")
    )
    slug = models.SlugField(_("identifiant"), max_length=96, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    search_text = models.TextField(editable=False, default="", help_text="Normalised names in every language.")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(_("superficie (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    council_seats = models.PositiveSmallIntegerField(_("sièges au conseil"), null=True, blank=True)
    state = models.CharField(_("statut"), max_length=16, choices=MunicipalityState.choices, blank=True)
    delegation_code = models.CharField(_("code de délégation"), max_length=8, blank=True)
    source_parts = models.PositiveSmallIntegerField(_("parties fusionnées"), default=1)
    perimeter_count = models.PositiveIntegerField(_("nombre de périmètres"), default=0)
    image = models.ImageField(_("image"), upload_to="territory/pictures/%Y/", blank=True, db_default="")
    image_alt = models.CharField(
        _("description de l'image"), max_length=200, blank=True, db_default="",
        help_text=_("Ce que montre l'image, pour qui ne la voit pas ; le titre sinon."),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("municipalité")
        verbose_name_plural = _("municipalités")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("territory:municipality_detail", kwargs={"slug": self.slug})


class Perimeter(Located):
    """A smart-city perimeter: the part of a municipality where the programme's projects concentrate."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="perimeters", verbose_name=_("municipalité")
    )
    slug = models.SlugField(_("identifiant"), max_length=96, unique=True)
    name = models.CharField(_("nom"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    area_ha = models.DecimalField(_("superficie (ha)"), max_digits=12, decimal_places=2, default=0)
    is_approximate = models.BooleanField(
        _("tracé approximatif"), default=False, help_text=_("Le tracé est indicatif, pas un relevé officiel.")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("modifié par"),
    )

    class Meta(Located.Meta):
        verbose_name = _("périmètre smart city")
        verbose_name_plural = _("périmètres smart city")
        ordering = ["municipality__name", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("territory:perimeter_detail", kwargs={"slug": self.slug})
