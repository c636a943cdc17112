"""Granting and revoking roles: the only way the site and the demo loader change who may do what.

Who reaches the admin back-office follows from the roles: national organisers run the programme there
(`is_staff`, and every Madina model through `backends.OrganiserBackend`); governorate and municipal staff and
moderators work in the site's own pages, scoped by the `rules` predicates, and never see the admin.
"""

import re
import unicodedata
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madina.core import audit, pictures, ratelimit
from madina.core.errors import Invalid, NotFound
from madina.core.permissions import require
from madina.core.text import fold

from . import personal_data, tokens
from .models import (
    PUBLIC_NAME_MAX,
    ApiToken,
    Role,
    RoleAssignment,
    TokenScope,
    User,
    public_name_key,
    scope_errors,
)
from .rules import is_organiser, is_signed_in


def _id(obj):
    return getattr(obj, "pk", obj)


def _locked(user) -> User:
    """Lock the person's row so that two grants or revokes for them run one after the other."""
    return User.objects.select_for_update().get(pk=user.pk)


def sync_admin_access(user) -> None:
    """Open the admin to organisers and close it when the last organiser role goes (superusers keep it)."""
    should_be_staff = user.is_superuser or user.roles.filter(role=Role.ORGANISER).exists()
    if user.is_staff != should_be_staff:
        User.objects.filter(pk=user.pk).update(is_staff=should_be_staff)
        user.is_staff = should_be_staff


def _forget_cached_roles(user) -> None:
    user.__dict__.pop("_madina_roles", None)


def grant_role(user, role, governorate=None, municipality=None, *, by) -> RoleAssignment:
    """Give `user` a role in a scope (an organiser's act, `by`); granting a role already held returns the
    existing assignment."""
    require(is_organiser, by, message=_("Seuls les organisateurs attribuent les rôles."))
    errors = scope_errors(role, _id(governorate), _id(municipality))
    if errors:
        raise Invalid(errors={field: [message] for field, message in errors.items()})
    lookup = {"role": role, "governorate_id": _id(governorate), "municipality_id": _id(municipality)}
    with transaction.atomic():
        locked = _locked(user)
        # get_or_create falls back to reading the row if a unique constraint stops a concurrent duplicate.
        assignment, created = RoleAssignment.objects.get_or_create(user=locked, **lookup)
        sync_admin_access(locked)
        if created:
            audit.record("accounts.role_granted", by, municipality=municipality, governorate=governorate,
                         target=user, role=role)
    user.is_staff = locked.is_staff
    _forget_cached_roles(user)
    return assignment


def roles_held(user) -> set[tuple]:
    """(role, governorate id, municipality id) of each stored role, to compare before and after an edit."""
    return set(RoleAssignment.objects.filter(user=user).values_list("role", "governorate_id", "municipality_id"))


def audit_role_changes(by, user, before: set[tuple]) -> None:
    """The admin edits roles with its own forms (the user page's inline, the role list): what changed is audited
    as grant_role and revoke_role audit it."""
    after = roles_held(user)
    for action, changed in (("accounts.role_granted", after - before), ("accounts.role_revoked", before - after)):
        for role, governorate_id, municipality_id in sorted(changed, key=str):
            audit.record(action, by, municipality=municipality_id, governorate=governorate_id, target=user,
                         role=role)


def revoke_role(user, role, governorate=None, municipality=None, *, by) -> bool:
    """Take a role back (an organiser's act, `by`); True if it was held. Revoking a role not held changes
    nothing."""
    require(is_organiser, by, message=_("Seuls les organisateurs attribuent les rôles."))
    errors = scope_errors(role, _id(governorate), _id(municipality))
    if errors:
        raise Invalid(errors={field: [message] for field, message in errors.items()})
    with transaction.atomic():
        locked = _locked(user)
        deleted, _details = RoleAssignment.objects.filter(
            user=locked, role=role, governorate_id=_id(governorate), municipality_id=_id(municipality)
        ).delete()
        sync_admin_access(locked)
        if deleted:
            audit.record("accounts.role_revoked", by, municipality=municipality, governorate=governorate,
                         target=user, role=role)
    user.is_staff = locked.is_staff
    _forget_cached_roles(user)
    return bool(deleted)


