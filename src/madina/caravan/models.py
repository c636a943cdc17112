import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madina.core.geo import TUNISIA_BOUNDS

COORDINATE_STEP = Decimal("0.00001")  # stops keep 5 decimals (about 1 m)


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

    # Planning rules (docs/tour-format.md): planning.instance_for turns them into a madina.tour instance.
    day_start = models.TimeField(_("début de la journée de travail"), default=dt.time(8, 0))
    day_end = models.TimeField(
        _("fin de la journée de travail"), default=dt.time(19, 0),
        help_text=_("La dernière séance de la journée finit au plus tard à cette heure."),
    )
    max_drive_minutes = models.PositiveSmallIntegerField(
        _("conduite maximale par jour (minutes)"), default=300,
        help_text=_("Minutes au volant par jour au plus, trajets du soir compris (les traversées en bac ne comptent pas)."),
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("durée d'une séance (minutes)"), default=180, help_text=_("Durée de la séance à chaque étape."),
    )
    evening_drive_minutes = models.PositiveSmallIntegerField(
        _("trajet du soir maximal (minutes)"), default=120,
        help_text=_("Après la dernière séance, la caravane peut rouler jusqu'à l'étape suivante ; 0 : jamais."),
    )
    evening_latest_arrival = models.TimeField(_("arrivée au plus tard le soir"), default=dt.time(22, 0))
    rest_days = models.JSONField(
        _("jours de repos"), default=list, blank=True, help_text=_("Dates (AAAA-MM-JJ) sans aucune étape."),
    )
    first_stop = models.ForeignKey(
        "Stop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("étape de départ"),
    )
    last_stop = models.ForeignKey(
        "Stop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("étape d'arrivée"),
    )
    circuity = models.DecimalField(
        _("détour routier"), max_digits=3, decimal_places=2, default=Decimal("1.25"),
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("Distance par la route divisée par la distance à vol d'oiseau (1,2 à 1,3 à l'intérieur)."),
    )
    speed_kmh = models.PositiveSmallIntegerField(
        _("vitesse moyenne (km/h)"), default=70, validators=[MinValueValidator(5), MaxValueValidator(150)],
    )
    published_run = models.ForeignKey(
        "PlanRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("plan publié"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("créée par"),
    )

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


# Okabe-Ito colours, told apart by most colour-blind readers; a team is also always named beside its colour.
TEAM_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


