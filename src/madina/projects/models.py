from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madina.core.models import Located, PersonLink


class Sector(models.Model):
    """A sector of the catalogue, tied to the international frames the programme reports against."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("nom"), max_length=160)
    u4ssc_category = models.CharField(_("catégorie U4SSC"), max_length=160, blank=True)
    iso37120_theme = models.CharField(_("thème ISO 37120"), max_length=160, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} · {self.name}"


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipalité")
    GOVERNORATE = "governorate", _("gouvernorat")
    ASSOCIATION = "association", _("association")
    COMPANY = "company", _("entreprise")
    STARTUP = "startup", _("start-up")
    UNIVERSITY = "university", _("université")
    PUBLIC_BODY = "public_body", _("organisme public")


class Organisation(models.Model):
    """Someone who carries projects: the same organisation may promote projects in several cities."""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=OrganisationKind.choices)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind")]

    def __str__(self):
        return self.name


class Stage(models.TextChoices):
    """The pipeline, in order; the last three are outside the straight line (see rules.TRANSITIONS)."""

    IDEA = "idea", _("idée")
    QUALIFIED = "qualified", _("qualifié")
    FEASIBILITY = "feasibility", _("étude de faisabilité")
    STRUCTURING = "structuring", _("montage et financement")
    APPROVED = "approved", _("approuvé")
    PROCUREMENT = "procurement", _("passation des marchés")
    IMPLEMENTATION = "implementation", _("réalisation")
    COMPLETED = "completed", _("achevé")
    OPERATION = "operation", _("en exploitation")
    ON_HOLD = "on_hold", _("suspendu")
    ABANDONED = "abandoned", _("abandonné")
    MERGED = "merged", _("fusionné dans un autre projet")


PIPELINE = [s for s in Stage if s not in (Stage.ON_HOLD, Stage.ABANDONED, Stage.MERGED)]


class Intervention(models.TextChoices):
    RETROFIT = "retrofit", _("réhabilitation (retrofit)")
    REDEVELOPMENT = "redevelopment", _("restructuration (redevelopment)")
    GREENFIELD = "greenfield", _("extension nouvelle (greenfield)")
    CITY_WIDE = "city_wide", _("toute la ville")


IN_PERIMETER = [Intervention.RETROFIT, Intervention.REDEVELOPMENT, Intervention.GREENFIELD]


class Origin(models.TextChoices):
    CARAVAN_STOP = "caravan_stop", _("étape de la caravane")
    CITIZEN_PROPOSAL = "citizen_proposal", _("proposition citoyenne")
    MUNICIPAL_PLAN = "municipal_plan", _("plan municipal")


class FundingSource(models.TextChoices):
    MUNICIPAL_BUDGET = "municipal_budget", _("budget municipal")
    STATE_GRANT = "state_grant", _("subvention de l'État")
    CDC_LOAN = "cdc_loan", _("prêt de la CPSCL / CDC")
    PPP = "ppp", _("partenariat public-privé")
    DONOR = "donor", _("bailleur de fonds")
    PRIVATE = "private", _("financement privé")


def percent_field(label):
    return models.PositiveSmallIntegerField(label, default=0, validators=[MaxValueValidator(100)])


class Project(Located):
    """A municipal project of the national catalogue, from the idea voiced at a caravan stop to operation.

    `lon`/`lat` hold one representative point of the location so the map can filter and cluster 10,000
    projects with an indexed range query; `search_text` holds the folded names in every language.
    """

    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("résumé"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Texte enrichi, nettoyé à l'enregistrement."))
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, related_name="projects", verbose_name=_("municipalité")
    )
    perimeter = models.ForeignKey(
        "territory.Perimeter", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("périmètre smart city"),
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="projects", verbose_name=_("secteur"))
    sdg_targets = models.JSONField(_("cibles ODD"), default=list, blank=True, help_text=_("Par exemple 11.2, 7.3"))
    intervention = models.CharField(_("type d'intervention"), max_length=16, choices=Intervention.choices)
    origin = models.CharField(_("identifié par"), max_length=20, choices=Origin.choices)
    stop = models.ForeignKey(
        "caravan.Stop", on_delete=models.SET_NULL, null=True, blank=True, related_name="projects",
        verbose_name=_("étape de la caravane"),
    )
    origin_note = models.CharField(_("précision sur l'origine"), max_length=300, blank=True)
    estimated_cost_tnd = models.DecimalField(
        _("coût estimé (TND)"), max_digits=15, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    is_ppp_candidate = models.BooleanField(_("candidat au PPP"), default=False)
    promoters = models.ManyToManyField(
        Organisation, through="Promoter", related_name="projects", verbose_name=_("promoteurs")
    )
    stage = models.CharField(pgettext_lazy("project stage", "étape"), max_length=16, choices=Stage.choices, default=Stage.IDEA, db_index=True)
    stage_changed_at = models.DateTimeField(_("étape changée le"), null=True, blank=True)
    stage_before_hold = models.CharField(max_length=16, choices=Stage.choices, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="absorbed",
        verbose_name=_("fusionné dans"),
    )
    physical_progress = percent_field(_("avancement physique (%)"))
    financial_progress = percent_field(_("avancement financier (%)"))
    follower_count = models.PositiveIntegerField(_("abonnés"), default=0, editable=False)
    lon = models.FloatField(null=True, blank=True, editable=False)
    lat = models.FloatField(null=True, blank=True, editable=False)
    search_text = models.TextField(default="", editable=False)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    image = models.ImageField(_("image"), upload_to="projects/pictures/%Y/", blank=True, db_default="")
    image_alt = models.CharField(
        _("description de l'image"), max_length=200, blank=True, db_default="",
        help_text=_("Ce que montre l'image, pour qui ne la voit pas ; le titre sinon."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-created_at", "-id"]
        indexes = [
            *Located.Meta.indexes,
            models.Index(fields=["lon", "lat"], name="project_anchor"),
            models.Index(fields=["-created_at", "-id"], name="project_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                name="project_intervention_matches_perimeter",
                condition=Q(intervention="city_wide", perimeter__isnull=True)
                | Q(~Q(intervention="city_wide"), perimeter__isnull=False),
            ),
            models.CheckConstraint(
                name="project_merged_has_target",
                condition=Q(stage="merged", merged_into__isnull=False) | Q(~Q(stage="merged"), merged_into__isnull=True),
            ),
            models.CheckConstraint(
                name="project_progress_is_percent", condition=Q(physical_progress__lte=100, financial_progress__lte=100)
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"pk": self.pk})

    @property
    def funding_total(self):
        return sum((line.amount_tnd for line in self.funding_lines.all()), 0)


class Promoter(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="promoter_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation"))
    is_lead = models.BooleanField(_("chef de file"), default=False)

    class Meta:
        verbose_name = _("promoteur")
        verbose_name_plural = _("promoteurs")
        constraints = [models.UniqueConstraint(fields=["project", "organisation"], name="promoter_unique")]

    def __str__(self):
        return str(self.organisation)


class Contact(models.Model):
    """A person to call about the project; shown to staff only, since it is personal data."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=160)
    role = models.CharField(_("fonction"), max_length=160, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class FundingLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    amount_tnd = models.DecimalField(
        _("montant (TND)"), max_digits=15, decimal_places=3, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("précision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ligne du plan de financement")
        verbose_name_plural = _("plan de financement")
        indexes = [models.Index(fields=["source", "project"], name="funding_source_project")]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount_tnd}"


class StageChange(models.Model):
    """One line of a project's history: who moved it, from where to where, when, and why."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(_("de"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("vers"), max_length=16, choices=Stage.choices)
    effective_date = models.DateField(_("date"))
    note = models.TextField(_("note"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("par")
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("historique des étapes")
        ordering = ["-made_at", "-id"]

    def __str__(self):
        return f"{self.project}: {self.from_stage} → {self.to_stage}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("jalon"), max_length=200)
    planned_date = models.DateField(_("date prévue"))
    actual_date = models.DateField(_("date réelle"), null=True, blank=True)

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["planned_date", "id"]

    def __str__(self):
        return self.title

    @property
    def is_late(self) -> bool:
        return self.actual_date is None and self.planned_date < timezone.localdate()


class ProgressReport(models.Model):
    """A dated reading of physical and financial progress; the project keeps the latest one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_reports")
    reported_on = models.DateField(_("date"))
    physical_progress = percent_field(_("avancement physique (%)"))
    financial_progress = percent_field(_("avancement financier (%)"))
    note = models.TextField(_("note"), blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("point d'avancement")
        verbose_name_plural = _("points d'avancement")
        ordering = ["-reported_on", "-id"]

    def __str__(self):
        return f"{self.project} · {self.reported_on}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    DOCUMENT = "document", _("document")


def attachment_path(instance, filename):
    return f"projects/{instance.project_id}/{filename}"


class Attachment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("type"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("fichier"), upload_to=attachment_path)
    caption = models.CharField(_("légende"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self):
        return self.caption or self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        return reverse("projects:attachment", kwargs={"pk": self.project_id, "attachment": self.pk})


class Follow(PersonLink):
    """Someone following a project, told by e-mail (in their own language) when it changes stage."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    linked = "project"

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="follow_unique")]


class Criterion(models.Model):
    """A prioritisation criterion the organisers weigh; every score is 0 (worst) to 5 (best)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("nom"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1, validators=[MaxValueValidator(100)])
    is_active = models.BooleanField(_("actif"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de priorisation")
        verbose_name_plural = _("critères de priorisation")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


SCORE_MAX = 5


class Score(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_scores")
    value = models.PositiveSmallIntegerField(_("note"), validators=[MaxValueValidator(SCORE_MAX)])
    comment = models.CharField(_("commentaire"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["project", "criterion", "evaluator"], name="score_unique"),
            models.CheckConstraint(name="score_in_range", condition=Q(value__lte=SCORE_MAX)),
        ]

    def __str__(self):
        return f"{self.project} · {self.criterion}: {self.value}"
