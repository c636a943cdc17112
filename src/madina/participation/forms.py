from django import forms
from django.utils.translation import gettext_lazy as _

from madina.projects.models import Intervention, Project, Sector

from . import conf
from .models import AnswerState, ReportReason


class ProposalForm(forms.Form):
    """Location comes from two number fields: the map fills them on click, and without JavaScript people type."""

    title = forms.CharField(label=_("Titre"), max_length=200)
    body = forms.CharField(
        label=_("Votre proposition"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Décrivez le besoin, le lieu et ce que vous proposez. Mise en forme simple acceptée."),
    )
    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.all(), empty_label=None)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, min_value=30, max_value=38,
        help_text=_("Cliquez sur la carte, ou saisissez la latitude (par exemple 33.881457)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, min_value=7, max_value=12,
        help_text=_("Par exemple 10.098196."),
    )


class ImagesForm(forms.Form):
    """Up to conf.max_images() images, each with its description for people who cannot see it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, conf.max_images() + 1):
            self.fields[f"image_{i}"] = forms.ImageField(label=_("Image %(n)d") % {"n": i}, required=False)
            self.fields[f"alt_{i}"] = forms.CharField(
                label=_("Description de l'image %(n)d") % {"n": i}, max_length=200, required=False
            )

    def clean(self):
        data = super().clean()
        for i in range(1, conf.max_images() + 1):
            if data.get(f"image_{i}") and not (data.get(f"alt_{i}") or "").strip():
                self.add_error(f"alt_{i}", _("Décrivez l'image en quelques mots."))
        return data

    def uploads(self):
        from .services import ImageUpload

        return [
            ImageUpload(self.cleaned_data[f"image_{i}"], self.cleaned_data[f"alt_{i}"])
            for i in range(1, conf.max_images() + 1)
            if self.cleaned_data.get(f"image_{i}")
        ]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Votre commentaire"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=ReportReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(label=_("Précisions (facultatif)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ModerationForm(forms.Form):
    reason = forms.CharField(label=_("Motif de la décision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EndorseForm(forms.Form):
    organisation = forms.CharField(label=_("Au nom de l'organisation"), max_length=200)


NEW_PROJECT = "new"


class AnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("Réponse"), choices=AnswerState.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Motifs"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    project = forms.ChoiceField(
        label=_("Projet du catalogue (si retenue)"), required=False,
        help_text=_("Rattachez la proposition à un projet existant de la municipalité, ou créez-en un nouveau."),
    )
    intervention = forms.ChoiceField(
        label=_("Type d'intervention du nouveau projet"), choices=Intervention.choices, initial=Intervention.CITY_WIDE,
        required=False,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.filter(municipality=municipality).order_by("title").values_list("pk", "title")
        self.fields["project"].choices = [
            ("", _("— aucun —")), (NEW_PROJECT, _("Créer un nouveau projet à partir de la proposition")),
            *((str(pk), title) for pk, title in projects),
        ]
        self.municipality = municipality

    def catalogue_choice(self):
        """(existing project, new project settings) from the form's choice."""
        from .services import NewProject

        choice = self.cleaned_data.get("project")
        if choice == NEW_PROJECT:
            return None, NewProject(self.cleaned_data.get("intervention") or Intervention.CITY_WIDE)
        if choice:
            return Project.objects.get(pk=int(choice), municipality=self.municipality), None
        return None, None
