"""The staff's forms for opening a survey and writing its questions; services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from madina.participation.phases import PhaseKind
from madina.questionnaires.models import Kind


class OpenSurveyForm(forms.Form):
    TEMPLATE, OWN = "template", "own"

    slug = forms.SlugField(label=_("Identifiant (dans l'adresse)"), max_length=50,
                           help_text=_("Lettres sans accents, chiffres et tirets : qualite-de-vie-2026."))
    phase = forms.ModelChoiceField(label=_("Phase d'enquête"), queryset=None, empty_label=None,
                                   help_text=_("L'enquête est ouverte pendant cette phase de la concertation."))
    start = forms.ChoiceField(label=_("Questionnaire"), widget=forms.RadioSelect, initial=TEMPLATE, choices=[
        (TEMPLATE, _("Le modèle « qualité de vie » (ses moyennes alimentent les indicateurs de la municipalité)")),
        (OWN, _("Mes propres questions"))])
    title = forms.CharField(label=_("Titre de l'enquête (pour vos propres questions)"), max_length=200, required=False)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = process.phases.filter(kind=PhaseKind.SURVEY).order_by("starts_at")


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de question"), choices=Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    choices = forms.CharField(label=_("Choix, un par ligne (questions à choix et classement)"), required=False,
                              max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False, initial=True)
