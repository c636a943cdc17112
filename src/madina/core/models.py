"""Abstract models that several apps share."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape

from .geo import bounds_of, to_geojson


class Located(models.Model):
    """A place stored as GeoJSON with an indexed bounding box, so "what is here?" is a cheap range query."""

    geometry = models.JSONField(_("géométrie (GeoJSON)"), null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="%(app_label)s_%(class)s_bbox"
            ),
        ]

    def set_geometry(self, geom) -> None:
        """Store a shapely geometry and the bounding box derived from it."""
        self.geometry = to_geojson(geom)
        b = bounds_of(geom)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = b.min_lon, b.min_lat, b.max_lon, b.max_lat

    @property
    def shape(self):
        return shape(self.geometry) if self.geometry else None


def without_boundaries(*relations: str) -> list[str]:
    """For `.defer()`: the boundary of each related place. A page that names a place rarely draws it, and a
    boundary is a large GeoJSON decoded row by row: on the catalogue it cost more than the rest of the page
    (bench/load.py, docs/load.md)."""
    return [f"{relation}__geometry" for relation in relations]


class PersonLink(models.Model):
    """One person's tie to one thing they follow, support or endorse, stored once (each subclass declares the
    unique constraint on its thing and the person); the thing's stored count is kept by its service."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    linked: str  # the name of the field holding the thing

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.user} → {getattr(self, self.linked)}"


class CheckedFile(models.Model):
    """A file people uploaded, kept with the type and size `core.uploads.check_upload` found in its content (the
    extension alone proves nothing). Each subclass declares its `file` field, with its own folder."""

    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    def keep(self, upload, checked, *, save: bool) -> None:
        """Store the upload under its own name (its last 120 characters: a path sent as a name is cut at the last
        slash) with what the check found."""
        self.content_type, self.size = checked.content_type, checked.size
        self.file.save(upload.name.rsplit("/", 1)[-1][-120:], upload, save=save)


def joined_without_geometry(rows, *paths: str):
    """`rows.select_related(*paths)` that reads no GeoJSON of the places it joins (Located rows on the paths).

    A boundary is kilobytes of JSON parsed for every row read, and a joined place is only named or linked: maps
    fetch boundaries from the GeoJSON endpoints. Whether the rows' own geometry is read stays the caller's choice.
    """
    deferred = []
    for path in paths:
        model, prefix = rows.model, ""
        for name in path.split("__"):
            model, prefix = model._meta.get_field(name).related_model, f"{prefix}{name}__"
            if issubclass(model, Located):
                deferred.append(f"{prefix}geometry")
    return rows.select_related(*paths).defer(*deferred)


class WorkerHeartbeat(models.Model):
    """A background worker says it is alive (core.health): /health/ready reports how long ago the last one did."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class RateCounter(models.Model):
    """One rate limit's count in its current window (core.ratelimit), when no Redis holds them."""

    name = models.CharField(max_length=200, primary_key=True)
    window_ends = models.BigIntegerField()  # Unix seconds: compared in SQL the same way by SQLite and PostgreSQL
    hits = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.name}: {self.hits}"


AUDIT_ACTIONS = {
    # What core.audit.record may write, and how the log page names it.
    "accounts.role_granted": _("rôle attribué"),
    "accounts.role_revoked": _("rôle retiré"),
    "accounts.data_exported": _("données personnelles téléchargées"),
    "accounts.token_created": _("jeton d'API créé"),
    "assessment.campaign_opened": _("campagne d'évaluation ouverte"),
    "assessment.submitted": _("évaluation soumise"),
    "assessment.changes_requested": _("modifications demandées sur une évaluation"),
    "assessment.validated": _("évaluation validée"),
    "budgeting.census_uploaded": _("liste des habitants déposée"),
    "budgeting.codes_issued": _("codes de vote émis"),
    "budgeting.paper_ballot": _("bulletin papier saisi"),
    "budgeting.eligibility_refused": _("vérification sur la liste refusée"),
    "budgeting.eligibility_confirmed": _("habitant reconnu sur la liste"),
    "budgeting.eligibility_burst": _("rafale d'essais sur la liste"),
    "budgeting.eligibility_paused": _("vérifications sur la liste suspendues"),
    "budgeting.paper_ballot_refused": _("code ou identifiant refusé à la saisie papier"),
    "budgeting.lockout_lifted": _("blocage levé"),
    "budgeting.count_requested": _("dépouillement demandé"),
    "budgeting.count_published": _("résultats publiés"),
    "caravan.attendees_exported": _("liste des inscrits téléchargée"),
    "participation.moderated": _("décision de modération"),
    "projects.stage_changed": _("étape d'un projet changée"),
    "surveys.text_moderated": _("réponse libre d'enquête modérée"),
    "ppp.submitted": _("examen PPP soumis"),
    "ppp.reviewed": _("examen PPP décidé"),
    "ppp.document_released": _("document publié pour les investisseurs"),
    "ppp.sounding_opened": _("consultation du marché ouverte"),
    "territory.perimeter_saved": _("périmètre enregistré"),
    "territory.perimeter_deleted": _("périmètre supprimé"),
}


class AppendOnly(models.QuerySet):
    """The audit log's rows are written once: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise TypeError("the audit log is append-only")

    def delete(self):
        raise TypeError("the audit log is append-only")


class AuditEntry(models.Model):
    """One sensitive act (core.audit): who, when, what, and the territory it concerns, written once.

    The territory is named by lazy references (territory sits above core); the actor's public name is copied, so
    an entry says who acted through the account, so an erased account reads "deleted account" here too; only the
    operator (no account) is named in `actor_name`. An act about a person names them through `person`, likewise.
    """

    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("par"))
    actor_name = models.CharField(_("par"), max_length=200, blank=True)
    action = models.CharField(_("acte"), max_length=64, db_index=True)
    governorate = models.ForeignKey("territory.Governorate", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("gouvernorat"))
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("municipalité"))
    target = models.CharField(_("objet"), max_length=300, blank=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("personne concernée"))
    details = models.JSONField(_("détails"), default=dict, blank=True)

    objects = AppendOnly.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des actes sensibles")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the audit log is append-only")

    @property
    def action_label(self) -> str:
        return str(AUDIT_ACTIONS.get(self.action, self.action))
