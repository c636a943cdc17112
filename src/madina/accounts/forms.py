from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from madina.core.errors import Invalid

from . import services
from .models import PUBLIC_NAME_MAX, TokenScope, User


def public_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Nom public"),
        max_length=PUBLIC_NAME_MAX,
        help_text=_("Montré à côté de vos propositions et commentaires ; votre adresse e-mail n'est jamais publiée."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "dir": "auto"}),
    )


class SignupForm(forms.Form):
    """What Madina adds to allauth's sign-up form (`ACCOUNT_SIGNUP_FORM_CLASS`): the public name."""

    display_name = public_name_field()

    def clean_display_name(self):
        try:
            return services.clean_public_name(self.cleaned_data["display_name"])
        except Invalid as refusal:
            raise forms.ValidationError(refusal.message) from None

    def signup(self, request, user) -> None:
        """Called by allauth once the account is saved."""
        services.set_public_name(user, self.cleaned_data["display_name"])


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Nom du jeton"), max_length=80,
                           help_text=_("À quoi il sert : « tableau de bord de la municipalité », « script d'import »."))
    scope = forms.ChoiceField(label=_("Portée"), choices=TokenScope.choices, initial=TokenScope.READ,
                              widget=forms.RadioSelect)
    days = forms.IntegerField(label=_("Durée de vie (jours)"), min_value=1, max_value=365, initial=90)
    password = forms.CharField(label=_("Votre mot de passe"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class EraseForm(forms.Form):
    password = forms.CharField(label=_("Votre mot de passe"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class ProfileForm(forms.Form):
    display_name = public_name_field()
    language = forms.ChoiceField(
        label=_("Langue des e-mails"), choices=settings.LANGUAGES,
        help_text=_("Les e-mails de Madina (inscriptions, réponses, résultats) vous sont écrits dans cette langue."),
    )


class UserCreationAdminForm(AdminUserCreationForm):
    """The admin's "add user" form, by e-mail: the model has no user name."""

    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Un compte utilise déjà cette adresse e-mail."))
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
