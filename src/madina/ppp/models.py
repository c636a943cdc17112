"""The national catalogue of PPP projects: a catalogue project screened for a private partner by its
municipality, reviewed by the national PPP body, shown to investors once ready for market sounding, and the
companies' expressions of interest and market-sounding answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madina.core.models import CheckedFile


class ContractForm(models.TextChoices):
    CONCESSION = "concession", _("concession")
    PPP_CONTRACT = "ppp_contract", _("contrat de partenariat (loi n° 2015-49)")
    SERVICE_DELEGATION = "delegation", _("délégation de service public")
    LEASE = "lease", _("bail (location-gérance)")


class Payer(models.TextChoices):
    USERS = "users", _("les usagers")
    MUNICIPALITY = "municipality", _("la municipalité")
    MIXED = "mixed", _("mixte (usagers et municipalité)")


class Readiness(models.TextChoices):
    """How far a project is prepared for a private partner, in order."""

    IDEA = "idea", _("idée")
    PREFEASIBILITY = "prefeasibility", _("préfaisabilité")
    STRUCTURED = "structured", _("structuré")
    MARKET_SOUNDING = "market_sounding", _("prêt pour la consultation du marché")
    TENDER = "tender", _("appel d'offres")
    AWARDED = "awarded", _("attribué")


READINESS = list(Readiness)
FOR_INVESTORS = [Readiness.MARKET_SOUNDING, Readiness.TENDER, Readiness.AWARDED]
"""The stages from which a project is in the public investor catalogue."""


class LandStatus(models.TextChoices):
    UNKNOWN = "unknown", _("non établi")
    MUNICIPAL = "municipal", _("domaine municipal, disponible")
    STATE = "state", _("domaine de l'État, affectation obtenue")
    TO_ACQUIRE = "to_acquire", _("à acquérir ou à affecter")
    DISPUTED = "disputed", _("litigieux")


SECURED_LAND = [LandStatus.MUNICIPAL, LandStatus.STATE]


class Bearer(models.TextChoices):
    PUBLIC = "public", _("la partie publique")
    PRIVATE = "private", _("le partenaire privé")
    SHARED = "shared", _("partagé")


RISKS = [
    ("risk_construction", _("construction")),
    ("risk_demand", _("demande")),
    ("risk_operation", _("exploitation")),
    ("risk_financing", _("financement")),
    ("risk_regulatory", _("réglementaire")),
]
STUDIES = [
    ("study_prefeasibility", _("étude de préfaisabilité")),
    ("study_feasibility", _("étude de faisabilité")),
    ("study_value_for_money", _("évaluation préalable (value for money)")),
    ("study_environmental", _("étude d'impact environnemental et social")),
]


class Review(models.TextChoices):
    DRAFT = "draft", _("en préparation")
    SUBMITTED = "submitted", _("en attente de revue")
    VALIDATED = "validated", _("validé")
    CHANGES = "changes", _("modifications demandées")
    REJECTED = "rejected", _("refusé")


def _money(label):
    return models.DecimalField(label, max_digits=15, decimal_places=3, null=True, blank=True,
                               validators=[MinValueValidator(0)])


def _bearer(label):
    return models.CharField(label, max_length=8, choices=Bearer.choices, blank=True)


class Screening(models.Model):
    """A catalogue project screened for a public-private partnership. `stage` only moves when a national reviewer
    validates the stage the municipality asked for (`requested_stage`), so the catalogue shows reviewed stages."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="ppp_screening",
                                   verbose_name=_("projet"))
    contract_form = models.CharField(_("forme de contrat envisagée"), max_length=16, choices=ContractForm.choices,
                                     blank=True)
    payer = models.CharField(_("qui paie"), max_length=16, choices=Payer.choices, blank=True)
    capital_cost_tnd = _money(_("coût d'investissement (TND)"))
    annual_revenue_tnd = _money(_("recettes annuelles attendues (TND)"))
    availability_payment_tnd = _money(_("paiement de disponibilité annuel (TND)"))
    duration_years = models.PositiveSmallIntegerField(_("durée du contrat (années)"), null=True, blank=True,
                                                      validators=[MinValueValidator(1), MaxValueValidator(99)])
    risk_construction = _bearer(_("risque de construction"))
    risk_demand = _bearer(_("risque de demande"))
    risk_operation = _bearer(_("risque d'exploitation"))
    risk_financing = _bearer(_("risque de financement"))
    risk_regulatory = _bearer(_("risque réglementaire"))
    study_prefeasibility = models.BooleanField(_("étude de préfaisabilité faite"), default=False)
    study_feasibility = models.BooleanField(_("étude de faisabilité faite"), default=False)
    study_value_for_money = models.BooleanField(_("évaluation préalable faite"), default=False)
    study_environmental = models.BooleanField(_("étude d'impact environnemental et social faite"), default=False)
    land_status = models.CharField(_("statut du foncier dans le périmètre"), max_length=16,
                                   choices=LandStatus.choices, default=LandStatus.UNKNOWN)
    land_note = models.CharField(_("précision sur le foncier"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact pour les investisseurs"), max_length=160, blank=True,
                                    help_text=_("Un service ou une fonction, montré publiquement aux investisseurs."))
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=32, blank=True)
    stage = models.CharField(pgettext_lazy("ppp readiness", "stade"), max_length=16, choices=Readiness.choices,
                             default=Readiness.IDEA, db_index=True)
    stage_since = models.DateTimeField(_("à ce stade depuis"), default=timezone.now)
    review = models.CharField(_("revue"), max_length=12, choices=Review.choices, default=Review.DRAFT,
                              db_index=True)
    requested_stage = models.CharField(_("stade demandé"), max_length=16, choices=Readiness.choices, blank=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("examen PPP")
        verbose_name_plural = _("examens PPP")
        ordering = ["-stage_since", "-pk"]

    def __str__(self):
        return str(self.project)

    def get_absolute_url(self):
        return reverse("ppp:screening", kwargs={"pk": self.project_id})

    @property
    def investor_url(self) -> str:
        return reverse("ppp:investor", kwargs={"pk": self.project_id})

    @property
    def for_investors(self) -> bool:
        return self.stage in FOR_INVESTORS

    def risk_rows(self):
        """(risk, who bears it) in the table's order, for pages and sheets."""
        return [(label, getattr(self, f"get_{name}_display")()) for name, label in RISKS]

    def studies(self):
        return [(label, getattr(self, name)) for name, label in STUDIES]


class Event(models.TextChoices):
    SUBMITTED = "submitted", _("soumis pour revue")
    VALIDATED = "validated", _("validé")
    CHANGES = "changes", _("modifications demandées")
    REJECTED = "rejected", _("refusé")


class ScreeningEvent(models.Model):
    """One line of the screening's history: a submission or a review, with its reasons."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(_("acte"), max_length=12, choices=Event.choices)
    from_stage = models.CharField(_("de"), max_length=16, choices=Readiness.choices)
    to_stage = models.CharField(_("vers"), max_length=16, choices=Readiness.choices)
    reasons = models.TextField(_("motifs"), blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                verbose_name=_("par"))
    made_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("étape de la revue PPP")
        verbose_name_plural = _("historique de la revue PPP")
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"{self.screening}: {self.get_kind_display()}"


class Reviewer(models.Model):
    """A reviewer of the national PPP body. Held here, not as an accounts role: the role exists only for this
    catalogue, and organisers review too."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ppp_reviewer",
                                verbose_name=_("utilisateur"))
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("examinateur PPP")
        verbose_name_plural = _("examinateurs PPP")

    def __str__(self):
        return str(self.user)


