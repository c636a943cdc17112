from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=120,
        required=False,
        help_text=_("Montré à côté de vos contributions ; sans nom, votre adresse e-mail reste privée."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
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
