from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person signs in with an e-mail address; a user name would be one more thing to forget."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(_("nom affiché"), max_length=120, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]


class Role(models.TextChoices):
    ORGANISER = "organiser", _("organisateur national")
    GOVERNORATE_STAFF = "governorate_staff", _("agent du gouvernorat")
    MUNICIPAL_STAFF = "municipal_staff", _("agent municipal")
    MODERATOR = "moderator", _("modérateur")
    CITIZEN = "citizen", _("citoyen")


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
            ),
            models.UniqueConstraint(
                fields=["user", "role", "governorate", "municipality"], name="role_assignment_unique"
            ),
        ]

    def __str__(self):
        scope = self.municipality or self.governorate
        return f"{self.user} · {self.get_role_display()}" + (f" · {scope}" if scope else "")
