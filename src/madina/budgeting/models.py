"""Participatory budgets and their secret ballots.

Who voted and how they voted live in two tables that share no foreign key: `Voter` (the register: one row per
resident who voted, named by a voter key) and `Ballot` (what was chosen). The only bridge is `Ballot.link`, a
keyed hash of the budget and the voter key that only the server can compute (it needs MADINA_BALLOT_KEY), so a
voter can come back and change their own ballot until the vote closes. Results and exports never include the link, the
ballot's id or its dates. See docs/user-guide/budgeting.md, "Secret ballot", for the threat model.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CountRule(models.TextChoices):
    MES_ADD1 = "mes-add1", _("Méthode des parts égales, complétée (add1)")
    MES = "mes", _("Méthode des parts égales, sans complément")
    GREEDY = "greedy", _("Les plus soutenus d'abord (glouton)")
    PHRAGMEN = "phragmen", _("Méthode séquentielle de Phragmén")


class Eligibility(models.TextChoices):
    CENSUS = "census", _("liste des habitants déposée par la municipalité")
    ACCOUNT = "account", _("tout compte vérifié")


class CensusCheck(models.TextChoices):
    """What a resident types besides their identifier, checked against the list: an identifier alone (a CIN number
    seen on a card) can be guessed or borrowed."""

    BIRTH_DATE = "birth_date", _("date de naissance")
    POSTAL_CODE = "postal_code", _("code postal")


class CountState(models.TextChoices):
    NOT_COUNTED = "", _("pas encore dépouillé")
    QUEUED = "queued", _("dépouillement demandé")
    DONE = "done", _("résultats publiés")
    FAILED = "failed", _("le dépouillement a échoué")


def new_salt() -> str:
    return secrets.token_hex(16)


class Budget(models.Model):
    """The money a municipality puts to the vote in a process, and the rules of its ballot."""

    process = models.OneToOneField(
        "participation.Process", on_delete=models.CASCADE, related_name="budget", verbose_name=_("concertation")
    )
    title = models.CharField(_("titre"), max_length=200)
    amount_tnd = models.PositiveBigIntegerField(_("montant (TND)"))
    min_projects = models.PositiveSmallIntegerField(_("nombre minimum de projets"), default=1)
    max_projects = models.PositiveSmallIntegerField(
        _("nombre maximum de projets"), null=True, blank=True, help_text=_("Vide : pas de maximum.")
    )
    rule = models.CharField(_("règle de dépouillement"), max_length=16, choices=CountRule.choices,
                            default=CountRule.MES_ADD1)
    eligibility = models.CharField(_("qui peut voter en ligne"), max_length=16, choices=Eligibility.choices,
                                   default=Eligibility.CENSUS)
    census_check = models.CharField(
        _("élément vérifié avec l'identifiant"), max_length=16, choices=CensusCheck.choices,
        default=CensusCheck.BIRTH_DATE,
        help_text=_("La liste des habitants donne, pour chacun, son identifiant et cet élément ; l'habitant tape les "
                    "deux pour confirmer qu'il est sur la liste."),
    )
    census_salt = models.CharField(max_length=32, default=new_salt, editable=False)
    census_size = models.PositiveIntegerField(_("habitants inscrits"), default=0, editable=False)
    eligibility_failures = models.PositiveIntegerField(_("essais refusés"), default=0, editable=False)
    code_count = models.PositiveIntegerField(_("codes de vote émis"), default=0, editable=False)
    code_batches = models.PositiveIntegerField(default=0, editable=False)
    ballot_count = models.PositiveIntegerField(_("bulletins"), default=0, editable=False)
    count_state = models.CharField(_("dépouillement"), max_length=8, choices=CountState.choices, blank=True,
                                   default=CountState.NOT_COUNTED, editable=False)
    outcome = models.JSONField(_("résultat"), null=True, blank=True, editable=False)
    counted_at = models.DateTimeField(_("dépouillé le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget participatif")
        verbose_name_plural = _("budgets participatifs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="budget_max_not_below_min",
                condition=Q(max_projects__isnull=True) | Q(max_projects__gte=models.F("min_projects")),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budgeting:budget_detail", kwargs={"pk": self.pk})

    @property
    def is_counted(self) -> bool:
        return self.count_state == CountState.DONE


class BudgetProject(models.Model):
    """A project on the ballot: from the catalogue or from a citizen proposal, with the cost voters see."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects", verbose_name=_("budget"))
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("résumé"), max_length=500, blank=True)
    cost_tnd = models.PositiveBigIntegerField(_("coût (TND)"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("projet du catalogue"),
    )
    proposal = models.ForeignKey(
        "participation.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposition"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    vote_count = models.PositiveIntegerField(_("votes"), null=True, blank=True, editable=False,
                                             help_text=_("Connu seulement après la clôture du vote."))
    is_selected = models.BooleanField(_("retenu"), default=False, editable=False)

    class Meta:
        verbose_name = _("projet soumis au vote")
        verbose_name_plural = _("projets soumis au vote")
        ordering = ["budget", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def source_url(self) -> str:
        if self.project_id:
            return self.project.get_absolute_url()
        if self.proposal_id:
            return self.proposal.get_absolute_url()
        return ""


class CensusEntry(models.Model):
    """One resident of the municipality's list, kept only as a keyed hash of their identifier (a CIN number).

    `user` is set when a signed-in resident proves they are on the list; it names who may vote, never how.
    """

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="census")
    digest = models.CharField(max_length=64)
    fact_digest = models.CharField(max_length=64, blank=True)  # the budget's census_check, hashed; "" for lists of before it
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        verbose_name = _("inscrit")
        verbose_name_plural = _("inscrits")
        constraints = [
            models.UniqueConstraint(fields=["budget", "digest"], name="census_entry_once"),
            models.UniqueConstraint(fields=["budget", "user"], condition=Q(user__isnull=False),
                                    name="census_one_entry_per_person"),
        ]

    def __str__(self):
        return f"{self.budget} · {self.digest[:8]}"


class VotingCode(models.Model):
    """A one-time code printed for paper or offline voting; only its keyed hash is stored."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    batch = models.PositiveIntegerField()
    is_used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("code de vote")
        verbose_name_plural = _("codes de vote")
        constraints = [models.UniqueConstraint(fields=["budget", "digest"], name="voting_code_once")]

    def __str__(self):
        return f"{self.budget} · {self.batch}"


class Channel(models.TextChoices):
    ONLINE = "online", _("en ligne")
    PAPER = "paper", _("bulletin papier")


class Voter(models.Model):
    """The register: this voter key has voted in this budget. No date, no choice."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="voters")
    key = models.CharField(max_length=40, help_text="u:<user id>, c:<census entry id> or k:<voting code id>")
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("votant")
        verbose_name_plural = _("votants")
        constraints = [models.UniqueConstraint(fields=["budget", "key"], name="one_ballot_per_voter")]

    def __str__(self):
        return f"{self.budget} · {self.key}"


class Ballot(models.Model):
    """What one voter chose. No foreign key to a person; the random id says nothing about the order of votes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    link = models.CharField(max_length=64, editable=False)
    choices = models.JSONField(default=list, help_text="BudgetProject ids, sorted")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [models.UniqueConstraint(fields=["budget", "link"], name="one_ballot_per_link")]

    def __str__(self):
        return str(self.id)
