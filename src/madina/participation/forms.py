from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from madina.core.forms import DateTimeInput
from madina.projects.models import Intervention, Project, Sector
from madina.territory.models import Municipality, Perimeter

from .models import AnswerState, ReportReason
from .phases import PhaseKind
from .services import COMMENT_MAX, PROPOSAL_BODY_MAX, ImageUpload, NewProject


class ProposalForm(forms.Form):
    """Location comes from two number fields: the map fills them on click, and without JavaScript people type."""

    title = forms.CharField(label=_("Titre"), max_length=200)
    body = forms.CharField(
        label=_("Votre proposition"), widget=forms.Textarea(attrs={"rows": 8}), max_length=PROPOSAL_BODY_MAX,
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
    """Up to settings.PARTICIPATION_MAX_IMAGES images, each with its description for people who cannot see it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, settings.PARTICIPATION_MAX_IMAGES + 1):
            self.fields[f"image_{i}"] = forms.ImageField(label=_("Image %(n)d") % {"n": i}, required=False)
            self.fields[f"alt_{i}"] = forms.CharField(
                label=_("Description de l'image %(n)d") % {"n": i}, max_length=200, required=False
            )

    def clean(self):
        data = super().clean()
        for i in range(1, settings.PARTICIPATION_MAX_IMAGES + 1):
            if data.get(f"image_{i}") and not (data.get(f"alt_{i}") or "").strip():
                self.add_error(f"alt_{i}", _("Décrivez l'image en quelques mots."))
        return data

    def uploads(self):
        return [
            ImageUpload(self.cleaned_data[f"image_{i}"], self.cleaned_data[f"alt_{i}"])
            for i in range(1, settings.PARTICIPATION_MAX_IMAGES + 1)
            if self.cleaned_data.get(f"image_{i}")
        ]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Votre commentaire"), widget=forms.Textarea(attrs={"rows": 4}), max_length=COMMENT_MAX)


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
        choice = self.cleaned_data.get("project")
        if choice == NEW_PROJECT:
            return None, NewProject(self.cleaned_data.get("intervention") or Intervention.CITY_WIDE)
        if choice:
            return Project.objects.get(pk=int(choice), municipality=self.municipality), None
        return None, None


class _PlaceChoice(forms.ModelChoiceField):
    """A perimeter or catalogue project, named with its municipality when several municipalities are offered."""

    def label_from_instance(self, obj):
        return f"{obj.municipality.name} · {obj}"


class ProcessForm(forms.Form):
    """French is required, Arabic and English optional: pages fall back to French where a translation is missing.
    The municipality is chosen once, at creation: proposals are later placed inside its boundary."""

    municipality = forms.ModelChoiceField(label=_("Municipalité"), queryset=Municipality.objects.none())
    perimeter = _PlaceChoice(
        label=_("Périmètre smart city (facultatif)"), queryset=Perimeter.objects.none(), required=False,
        help_text=_("Un périmètre de la municipalité choisie."),
    )
    project = _PlaceChoice(
        label=_("Projet du catalogue (facultatif)"), queryset=Project.objects.none(), required=False,
        help_text=_("Un projet de la municipalité choisie, si la concertation porte sur lui."),
    )
    title_fr = forms.CharField(label=_("Titre en français"), max_length=200)
    title_ar = forms.CharField(label=_("Titre en arabe (facultatif)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    title_en = forms.CharField(label=_("Titre en anglais (facultatif)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"lang": "en"}))
    description_fr = forms.CharField(
        label=_("Description en français"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mise en forme simple acceptée (paragraphes, listes, liens) ; le reste est retiré."),
    )
    description_ar = forms.CharField(label=_("Description en arabe (facultatif)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 6, "dir": "rtl", "lang": "ar"}))
    description_en = forms.CharField(label=_("Description en anglais (facultatif)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}))

    def __init__(self, *args, municipalities=None, process=None, **kwargs):
        """`municipalities` (creation) lists those the person manages; `process` (edition) fixes the municipality."""
        super().__init__(*args, **kwargs)
        if process is not None:
            del self.fields["municipality"]
            ids = [process.municipality_id]
        else:
            self.fields["municipality"].queryset = municipalities
            ids = list(municipalities.values_list("pk", flat=True))
            if len(ids) > 1:
                # A catalogue holds thousands of projects: one is chosen on the edit page, once the
                # municipality is known.
                del self.fields["project"]
                self.fields["perimeter"].help_text = _(
                    "Un périmètre de la municipalité choisie. Le projet du catalogue se choisit ensuite, en "
                    "modifiant la concertation."
                )
        self.fields["perimeter"].queryset = (
            Perimeter.objects.filter(municipality__in=ids).select_related("municipality").order_by("name")
        )
        if "project" in self.fields:
            self.fields["project"].queryset = (
                Project.objects.filter(municipality__in=ids).select_related("municipality").order_by("title")
            )
        self.process = process

    def clean(self):
        data = super().clean()
        municipality = self.process.municipality if self.process else data.get("municipality")
        if municipality is not None:
            for name in ("perimeter", "project"):
                chosen = data.get(name) if name in self.fields else None
                if chosen is not None and chosen.municipality_id != municipality.pk:
                    self.add_error(name, _("Choisissez-le dans la municipalité de la concertation."))
        return data

    def process_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("municipality", None)
        data["title"] = data.pop("title_fr")
        data["description"] = data.pop("description_fr")
        return data


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de phase"), choices=PhaseKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Début"), help_text=_("Date et heure, par exemple 2026-03-09 08:00."),
        widget=DateTimeInput(),
    )
    ends_at = forms.DateTimeField(
        label=_("Fin"), widget=DateTimeInput(),
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Une phase doit finir après avoir commencé."))
        return data
