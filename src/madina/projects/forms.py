"""Forms only read and check what people type; the writes and the permission checks are in services."""

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madina.core.forms import DateInput
from madina.core.geo import GeometryError, load_json
from madina.indicators.queries import catalogue as indicator_catalogue
from madina.territory.models import Municipality, Perimeter

from .models import (
    SCORE_MAX,
    AttachmentKind,
    Contact,
    FundingSource,
    Intervention,
    Organisation,
    OrganisationKind,
    Origin,
    Project,
    Sector,
    Stage,
)
from .services import NOTE_MAX


class LocationFields(forms.Form):
    """A point typed as longitude/latitude, or an area pasted as GeoJSON; both optional."""

    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=7, max_value=12)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=30, max_value=38)
    area_geojson = forms.CharField(
        label=_("Ou une zone (GeoJSON)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un Polygon ou MultiPolygon, en longitude, latitude."),
    )

    def geometry(self):
        data = self.cleaned_data
        if data.get("area_geojson"):
            return data["area_geojson"]
        if data.get("longitude") is not None and data.get("latitude") is not None:
            return {"type": "Point", "coordinates": [data["longitude"], data["latitude"]]}
        return None

    def clean_area_geojson(self):
        text = self.cleaned_data.get("area_geojson", "").strip()
        if not text:
            return None
        try:
            return load_json(text)
        except GeometryError as exc:
            raise ValidationError(_("Ce n'est pas du GeoJSON valide.")) from exc

    def clean(self):
        data = super().clean()
        if (data.get("longitude") is None) != (data.get("latitude") is None):
            raise ValidationError(_("Donnez la longitude et la latitude, ou aucune des deux."))
        return data