class Tour(models.Model):
    """One leg of an edition with its own dates and teams (the 2020 edition: a southern tour in March, a
    northern one in June-July); the planner plans each tour apart and each has its own programme."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tours", verbose_name=_("édition"))
    order = models.PositiveSmallIntegerField(_("ordre"))
    name = models.CharField(_("nom"), max_length=160)
    start_date = models.DateField(_("premier jour"))
    end_date = models.DateField(_("dernier jour"))
    is_planned_example = models.BooleanField(
        _("exemple planifié"), default=False,
        help_text=_("Un plan calculé par Madina, pas le programme historique de la caravane."),
    )
    published_run = models.ForeignKey(
        "PlanRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("plan publié"),
    )
    is_published = models.BooleanField(
        _("programme publié"), default=False,
        help_text=_("Le programme de la tournée est sur la page publique de l'édition."),
    )

    class Meta:
        verbose_name = _("tournée")
        verbose_name_plural = _("tournées")
        ordering = ["edition", "start_date", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "order"], name="tour_unique_order_in_edition"),
            models.CheckConstraint(name="tour_dates_in_order", condition=models.Q(end_date__gte=models.F("start_date"))),
        ]

    def __str__(self):
        return self.name

    @property
    def day_count(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Team(models.Model):
    """A caravan of a tour; teams of one tour run in parallel over the tour's days."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="teams", verbose_name=_("tournée"))
    order = models.PositiveSmallIntegerField(_("ordre"))
    name = models.CharField(_("nom"), max_length=120)
    colour = models.CharField(
        _("couleur"), max_length=7, default=TEAM_COLOURS[0],
        validators=[RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Une couleur s'écrit #RRVVBB, par exemple #0072B2."))],
    )
    start_stop = models.ForeignKey(
        "Stop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("étape de départ"),
    )
    end_stop = models.ForeignKey(
        "Stop", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("étape d'arrivée"),
    )

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        ordering = ["tour", "order"]
        constraints = [models.UniqueConstraint(fields=["tour", "order"], name="team_unique_order_in_tour")]

    def __str__(self):
        return self.name


class RoadMatrix(models.Model):
    """The edition's drive times between its stops, kept so a new plan of the same stops does not ask the road
    server again; `key` names the stops' positions and the travel settings it was computed for."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="road_matrix",
                                   verbose_name=_("édition"))
    key = models.CharField(_("empreinte des étapes"), max_length=64)
    source = models.JSONField(_("source"), default=dict)
    points = models.JSONField(_("points"), default=list)
    minutes = models.JSONField(_("minutes"), default=list)
    computed_at = models.DateTimeField(_("calculée le"))

    class Meta:
        verbose_name = _("matrice des temps de trajet")
        verbose_name_plural = _("matrices des temps de trajet")

    def __str__(self):
        return f"{self.edition} ({self.source.get('kind', '')})"


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
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5,
        validators=[MinValueValidator(TUNISIA_BOUNDS[1]), MaxValueValidator(TUNISIA_BOUNDS[3])],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5,
        validators=[MinValueValidator(TUNISIA_BOUNDS[0]), MaxValueValidator(TUNISIA_BOUNDS[2])],
    )
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
    land = models.CharField(
        _("terre"), max_length=40, default="mainland",
        help_text=_("« mainland » pour le continent, sinon le nom de l'île (kerkennah) : on y va par un lien maritime."),
    )
    pinned_day = models.DateField(
        _("jour imposé"), null=True, blank=True, help_text=_("Le planificateur place l'étape ce jour-là."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("Nombre d'inscrits au plus ; au-delà, liste d'attente. Vide : sans limite."),
    )
    tour = models.ForeignKey(Tour, on_delete=models.SET_NULL, null=True, blank=True, related_name="stops",
                             verbose_name=_("tournée"), help_text=_("La tournée du programme appliqué."))
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="stops",
                             verbose_name=_("équipe"), help_text=_("L'équipe du programme appliqué."))
    pinned_tour = models.ForeignKey(
        Tour, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("tournée imposée"),
        help_text=_("Vide : le planificateur choisit la tournée."),
    )
    pinned_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("équipe imposée"),
        help_text=_("Vide : le planificateur choisit l'équipe."),
    )
    registration_count = models.PositiveIntegerField(_("inscrits"), default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(_("en liste d'attente"), default=0, editable=False)

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

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.registration_count >= self.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.registration_count)


class PlanRun(models.Model):
    """One run of the tour planner for an edition: what it was asked, how far it got, and the plan it made.

    `instance` is the madina.tour instance (docs/tour-format.md) as it was when the run was asked, so a plan can
    be replayed with `madina tour plan`; `result` is the plan as madina.tour.report.plan_dict gives it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    class Phase(models.TextChoices):
        WAITING = "waiting", _("en attente d'un processus de calcul")
        MATRIX = "matrix", _("calcul des temps de trajet")
        SOLVING = "solving", _("recherche de l'ordre et découpage en jours")
        SPLITTING = "splitting", _("découpage en jours")
        SAVING = "saving", _("enregistrement du plan")
        FINISHED = "finished", _("fini")

    class Kind(models.TextChoices):
        PLAN = "plan", _("meilleur ordre")
        ORDER = "order", _("ordre actuel")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="plan_runs", verbose_name=_("édition"))
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, null=True, blank=True, related_name="plan_runs",
                             verbose_name=_("tournée"))
    kind = models.CharField(_("demande"), max_length=8, choices=Kind.choices, default=Kind.PLAN)
    status = models.CharField(_("état"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(_("étape du calcul"), max_length=10, choices=Phase.choices, default=Phase.WAITING)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    instance = models.JSONField(_("instance"), default=dict)
    result = models.JSONField(_("résultat"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("demandé par"),
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)

    class Meta:
        verbose_name = _("calcul de parcours")
        verbose_name_plural = _("calculs de parcours")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.edition} #{self.pk} ({self.status})"

    def get_absolute_url(self):
        return reverse("caravan:plan_run", kwargs={"slug": self.edition.slug, "pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Sector(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipalité")
    ADMINISTRATION = "administration", _("administration publique")
    CIVIL_SOCIETY = "civil_society", _("société civile, association")
    PRIVATE = "private", _("entreprise, secteur privé")
    ACADEMIA = "academia", _("université, recherche")
    MEDIA = "media", _("médias")
    CITIZEN = "citizen", _("citoyen ou citoyenne")
    OTHER = "other", _("autre")


class Registration(models.Model):
    """A local actor who registered for a stop's session; waitlisted beyond the stop's capacity."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmée")
        WAITLISTED = "waitlisted", _("en liste d'attente")
        CANCELLED = "cancelled", _("annulée")

    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("étape"))
    name = models.CharField(_("nom et prénom"), max_length=160)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector.choices)
    email = models.EmailField(_("adresse e-mail"))
    consent = models.BooleanField(
        _("accepte d'être recontacté"), default=False,
        help_text=_("La personne accepte que les organisateurs la recontactent au sujet du programme."),
    )
    status = models.CharField(_("état"), max_length=12, choices=Status.choices)
    language = models.CharField(_("langue"), max_length=8, default="fr")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["stop", "email"], name="registration_unique_email_per_stop")]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.stop})"