class Audience(models.TextChoices):
    PUBLIC = "public", _("tout le monde")
    SIGNED_IN = "signed_in", _("personnes connectées")


def document_path(instance, filename):
    return f"ppp/documents/{instance.screening.project_id}/{filename}"


class InvestorDocument(CheckedFile):
    """A document released for investors, to everyone or to signed-in people only; staff see it as soon as it
    is uploaded."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    audience = models.CharField(_("visible par"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document pour les investisseurs")
        verbose_name_plural = _("documents pour les investisseurs")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class Company(models.Model):
    """A company reading the catalogue, registered by an account whose e-mail address is verified (allauth)."""

    account = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ppp_company",
                                   verbose_name=_("compte"))
    name = models.CharField(_("raison sociale"), max_length=200)
    country = models.CharField(_("pays"), max_length=80)
    sector = models.ForeignKey("projects.Sector", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("secteur d'activité"))
    contact_name = models.CharField(_("personne à contacter"), max_length=160)
    contact_phone = models.CharField(_("téléphone"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Interest(models.Model):
    """A company's expression of interest in a project: seen by the company, the project's municipality and the
    national reviewers, nobody else."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="interests")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="interests")
    message = models.TextField(_("message"))
    answer = models.TextField(_("réponse"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("manifestation d'intérêt")
        verbose_name_plural = _("manifestations d'intérêt")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["screening", "company"], name="ppp_interest_once")]

    def __str__(self):
        return f"{self.company} · {self.screening}"

    def get_absolute_url(self):
        return reverse("ppp:interest", kwargs={"pk": self.pk})


def interest_path(instance, filename):
    return f"ppp/interests/{instance.interest_id}/{filename}"


class InterestDocument(CheckedFile):
    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("fichier"), upload_to=interest_path, max_length=300)

    class Meta:
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")

    def __str__(self):
        return self.filename


class SoundingRound(models.Model):
    """A market-sounding round: questions every interested company answers before the deadline."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("titre"), max_length=200)
    deadline = models.DateTimeField(_("date limite"))
    questions = models.JSONField(_("questions"), default=list)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation du marché")
        verbose_name_plural = _("consultations du marché")
        ordering = ["-deadline", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return timezone.now() < self.deadline


class SoundingAnswer(models.Model):
    round = models.ForeignKey(SoundingRound, on_delete=models.CASCADE, related_name="answers")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="sounding_answers")
    answers = models.JSONField(_("réponses"), default=list)
    answered_at = models.DateTimeField(_("répondu le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse à la consultation")
        verbose_name_plural = _("réponses à la consultation")
        constraints = [models.UniqueConstraint(fields=["round", "company"], name="ppp_sounding_answer_once")]

    def __str__(self):
        return f"{self.company} · {self.round}"

    def pairs(self):
        return list(zip(self.round.questions, self.answers, strict=False))