class ProjectForm(LocationFields):
    title_fr = forms.CharField(label=_("Titre (français)"), max_length=200)
    title_ar = forms.CharField(label=_("Titre (arabe)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Titre (anglais)"), max_length=200, required=False)
    summary_fr = forms.CharField(label=_("Résumé (français)"), max_length=500, required=False)
    summary_ar = forms.CharField(label=_("Résumé (arabe)"), max_length=500, required=False)
    description_fr = forms.CharField(
        label=_("Description (français)"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paragraphes, listes et liens sont gardés ; le reste est retiré."),
    )
    description_ar = forms.CharField(label=_("Description (arabe)"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    municipality = forms.ModelChoiceField(label=_("Municipalité"), queryset=Municipality.objects.order_by("name"))
    perimeter = forms.ModelChoiceField(label=_("Périmètre smart city"), queryset=Perimeter.objects.all(), required=False)
    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.all())
    intervention = forms.ChoiceField(label=_("Type d'intervention"), choices=Intervention.choices)
    sdg_targets = forms.CharField(label=_("Cibles ODD"), required=False, help_text=_("Par exemple : 11.2 7.3"))
    origin = forms.ChoiceField(label=_("Identifié par"), choices=Origin.choices)
    origin_note = forms.CharField(label=_("Précision sur l'origine"), max_length=300, required=False)
    estimated_cost_tnd = forms.DecimalField(label=_("Coût estimé (TND)"), required=False, min_value=0, max_digits=15, decimal_places=3)
    is_ppp_candidate = forms.BooleanField(label=_("Candidat au partenariat public-privé"), required=False)

    SERVICE_FIELDS = (
        "title_fr", "title_ar", "title_en", "summary_fr", "summary_ar", "description_fr", "description_ar",
        "municipality", "perimeter", "sector", "intervention", "sdg_targets", "origin", "origin_note",
        "estimated_cost_tnd", "is_ppp_candidate",
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS}
        data["geometry"] = self.geometry()
        return data

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        initial = {name: getattr(project, name) for name in cls.SERVICE_FIELDS}
        initial["sdg_targets"] = " ".join(project.sdg_targets)
        if project.geometry and project.geometry.get("type") == "Point":
            initial["longitude"], initial["latitude"] = project.geometry["coordinates"]
        elif project.geometry:
            initial["area_geojson"] = json.dumps(project.geometry)
        return initial


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Nouvelle étape"), choices=())
    effective_date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE_MAX)
    merged_into = forms.IntegerField(
        label=_("Fusionné dans le projet n°"), required=False, min_value=1,
        help_text=_("Seulement pour une fusion : l'identifiant du projet qui le reprend."),
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        self.fields["to_stage"].choices = [(s, labels[s]) for s in stages]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Jalon"), max_length=200)
    planned_date = forms.DateField(label=_("Date prévue"), widget=DateInput())
    actual_date = forms.DateField(label=_("Date réelle"), required=False, widget=DateInput())


class ProgressForm(forms.Form):
    physical = forms.IntegerField(label=_("Avancement physique (%)"), min_value=0, max_value=100)
    financial = forms.IntegerField(label=_("Avancement financier (%)"), min_value=0, max_value=100)
    reported_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=AttachmentKind.choices)
    upload = forms.FileField(label=_("Fichier"))
    caption = forms.CharField(label=_("Légende"), max_length=200, required=False)


class FundingLineForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *FundingSource.choices], required=False)
    amount_tnd = forms.DecimalField(label=_("Montant (TND)"), min_value=0, max_digits=15, decimal_places=3, required=False)
    note = forms.CharField(label=_("Précision"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("source")) != (data.get("amount_tnd") is not None):
            raise ValidationError(_("Une ligne de financement a une source et un montant."))
        return data


FundingFormSet = forms.formset_factory(FundingLineForm, extra=3, max_num=12)


class ScoreForm(forms.Form):
    def __init__(self, *args, criteria=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c_{criterion.code}"] = forms.TypedChoiceField(
                label=criterion.name, coerce=int, required=False, initial=current.get(criterion.pk),
                choices=[("", "—"), *[(i, str(i)) for i in range(SCORE_MAX + 1)]],
                help_text=criterion.description,
            )

    def scores(self):
        return [
            (criterion, self.cleaned_data[f"c_{criterion.code}"])
            for criterion in self.criteria
            if self.cleaned_data.get(f"c_{criterion.code}") not in (None, "")
        ]


class RowForm(forms.Form):
    """A row of a table of forms: blank (and skipped) while none of its `identifying` fields is filled; its select
    lists narrowed by `querysets` and, in a SharedChoicesFormSet, read once for the whole table (`choices`)."""

    identifying: tuple[str, ...] = ()

    def __init__(self, *args, querysets: dict | None = None, choices: dict[str, list] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (querysets or {}).items():
            self.fields[name].queryset = queryset
        # The querysets still check what is posted; the choices only spare a query per row.
        for name, options in (choices or {}).items():
            self.fields[name].choices = options

    def is_blank(self) -> bool:
        return not any(_filled(self.cleaned_data.get(name)) for name in self.identifying)


def _filled(value) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


class WorkshopRowForm(RowForm):
    """One project named during a workshop: only what can be typed while people talk."""

    identifying = ("title_fr", "title_ar")

    title_fr = forms.CharField(label=_("Titre (français)"), max_length=200, required=False)
    title_ar = forms.CharField(label=_("Titre (arabe)"), max_length=200, required=False)
    summary_fr = forms.CharField(label=_("En une phrase"), max_length=500, required=False)
    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.all(), required=False)
    intervention = forms.ChoiceField(label=_("Type d'intervention"), choices=Intervention.choices, initial=Intervention.CITY_WIDE)
    perimeter = forms.ModelChoiceField(label=_("Périmètre"), queryset=Perimeter.objects.none(), required=False)
    estimated_cost_tnd = forms.DecimalField(label=_("Coût estimé (TND)"), required=False, min_value=0, max_digits=15, decimal_places=3)

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data  # an empty row is skipped
        if not data.get("title_fr"):
            self.add_error("title_fr", _("Le titre en français est obligatoire."))
        if not data.get("sector"):
            self.add_error("sector", _("Choisissez un secteur."))
        if data.get("intervention") != Intervention.CITY_WIDE and not data.get("perimeter"):
            self.add_error("perimeter", _("Une intervention de ce type se fait dans un périmètre : choisissez-le."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class SharedChoicesFormSet(forms.BaseFormSet):
    """Rows offering the same select lists (the fields named in `shared_choices`) read them once for the whole
    table, not once per row: each RowForm gets them as `choices`."""

    shared_choices: tuple[str, ...] = ()

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self._shared}

    @cached_property
    def _shared(self) -> dict[str, list]:
        fields = self.form(**self.form_kwargs).fields
        # iter() first: list() would ask the choice iterator its length, a COUNT query of its own.
        return {name: list(iter(fields[name].choices)) for name in self.shared_choices}


class BaseWorkshopFormSet(SharedChoicesFormSet):
    shared_choices = ("sector", "perimeter")


WorkshopFormSet = forms.formset_factory(WorkshopRowForm, formset=BaseWorkshopFormSet, extra=5, max_num=30)


class PromoterForm(RowForm):
    """One organisation carrying the project; a row left empty is ignored, a row ticked « Retirer » is dropped."""

    identifying = ("name",)

    name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *OrganisationKind.choices], required=False)
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    is_lead = forms.BooleanField(label=_("Chef de file"), required=False)

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE"):
            return data
        if (data.get("name") or "").strip() and not data.get("kind"):
            self.add_error("kind", _("Choisissez le type de l'organisation."))
        elif data.get("kind") and not (data.get("name") or "").strip():
            self.add_error("name", _("Donnez le nom de l'organisation."))
        return data


class BasePromoterFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [
            form.cleaned_data for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
        ]

    def clean(self):
        if any(self.errors):
            return
        if sum(1 for row in self.rows() if row.get("is_lead")) > 1:
            raise ValidationError(_("Un seul promoteur est chef de file."))


PromoterFormSet = forms.formset_factory(PromoterForm, formset=BasePromoterFormSet, extra=2, max_num=20, can_delete=True)

PHONE = re.compile(r"^\+?[0-9 ().-]{6,20}$")


class ContactForm(RowForm):
    """A person to call about the project. `contact` holds the id of an existing contact being edited."""

    identifying = ("name", "role", "email", "phone")

    contact = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Nom"), max_length=160, required=False)
    role = forms.CharField(label=_("Fonction"), max_length=160, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=32, required=False,
                            help_text=_("Chiffres, espaces et + seulement, par exemple +216 74 000 000."))

    def clean_phone(self):
        phone = " ".join((self.cleaned_data.get("phone") or "").split())
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Ce numéro de téléphone n'est pas valide."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("DELETE") or self.is_blank():
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", _("Donnez le nom du contact."))
        elif not (data.get("email") or data.get("phone")):
            self.add_error("email", _("Donnez un e-mail ou un téléphone pour joindre ce contact."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) or ("" if name != "organisation" else None)
                for name in ("name", "role", "organisation", "email", "phone")}

    @staticmethod
    def initial_for(contact: Contact) -> dict:
        return {"contact": contact.pk, "name": contact.name, "role": contact.role,
                "organisation": contact.organisation_id, "email": contact.email, "phone": contact.phone}


class BaseContactFormSet(SharedChoicesFormSet):
    shared_choices = ("organisation",)


ContactFormSet = forms.formset_factory(ContactForm, formset=BaseContactFormSet, extra=1, max_num=20, can_delete=True)


class SearchInput(forms.TextInput):
    input_type = "search"


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, in the query string so that every view of the list is a link; each list offers
    only what has projects (queries.filter_options)."""

    q = forms.CharField(label=_("Recherche"), required=False, max_length=100, widget=SearchInput(
        attrs={"placeholder": _("titre, ville… (français ou arabe)")}))
    governorate = forms.ChoiceField(label=_("Gouvernorat"), required=False)
    municipality = forms.ChoiceField(label=_("Municipalité"), required=False)
    sector = forms.ChoiceField(label=_("Secteur"), required=False)
    stage = forms.ChoiceField(label=pgettext_lazy("project stage", "Étape"), required=False)
    funding = forms.ChoiceField(label=_("Source de financement"), required=False)
    perimeter = forms.ChoiceField(label=_("Périmètre"), required=False)

    def __init__(self, data, *, options: dict):
        super().__init__(data, auto_id="f-%s")
        everything, every_one = ("", _("Tous")), ("", _("Toutes"))
        by_slug = {name: [(row.slug, row.name) for row in options[key]]
                   for name, key in (("governorate", "governorates"), ("municipality", "municipalities"),
                                     ("perimeter", "perimeters"))}
        self.fields["governorate"].choices = [everything, *by_slug["governorate"]]
        self.fields["municipality"].choices = [every_one, *by_slug["municipality"]]
        self.fields["perimeter"].choices = [everything, *by_slug["perimeter"]]
        self.fields["sector"].choices = [everything, *((s.code, s.name) for s in options["sectors"])]
        self.fields["stage"].choices = [every_one, *Stage.choices]
        self.fields["funding"].choices = [every_one, *FundingSource.choices]


class AimForm(forms.Form):
    """An indicator the project means to move; the change is checked as a number by indicators' service."""

    indicator = forms.ModelChoiceField(label=_("Indicateur"), queryset=None, to_field_name="code")
    expected_change = forms.CharField(label=_("Changement attendu"), max_length=40,
                                      help_text=_("Dans l'unité de l'indicateur, négatif pour une baisse : -5 ou 2,5."))
    by_year = forms.IntegerField(label=_("D'ici l'année"), required=False, min_value=1990, max_value=2100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicator_catalogue()