PUBLIC_NAME_MIN = 3
PUBLIC_NAME = re.compile(r"[\w\u064b-\u0652 .'’()-]+")
"""Letters of any script (with Arabic vowel marks), digits, spaces and . _ ' ( ) - : no @, so no e-mail address."""
# Names a person could use to pass for the site, its staff or an erased account, compared in their search form
# (core.text.fold: whatever the capitals, accents, vowel marks or spacing).
RESERVED_PUBLIC_NAMES = frozenset(fold(name) for name in (
    "Madina", "مدينة", "admin", "administrateur", "administration", "administrator", "إدارة", "المشرف",
    "modérateur", "modération", "moderator", "مشرف", "municipalité", "mairie", "municipality", "البلدية",
    "organisateur", "organiser", "المنظم", "support", "staff", "équipe Madina", "compte supprimé",
    "deleted account", "حساب محذوف", "compte sans nom", "anonyme", "anonymous",
))


def clean_public_name(name: str, user=None) -> str:
    """The name as it will be stored (spaces tidied), or Invalid on `display_name`: too short or long, a
    character outside the allowed ones, reserved, or already taken by another account (capitals and compatibility
    forms aside: models.public_name_key). Stored in NFKC, so that a name typed in full-width or with ligatures is
    the name it looks like."""
    name = " ".join(unicodedata.normalize("NFKC", str(name)).split())
    if not PUBLIC_NAME_MIN <= len(name) <= PUBLIC_NAME_MAX:
        raise Invalid(
            _("Un nom public a de %(min)d à %(max)d caractères.") % {"min": PUBLIC_NAME_MIN, "max": PUBLIC_NAME_MAX},
            field="display_name",
        )
    if not PUBLIC_NAME.fullmatch(name):
        raise Invalid(
            _("Un nom public s'écrit avec des lettres, des chiffres, des espaces et . _ ' ( ) - seulement."),
            field="display_name",
        )
    if fold(name) in RESERVED_PUBLIC_NAMES:
        raise Invalid(_("Ce nom public est réservé : choisissez-en un autre."), field="display_name")
    others = User.objects.filter(name_key=public_name_key(name))
    if user is not None and user.pk:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise Invalid(_("Ce nom public est déjà pris : choisissez-en un autre."), field="display_name")
    return name


def _save_name(user, fields: list[str]) -> None:
    """Saved in a savepoint: a name taken meanwhile by someone else is refused like one taken before."""
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError:
        raise Invalid(_("Ce nom public est déjà pris : choisissez-en un autre."), field="display_name") from None


def set_public_name(user, name: str) -> None:
    """The name chosen at sign-up."""
    user.display_name = clean_public_name(name, user)
    _save_name(user, ["display_name"])


def limit_account_changes(user) -> None:
    """Profile changes (a PPP company's too), avatars and data downloads share one count per person: each is cheap
    to send and dear to serve (a re-encoded picture, every app's rows), and a name tried again and again probes who
    holds it."""
    ratelimit.limit(f"account:user:{user.pk}", settings.MADINA_ACCOUNT_RATE,
                    _("Vous avez modifié ou téléchargé vos données %(count)d fois en %(minutes)d minutes : "
                      "attendez un peu."))


def _limit_password(user) -> None:
    """A password typed again (a token, an erasure) is a guess a stolen session could repeat: counted before it is
    checked and outside any transaction, so that a wrong one still counts."""
    ratelimit.limit(f"password:user:{user.pk}", settings.MADINA_PASSWORD_RATE,
                    _("Trop d'essais de mot de passe (%(count)d en %(minutes)d minutes) : réessayez plus tard."))


