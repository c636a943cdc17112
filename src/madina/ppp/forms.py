"""Forms only read and check what people type; the writes and the permission checks are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from madina.core.forms import DateTimeInput
from madina.projects.models import Sector
from madina.territory.models import Governorate

from .interests import MESSAGE_MAX, QUESTION_MAX
from .models import (
    FOR_INVESTORS,
    Company,
    ContractForm,
    Event,
    InvestorDocument,
    Readiness,
    Screening,
)
from .queries import SIZES
from .services import EDITABLE, REASONS_MAX


class ScreeningForm(forms.ModelForm):
    class Meta:
        model = Screening
        fields = EDITABLE


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=Event.choices[1:], widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Motifs"), required=False, max_length=REASONS_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Obligatoires pour demander des modifications ou refuser."))


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(label=_("Fichier"), help_text=_("PDF ou document bureautique."))

    class Meta:
        model = InvestorDocument
        fields = ("title", "audience")


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ("name", "country", "sector", "contact_name", "contact_phone")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to a few files in one input; the service checks each of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class InterestForm(forms.Form):
    message = forms.CharField(label=_("Votre message"), max_length=MESSAGE_MAX,
                              widget=forms.Textarea(attrs={"rows": 5}))
    uploads = MultipleFileField(label=_("Documents (facultatif)"), required=False,
                                help_text=_("Jusqu'à trois fichiers PDF ou bureautiques."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Réponse"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    deadline = forms.DateTimeField(label=_("Date limite"), widget=DateTimeInput())
    questions = forms.CharField(label=_("Questions"), widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("Une question par ligne."))

    def clean_questions(self):
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class SoundingAnswerForm(forms.Form):
    """One text box per question of the round."""

    def __init__(self, *args, questions=(), initial_answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.CharField(
                label=question[:QUESTION_MAX], max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                initial=initial_answers[index] if index < len(initial_answers) else "")

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class InvestorFilterForm(forms.Form):
    """The catalogue's filters, all in the query string so that every view of it is a link."""

    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.all(), to_field_name="code",
                                    required=False)
    governorate = forms.ModelChoiceField(label=_("Gouvernorat"), queryset=Governorate.objects.order_by("name"),
                                         to_field_name="slug", required=False)
    size = forms.ChoiceField(label=_("Taille (coût d'investissement)"), required=False,
                             choices=[("", "—"), *[(key, label) for key, label, _low, _high in SIZES]])
    contract_form = forms.ChoiceField(label=_("Forme de contrat"), required=False,
                                      choices=[("", "—"), *ContractForm.choices])
    stage = forms.ChoiceField(label=_("Stade"), required=False,
                              choices=[("", "—"), *[(s.value, s.label) for s in Readiness if s in FOR_INVESTORS]])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["governorate"].queryset = Governorate.objects.order_by("name").defer(
            "geometry", "min_lon", "min_lat", "max_lon", "max_lat")


class NationalFilterForm(InvestorFilterForm):
    """The national view's filters: every stage, and what waits for the reviewers. The exports take the same."""

    size = None
    stage = forms.ChoiceField(label=_("Stade"), required=False, choices=[("", "—"), *Readiness.choices])
    waiting = forms.BooleanField(label=_("En attente de revue seulement"), required=False)

    def filters(self) -> dict[str, str]:
        """The valid filters as the query string writes them (a wrong value is left out, and said by the form)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        found = {"sector": data.get("sector") and data["sector"].code,
                 "governorate": data.get("governorate") and data["governorate"].slug,
                 "stage": data.get("stage"), "contract_form": data.get("contract_form"),
                 "waiting": "1" if data.get("waiting") else ""}
        return {key: value for key, value in found.items() if value}
