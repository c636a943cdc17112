from django import forms
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from madina.core.forms import DateInput
from madina.participation.models import Proposal, ProposalState
from madina.projects.models import Project

from .models import BudgetProject, CensusCheck, CountRule, Eligibility
from .services.eligibility import CODES_PER_BATCH_MAX


class IdentifierForm(forms.Form):
    """The identifier and the second fact the budget's list holds (`Budget.census_check`), drawn for that fact."""

    identifier = forms.CharField(
        label=_("Votre numéro de carte d'identité (CIN)"), max_length=40,
        help_text=_("Il sert seulement à vérifier que vous êtes sur la liste ; il n'est pas enregistré en clair."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        if budget.census_check == CensusCheck.BIRTH_DATE:
            self.fields["fact"] = forms.DateField(label=_("Votre date de naissance"), widget=DateInput(
                attrs={"autocomplete": "bday"}))
        else:
            self.fields["fact"] = forms.CharField(
                label=_("Le code postal de votre adresse"), min_length=4, max_length=4,
                widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}))

    def claim(self) -> tuple[str, str]:
        """The identifier and the fact as the service reads them (a date in ISO form)."""
        fact = self.cleaned_data["fact"]
        return self.cleaned_data["identifier"], fact.isoformat() if hasattr(fact, "isoformat") else fact


class CensusForm(forms.Form):
    file = forms.FileField(label=_("Liste des habitants (CSV)"))

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        if budget.census_check == CensusCheck.BIRTH_DATE:
            help_text = _("Une ligne par habitant : son identifiant (numéro de CIN) dans la première colonne, sa date "
                          "de naissance (2001-03-09 ou 09/03/2001) dans la deuxième ; une ligne d'en-tête est "
                          "permise. Seule une empreinte chiffrée de chacun est enregistrée.")
        else:
            help_text = _("Une ligne par habitant : son identifiant (numéro de CIN) dans la première colonne, le code "
                          "postal de son adresse dans la deuxième ; une ligne d'en-tête est permise. Seule une "
                          "empreinte chiffrée de chacun est enregistrée.")
        self.fields["file"].help_text = help_text


class CodesForm(forms.Form):
    how_many = forms.IntegerField(label=_("Nombre de codes à imprimer"), min_value=1, max_value=CODES_PER_BATCH_MAX,
                                  initial=100)


class PaperBallotForm(forms.Form):
    code = forms.CharField(label=_("Code de vote"), required=False, max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    identifier = forms.CharField(label=_("ou identifiant de l'habitant (CIN)"), required=False, max_length=40,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))


class BudgetForm(forms.Form):
    """The rules voters read before choosing; they can change only until the first ballot."""

    title_fr = forms.CharField(label=_("Titre en français"), max_length=200)
    title_ar = forms.CharField(label=_("Titre en arabe (facultatif)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    title_en = forms.CharField(label=_("Titre en anglais (facultatif)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs={"lang": "en"}))
    amount_tnd = forms.IntegerField(label=_("Montant mis au vote (TND)"), min_value=1)
    min_projects = forms.IntegerField(label=_("Nombre minimum de projets par bulletin"), min_value=0, initial=1)
    max_projects = forms.IntegerField(label=_("Nombre maximum de projets par bulletin"), min_value=1, required=False,
                                      help_text=_("Laissez vide pour ne pas fixer de maximum."))
    rule = forms.ChoiceField(label=_("Règle de dépouillement"), choices=CountRule.choices,
                             initial=CountRule.MES_ADD1)
    eligibility = forms.ChoiceField(label=_("Qui peut voter en ligne"),
                                    choices=[(value, capfirst(label)) for value, label in Eligibility.choices],
                                    initial=Eligibility.CENSUS, widget=forms.RadioSelect)
    census_check = forms.ChoiceField(
        label=_("Vérifié avec l'identifiant"), choices=[(value, capfirst(label)) for value, label in CensusCheck.choices],
        initial=CensusCheck.BIRTH_DATE, widget=forms.RadioSelect,
        help_text=_("Ce que la liste des habitants donne pour chacun en deuxième colonne, et que chacun tape avec son "
                    "identifiant : un numéro de CIN seul se devine ou s'emprunte. Préférez la date de naissance : une "
                    "municipalité n'a que quelques codes postaux, qu'un essai ou deux devinent."),
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_projects"), data.get("max_projects")
        if low is not None and high is not None and high < low:
            self.add_error("max_projects", _("Le nombre maximum de projets doit être au moins égal au minimum."))
        return data

    def budget_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["title"] = data.pop("title_fr")
        return data


class CatalogueProjectForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Projet du catalogue de la municipalité"), queryset=Project.objects.none())
    cost_tnd = forms.IntegerField(
        label=_("Coût soumis au vote (TND)"), min_value=1, required=False,
        help_text=_("Laissez vide pour reprendre le coût estimé du catalogue."),
    )

    def __init__(self, *args, budget, **kwargs):
        """Projects already on the ballot are not offered again."""
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            Project.objects.filter(municipality=budget.process.municipality_id)
            .exclude(pk__in=BudgetProject.objects.filter(budget=budget, project__isnull=False).values("project"))
            .order_by("title")
        )
        self.fields["project"].label_from_instance = _project_label

    def clean(self):
        data = super().clean()
        project = data.get("project")
        if project is not None and data.get("cost_tnd") is None and project.estimated_cost_tnd is None:
            self.add_error("cost_tnd", _("Ce projet n'a pas de coût estimé : indiquez son coût."))
        return data


def _project_label(project) -> str:
    if project.estimated_cost_tnd is None:
        return str(project)
    return _("%(title)s (coût estimé : %(cost)s TND)") % {
        "title": project.title, "cost": number_format(project.estimated_cost_tnd, 0, force_grouping=True),
    }


class ProposalProjectForm(forms.Form):
    proposal = forms.ModelChoiceField(label=_("Proposition de la concertation"), queryset=Proposal.objects.none())
    cost_tnd = forms.IntegerField(label=_("Coût estimé par la municipalité (TND)"), min_value=1)

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = (
            Proposal.objects.filter(process=budget.process_id, is_hidden=False, state=ProposalState.PUBLISHED)
            .exclude(pk__in=BudgetProject.objects.filter(budget=budget, proposal__isnull=False).values("proposal"))
            .order_by("-support_count", "title")
        )
