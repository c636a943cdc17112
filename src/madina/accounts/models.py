import secrets
import unicodedata

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PUBLIC_NAME_MAX = 40
NAME_KEY_MAX = 200


def public_name_key(name: str) -> str:
    """What makes two public names one: the same letters whatever their capitals in any script ("Émna", "ÉMNA") and
    whatever their compatibility form (an Arabic presentation form, a full-width letter). Stored and unique, since
    SQLite's LOWER folds ASCII letters only and a check in Python alone could race."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())[:NAME_KEY_MAX]


def unused_public_name() -> str:
    """A public name for an account that has not chosen one (made by the admin, the command line, an import):
    its e-mail address is never shown in its place."""
    while True:
        name = f"habitant-{secrets.randbelow(10**6):06d}"
        if not User.objects.filter(name_key=public_name_key(name)).exists():
            return name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        """The first organiser is made on the command line (`madina createsuperuser`), where no mail can be
        confirmed: whoever runs the command answers for the address, so it counts as verified for sign-in."""
        extra["is_staff"] = True
        extra["is_superuser"] = True
        user = self._create_user(email, password, **extra)
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return user


class User(AbstractUser):
    """A person signs in with an e-mail address; a user name would be one more thing to forget."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(
        _("nom public"), max_length=PUBLIC_NAME_MAX, blank=True,
        help_text=_("Montré à côté de vos propositions, commentaires et soutiens, à la place de votre adresse e-mail."),
    )
    name_key = models.CharField(max_length=NAME_KEY_MAX, editable=False, db_default="")
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("La langue des e-mails que Madina vous envoie."),
    )
    avatar = models.ImageField(
        _("avatar"), upload_to="accounts/avatars/%Y/", blank=True, db_default="",
        help_text=_("Facultatif : montré à côté de votre nom public ; vos initiales sinon."),
    )
    erased_at = models.DateTimeField(_("supprimé le"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"], condition=~Q(name_key=""), name="user_unique_public_name_key",
                violation_error_message=_("Ce nom public est déjà pris."),
            ),
        ]

    def save(self, *args, **kwargs):
        """Every account has a public name from its first save, so pages, the API and exports never fall back
        on the e-mail address."""
        if not self.display_name and self.erased_at is None:
            self.display_name = unused_public_name()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "display_name"}
        self.name_key = public_name_key(self.display_name)
        if kwargs.get("update_fields") is not None and "display_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        """The key is made from the name on save and no form shows it, so a form that checks the name (the admin's)
        would skip its uniqueness and fail on the database's constraint: it is made and checked with the name."""
        self.name_key = public_name_key(self.display_name)
        if exclude and "display_name" not in exclude:
            exclude = set(exclude) - {"name_key"}
        super().validate_constraints(exclude=exclude)

    def __str__(self):
        if self.erased_at is not None:
            return gettext("compte supprimé")
        return self.display_name or gettext("compte sans nom")

    def get_full_name(self):
        return str(self)

    def get_short_name(self):
        return str(self)


class Role(models.TextChoices):
    ORGANISER = "organiser", _("organisateur national")
    GOVERNORATE_STAFF = "governorate_staff", _("agent du gouvernorat")
    MUNICIPAL_STAFF = "municipal_staff", _("agent municipal")
    MODERATOR = "moderator", _("modérateur")
    CITIZEN = "citizen", _("citoyen")


STORED_ROLES = [Role.ORGANISER, Role.GOVERNORATE_STAFF, Role.MUNICIPAL_STAFF, Role.MODERATOR]
"""Every verified account acts as a citizen, so that role is never stored."""

STAFF_ROLES = [Role.ORGANISER, Role.GOVERNORATE_STAFF, Role.MUNICIPAL_STAFF]


def scope_errors(role, governorate_id, municipality_id) -> dict[str, str]:
    """What is wrong with a role's scope, by form field; empty when the scope fits the role.

    The same rule as the `role_scope_matches_role` check constraint, worded for the person granting the role.
    """
    if role == Role.ORGANISER and (governorate_id or municipality_id):
        return {"role": _("Un organisateur national agit partout : ne choisissez ni gouvernorat ni municipalité.")}
    if role == Role.GOVERNORATE_STAFF:
        if not governorate_id:
            return {"governorate": _("Un agent du gouvernorat doit être rattaché à un gouvernorat.")}
        if municipality_id:
            return {"municipality": _("Un agent du gouvernorat est rattaché à un gouvernorat, pas à une municipalité.")}
    if role == Role.MUNICIPAL_STAFF:
        if not municipality_id:
            return {"municipality": _("Un agent municipal doit être rattaché à une municipalité.")}
        if governorate_id:
            return {"governorate": _("Un agent municipal est rattaché à une municipalité, pas à un gouvernorat.")}
    if role == Role.MODERATOR and governorate_id:
        return {
            "governorate": _("Un modérateur est national ou rattaché à une municipalité, jamais à un gouvernorat.")
        }
    if role == Role.CITIZEN:
        return {"role": _("Tout compte vérifié est citoyen : ce rôle ne s'attribue pas.")}
    if role not in Role.values:
        return {"role": _("Rôle inconnu.")}
    return {}


class RoleAssignment(models.Model):
    """A role held by a user, scoped where the role needs it (a governorate or a municipality).

    Every verified account acts as a citizen; only the other roles are stored. The territory is named by a
    lazy model reference because accounts sit below territory in the layers.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("utilisateur"))
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    governorate = models.ForeignKey(
        "territory.Governorate", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("gouvernorat"),
    )
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("municipalité"),
    )
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rôle attribué")
        verbose_name_plural = _("rôles attribués")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(role="governorate_staff", governorate__isnull=False, municipality__isnull=True)
                    | Q(role="municipal_staff", municipality__isnull=False, governorate__isnull=True)
                    | Q(role="organiser", governorate__isnull=True, municipality__isnull=True)
                    | Q(role="moderator", governorate__isnull=True)
                ),
                violation_error_message=_("Le périmètre ne correspond pas au rôle."),
            ),
            # NULL never equals NULL in a unique index, so each kind of scope gets its own partial constraint.
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(governorate__isnull=True, municipality__isnull=True),
                name="role_assignment_unique_national",
                violation_error_message=_("Ce rôle est déjà attribué à cette personne."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "governorate"],
                condition=Q(governorate__isnull=False),
                name="role_assignment_unique_governorate",
                violation_error_message=_("Ce rôle est déjà attribué à cette personne dans ce gouvernorat."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="role_assignment_unique_municipality",
                violation_error_message=_("Ce rôle est déjà attribué à cette personne dans cette municipalité."),
            ),
        ]

    def __str__(self):
        scope = self.scope
        return f"{self.user} · {self.get_role_display()}" + (f" · {scope}" if scope else "")

    def clean(self):
        errors = scope_errors(self.role, self.governorate_id, self.municipality_id)
        if errors:
            raise ValidationError(errors)

    @property
    def scope(self):
        """The place the role covers, or None for a national role."""
        return self.municipality or self.governorate


class TokenScope(models.TextChoices):
    READ = "read", _("lecture")
    WRITE = "write", _("lecture et écriture")


class ApiToken(models.Model):
    """A personal token for the API (accounts.tokens): shown once, stored as a SHA-256 digest (a random 256-bit
    token needs no slow hash), scoped, expiring, revocable. It acts as its owner, with their roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("utilisateur"))
    name = models.CharField(_("nom"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)  # shown in the list to tell tokens apart
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("portée"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernier usage"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
