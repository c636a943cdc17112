from django import forms
from django.utils.translation import gettext_lazy as _

from .services import CODES_PER_BATCH_MAX


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label=_("Votre numéro de carte d'identité (CIN)"), max_length=40,
        help_text=_("Il sert seulement à vérifier que vous êtes sur la liste ; il n'est pas enregistré en clair."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )


class CensusForm(forms.Form):
    file = forms.FileField(
        label=_("Liste des habitants (CSV)"),
        help_text=_("Un identifiant par ligne dans la première colonne (numéro de CIN) ; une ligne d'en-tête est "
                    "permise. Seule une empreinte chiffrée de chaque identifiant est enregistrée."),
    )


class CodesForm(forms.Form):
    how_many = forms.IntegerField(label=_("Nombre de codes à imprimer"), min_value=1, max_value=CODES_PER_BATCH_MAX,
                                  initial=100)


class PaperBallotForm(forms.Form):
    code = forms.CharField(label=_("Code de vote"), required=False, max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    identifier = forms.CharField(label=_("ou identifiant de l'habitant (CIN)"), required=False, max_length=40,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