def update_profile(user, *, display_name: str, language: str) -> None:
    """The name shown beside what the person writes on the site and the language Madina writes to them in; the
    e-mail address changes through allauth."""
    limit_account_changes(user)
    if language not in dict(settings.LANGUAGES):
        raise Invalid(_("Langue inconnue."), field="language")
    user.display_name = clean_public_name(display_name, user)
    user.language = language
    _save_name(user, ["display_name", "language"])


def set_avatar(user, **change) -> None:
    """The picture beside the person's public name (core.pictures checks and cleans it; initials without one).
    Counted before the transaction: a picture refused after it was decoded cost as much as one kept."""
    require(is_signed_in, user, message=_("Connectez-vous pour changer votre avatar."))
    limit_account_changes(user)
    with transaction.atomic():
        pictures.apply(user, field="avatar", alt_field="", **change)


TOKEN_DAYS_MAX = 365


def create_token(user, *, name: str, scope: str, days: int, password: str) -> tuple[ApiToken, str]:
    """A new personal token and its value, which is shown once and never stored. The password is asked again (a
    token outlives the session it was made in: a session left open must not mint one) and the creation audited."""
    require(is_signed_in, user, message=_("Connectez-vous pour créer un jeton."))
    _limit_password(user)
    if not user.check_password(password):
        raise Invalid(_("Mot de passe incorrect : le jeton n'est pas créé."), field="password")
    name = " ".join(str(name).split())
    if not 1 <= len(name) <= 80:
        raise Invalid(_("Nommez le jeton (80 caractères au plus) : vous saurez à quoi il sert."), field="name")
    if scope not in TokenScope.values:
        raise Invalid(_("Portée inconnue."), field="scope")
    if not 1 <= days <= TOKEN_DAYS_MAX:
        raise Invalid(_("Un jeton vit de 1 à %(max)d jours.") % {"max": TOKEN_DAYS_MAX}, field="days")
    value = tokens.new_token()
    token = ApiToken.objects.create(user=user, name=name, prefix=value[:12], digest=tokens.digest(value), scope=scope,
                                    expires_at=timezone.now() + timedelta(days=days))
    audit.record("accounts.token_created", user, target=token, scope=scope, days=days)
    return token, value


def revoke_all_tokens(user) -> int:
    """A changed or reset password ends every token: whoever had the old one may have made some."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def revoke_token(user, token_id: int) -> None:
    """Revoking one's own token; an unknown one, or someone else's, is not found."""
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated and not ApiToken.objects.filter(pk=token_id, user=user).exists():
        raise NotFound(_("Ce jeton n'existe pas."))


def export_personal_data(user) -> dict:
    """Everything Madina holds about the person, from every app (accounts.personal_data); the download is audited."""
    require(is_signed_in, user, message=_("Connectez-vous pour télécharger vos données."))
    limit_account_changes(user)
    data = personal_data.export(user)
    audit.record("accounts.data_exported", user, target=user)
    return data


def erase_account(user, password: str) -> None:
    """The person deletes their account, confirming with their password (accounts.personal_data says what goes
    and what stays)."""
    require(is_signed_in, user, message=_("Connectez-vous pour supprimer votre compte."))
    _limit_password(user)
    _erase(user, password)


@transaction.atomic
def _erase(user, password: str) -> None:
    if not user.check_password(password):
        raise Invalid(_("Mot de passe incorrect : le compte n'est pas supprimé."), field="password")
    row = _locked(user)
    personal_data.erase(row)
    EmailAddress.objects.filter(user=row).delete()
    row.api_tokens.all().delete()
    row.roles.all().delete()
    pictures.apply(row, remove=True, field="avatar", alt_field="")  # the file goes once the erasure commits
    row.email = f"supprime-{row.pk}@invalid"  # unique and required; .invalid is never delivered (RFC 2606)
    row.display_name = ""
    row.erased_at = timezone.now()
    row.is_active = row.is_staff = row.is_superuser = False
    row.set_unusable_password()
    row.save()
