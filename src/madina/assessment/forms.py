"""The organisers' campaign form, and the small forms behind the reviewers' and the municipality's buttons.
The answers themselves are read by the questionnaire engine (questionnaires.answers.from_post), not by a form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from madina.core.forms import DateInput
from madina.questionnaires.models import Purpose, Questionnaire
from madina.territory.models import Municipality

from .models import Campaign
from .services import REVIEW_MAX


class CampaignForm(forms.ModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalités invitées"), required=False,
        queryset=Municipality.objects.only("pk", "name", "name_fr", "name_ar", "name_en").order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("En plus de celles de l'édition choisie, ou à sa place."),
    )

    class Meta:
        model = Campaign
        fields = ["slug", "title_fr", "title_ar", "title_en", "description_fr", "description_ar", "description_en",
                  "questionnaire", "edition", "closes_on", "threshold", "floor", "margin"]
        labels = {"title_fr": _("Titre (français)"), "title_ar": _("Titre (arabe)"), "title_en": _("Titre (anglais)"),
                  "description_fr": _("Description (français)"), "description_ar": _("Description (arabe)"),
                  "description_en": _("Description (anglais)")}
        widgets = {"closes_on": DateInput(), "description_fr": forms.Textarea(attrs={"rows": 3}),
                   "description_ar": forms.Textarea(attrs={"rows": 3}),
                   "description_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_fr"].required = True
        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(purpose=Purpose.ASSESSMENT)

    def _post_clean(self):
        """The service checks the campaign (with the invited places) as a whole; no model validation twice."""


class ReviewForm(forms.Form):
    body = forms.CharField(label=_("Message"), required=False, max_length=REVIEW_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))
    question = forms.SlugField(required=False, max_length=40, widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    question = forms.ChoiceField(label=_("Question appuyée"))
    upload = forms.FileField(label=_("Justificatif (PDF, document bureautique ou photo)"))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [(q.code, f"{q.dimension.order}.{q.order} {q.text}") for q in questions]
