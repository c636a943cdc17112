from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madina.core.models import PersonLink

from .phases import PhaseKind


class Process(models.Model):
    """A co-construction run by a municipality's staff with the governorate, open to its citizens."""

    slug = models.SlugField(_("identifiant"), max_length=96, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, related_name="processes", verbose_name=_("municipalité")
    )
    perimeter = models.ForeignKey(
        "territory.Perimeter", on_delete=models.SET_NULL, null=True, blank=True, related_name="processes",
        verbose_name=_("périmètre"),
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="processes",
        verbose_name=_("projet du catalogue"),
    )
    is_published = models.BooleanField(_("publiée"), default=True)
    image = models.ImageField(_("image"), upload_to="participation/pictures/%Y/", blank=True, db_default="")
    image_alt = models.CharField(
        _("description de l'image"), max_length=200, blank=True, db_default="",
        help_text=_("Ce que montre l'image, pour qui ne la voit pas ; le titre sinon."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    proposal_count = models.PositiveIntegerField(_("nombre de propositions"), default=0, editable=False)
    follower_count = models.PositiveIntegerField(_("nombre d'abonnés"), default=0, editable=False)

    class Meta:
        verbose_name = _("concertation")
        verbose_name_plural = _("concertations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:process_detail", kwargs={"slug": self.slug})

    def current_phase(self, now=None):
        """The phase running now, read from prefetched phases when the query prefetched them."""
        now = now or timezone.now()
        for phase in self.phases.all():
            if phase.is_current(now):
                return phase
        return None

    def phase_of_kind(self, kind: str):
        """The first phase of this kind, from prefetched phases when the query prefetched them."""
        return next((phase for phase in self.phases.all() if phase.kind == kind), None)


class Phase(models.Model):
    """A dated step of a process; what it allows is declared in phases.ALLOWED_ACTIONS."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("concertation"))
    kind = models.CharField(_("type"), max_length=16, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    announced_at = models.DateTimeField(_("annoncée le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "starts_at"]
        constraints = [
            models.CheckConstraint(name="phase_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            # "The vote phase" of a process has one answer: budgeting hangs a budget's ballots on it.
            models.UniqueConstraint(
                fields=["process"], condition=Q(kind=PhaseKind.BUDGET_VOTE), name="one_budget_vote_per_process",
                violation_error_message=_("Cette concertation a déjà une phase de vote du budget."),
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "announced_at"], name="phase_to_announce")]

    def __str__(self):
        return f"{self.process} · {self.get_kind_display()}"

    def is_current(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publiée")
    WITHDRAWN = "withdrawn", _("retirée par son auteur")


class AnswerState(models.TextChoices):
    EVALUATING = "evaluating", _("en cours d'étude")
    ACCEPTED = "accepted", _("retenue")
    REJECTED = "rejected", _("non retenue")


class Proposal(models.Model):
    """A citizen's idea for the municipality, placed on its map. Counts are kept by services, never aggregated."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("concertation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="proposals",
        verbose_name=_("auteur"),
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), help_text=_("HTML nettoyé à l'enregistrement."))
    search_text = models.TextField(default="", editable=False, help_text="Title and text folded (core.text).")
    sector = models.ForeignKey(
        "projects.Sector", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("secteur")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    state = models.CharField(_("état"), max_length=16, choices=ProposalState.choices, default=ProposalState.PUBLISHED)
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)
    answer_state = models.CharField(_("réponse officielle"), max_length=16, choices=AnswerState.choices, blank=True)
    answer = models.TextField(_("motifs de la réponse"), blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("répondue par"),
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals",
        verbose_name=_("projet du catalogue"), help_text=_("Le projet que la proposition retenue est devenue ou a rejoint."),
    )
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    support_count = models.PositiveIntegerField(_("soutiens"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("commentaires"), default=0, editable=False)
    follower_count = models.PositiveIntegerField(_("abonnés"), default=0, editable=False)
    endorsement_count = models.PositiveIntegerField(_("appuis d'organisations"), default=0, editable=False)
    report_count = models.PositiveIntegerField(_("signalements"), default=0, editable=False)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["process", "is_hidden", "state", "-created_at", "-id"], name="proposal_recent"),
            models.Index(
                fields=["process", "is_hidden", "state", "-support_count", "-created_at", "-id"], name="proposal_supported"
            ),
            models.Index(
                fields=["process", "is_hidden", "state", "-comment_count", "-created_at", "-id"], name="proposal_commented"
            ),
            models.Index(fields=["author", "-created_at"], name="proposal_by_author"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:proposal_detail", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.state == ProposalState.WITHDRAWN


class ProposalImage(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images", verbose_name=_("proposition"))
    image = models.ImageField(_("image"), upload_to="participation/proposals/%Y/%m/")
    alt = models.CharField(_("description de l'image"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("image de proposition")
        verbose_name_plural = _("images de proposition")
        ordering = ["proposal", "position", "id"]

    def __str__(self):
        return self.alt


class Comment(models.Model):
    """A comment on a proposal, or a reply to one (one level: replies have no replies)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposition"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("en réponse à")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("auteur")
    )
    body = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    is_hidden = models.BooleanField(_("masqué par la modération"), default=False)
    report_count = models.PositiveIntegerField(_("signalements"), default=0, editable=False)
    up_count = models.PositiveIntegerField(_("votes pour"), default=0, editable=False)
    down_count = models.PositiveIntegerField(_("votes contre"), default=0, editable=False)
    # up_count - down_count, stored so that "most supported" sorts on an index rather than on arithmetic.
    score = models.IntegerField(_("score"), default=0, editable=False)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["author", "-created_at"], name="comment_by_author")]

    def __str__(self):
        return f"{self.author} · {self.proposal}"


class Support(PersonLink):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    linked = "proposal"

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")]
        indexes = [models.Index(fields=["user", "proposal"], name="support_by_user")]


class CommentVote(PersonLink):
    """A person's up (+1) or down (-1) vote on someone else's comment; one per person and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=[(1, _("pour")), (-1, _("contre"))])
    linked = "comment"

    class Meta:
        verbose_name = _("vote sur un commentaire")
        verbose_name_plural = _("votes sur des commentaires")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_comment_vote_per_person"),
            models.CheckConstraint(name="comment_vote_up_or_down", condition=Q(value__in=[1, -1])),
        ]


class ProposalFollow(PersonLink):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    linked = "proposal"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_proposal_follow_per_person")]


class ProcessFollow(PersonLink):
    """Who hears when a phase of the process starts."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="follows")
    linked = "process"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "user"], name="one_process_follow_per_person")]


class Endorsement(PersonLink):
    """A person endorses a proposal in the name of an organisation (an association, a union, a chamber)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.CharField(_("organisation"), max_length=200)
    linked = "proposal"

    class Meta:
        verbose_name = _("appui d'organisation")
        verbose_name_plural = _("appuis d'organisations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_endorsement_per_person"),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.proposal}"


class ReportReason(models.TextChoices):
    SPAM = "spam", _("publicité ou spam")
    ABUSE = "abuse", _("propos injurieux ou haineux")
    PERSONAL_DATA = "personal_data", _("données personnelles")
    OFF_TOPIC = "off_topic", _("hors sujet")
    OTHER = "other", _("autre raison")


class Report(models.Model):
    """One person's report of a proposal or a comment; a person reports the same content once."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    reason = models.CharField(_("motif"), max_length=16, choices=ReportReason.choices)
    details = models.TextField(_("précisions"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                name="report_names_one_content",
                condition=Q(proposal__isnull=False, comment__isnull=True) | Q(proposal__isnull=True, comment__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["reporter", "proposal"], condition=Q(proposal__isnull=False), name="one_report_per_proposal"
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"], condition=Q(comment__isnull=False), name="one_report_per_comment"
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="report_queue")]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.proposal or self.comment}"


class ModerationAction(models.TextChoices):
    AUTO_HIDE = "auto_hide", _("masquage automatique")
    HIDE = "hide", _("masquage")
    RESTORE = "restore", _("rétablissement")
    DISMISS = "dismiss", _("signalements écartés")


class ModerationLog(models.Model):
    """The audit trail of moderation: who did what to which content, when and why. Rows are never changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("modérateur"),
    )
    action = models.CharField(_("action"), max_length=16, choices=ModerationAction.choices)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="moderation_log")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="moderation_log")
    reason = models.TextField(_("motif"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("journal de modération")
        verbose_name_plural = _("journal de modération")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.proposal or self.comment}"


class NotificationKind(models.TextChoices):
    ANSWER = "answer", _("réponse officielle à une proposition")
    PHASE_STARTED = "phase_started", _("début d'une phase")
    REPLY = "reply", _("réponse à un commentaire")
    RESULTS = "results", _("résultats publiés")


class Notification(models.Model):
    """A message shown in the site and sent by e-mail; its text is written when shown, in the reader's language."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.recipient}"

    def get_absolute_url(self):
        if self.proposal_id:
            return self.proposal.get_absolute_url()
        return self.process.get_absolute_url()
