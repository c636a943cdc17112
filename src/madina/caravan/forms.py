"""Forms of the organisers (an edition's rules, a stop) and of the local actors registering for a stop."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from madina.core.forms import DateInput, TimeInput

from . import services
from .models import Edition, Registration, Stop, Team, Tour

# The three language columns of a name, labelled alike on the edition, tour and team forms.
NAME_LABELS = {"name_fr": _("Nom (français)"), "name_ar": _("Nom (arabe)"), "name_en": _("Nom (anglais)")}


class RestDaysField(forms.CharField):
    """Dates written one per line or separated by commas or spaces (AAAA-MM-JJ)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        dates = []
        for part in text.replace(",", " ").split():
            try:
                dates.append(dt.date.fromisoformat(part).isoformat())
            except ValueError:
                raise forms.ValidationError(
                    _("« %(value)s » n'est pas une date AAAA-MM-JJ."), params={"value": part}, code="date"
                ) from None
        return sorted(set(dates))


class EditionForm(forms.ModelForm):
    rest_days = RestDaysField(label=_("Jours de repos"), required=False,
                              help_text=_("Dates AAAA-MM-JJ séparées par des virgules ; aucune étape ces jours-là."))

    class Meta:
        model = Edition
        fields = [
            "name_fr", "name_ar", "name_en", "description_fr", "description_ar", "start_date", "end_date",
            "day_start", "day_end", "session_minutes", "max_drive_minutes", "evening_drive_minutes",
            "evening_latest_arrival", "rest_days", "first_stop", "last_stop", "circuity", "speed_kmh",
        ]
        labels = {
            **NAME_LABELS,
            "description_fr": _("Description (français)"), "description_ar": _("Description (arabe)"),
        }
        widgets = {
            "start_date": DateInput(), "end_date": DateInput(), "day_start": TimeInput(), "day_end": TimeInput(),
            "evening_latest_arrival": TimeInput(),
            "description_fr": forms.Textarea(attrs={"rows": 3}), "description_ar": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fr"].required = True
        stops = Stop.objects.filter(edition=self.instance) if self.instance.pk else Stop.objects.none()
        for name in ("first_stop", "last_stop"):
            self.fields[name].queryset = stops.order_by("order")
            self.fields[name].empty_label = _("libre")
        if not self.instance.pk:
            del self.fields["first_stop"], self.fields["last_stop"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Le dernier jour vient avant le premier."))
        if data.get("day_start") and data.get("day_end") and data["day_end"] <= data["day_start"]:
            self.add_error("day_end", _("La journée finit avant de commencer."))
        if start and end:
            outside = [day for day in data.get("rest_days") or [] if not start.isoformat() <= day <= end.isoformat()]
            if outside:
                self.add_error("rest_days", _("Jours de repos hors de l'édition : %(days)s.")
                               % {"days": ", ".join(outside)})
        first, last = data.get("first_stop"), data.get("last_stop")
        if first and last and first == last:
            self.add_error("last_stop", _("L'étape d'arrivée doit être différente de l'étape de départ."))
        return data


class TourForm(forms.ModelForm):
    class Meta:
        model = Tour
        fields = ["name_fr", "name_ar", "name_en", "start_date", "end_date"]
        labels = NAME_LABELS
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fr"].required = True


class TeamForm(forms.ModelForm):
    """A team and its tour; the tour is chosen among the edition's (a team without one is refused on its field)."""

    tour = forms.ModelChoiceField(label=_("Tournée"), queryset=Tour.objects.none(), required=False,
                                  empty_label=_("— choisir —"))

    class Meta:
        model = Team
        fields = ["name_fr", "name_ar", "name_en", "colour", "start_stop", "end_stop"]
        labels = NAME_LABELS
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fr"].required = True
        self.fields["colour"].required = False
        self.fields["tour"].queryset = Tour.objects.filter(edition=edition).order_by("start_date")
        stops = Stop.objects.filter(edition=edition).order_by("order")
        for name in ("start_stop", "end_stop"):
            self.fields[name].queryset = stops
            self.fields[name].empty_label = _("libre")
        self.order_fields(["tour"])

    def clean(self):
        data = super().clean()
        if not data.get("tour") and "tour" not in self.errors:
            self.add_error("tour", _("Choisissez la tournée de l'équipe."))
        return data


class StopForm(forms.ModelForm):
    class Meta:
        model = Stop
        fields = ["pinned_day", "pinned_tour", "pinned_team", "venue_fr", "venue_ar", "venue_en", "capacity",
                  "latitude", "longitude"]
        labels = {"venue_fr": _("Lieu (français)"), "venue_ar": _("Lieu (arabe)"), "venue_en": _("Lieu (anglais)")}
        widgets = {"pinned_day": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pinned_tour"].queryset = Tour.objects.filter(edition_id=self.instance.edition_id)
        self.fields["pinned_team"].queryset = Team.objects.filter(tour__edition_id=self.instance.edition_id)
        self.fields["pinned_tour"].empty_label = self.fields["pinned_team"].empty_label = _("au choix du planificateur")

    def clean(self):
        """A position outside Tunisia is said in words on its field (the model's bounds would only give numbers)."""
        data = super().clean()
        for name in services.outside_tunisia(data.get("latitude"), data.get("longitude")):
            self.add_error(name, services.OUTSIDE_TUNISIA)
        return data


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["name", "organisation", "sector", "email", "consent"]
        labels = {"consent": _("J'accepte que les organisateurs me recontactent au sujet du programme")}
        help_texts = {"email": _("La confirmation arrive à cette adresse.")}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"}),
                   "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
                   "email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("— choisir —")), *self.fields["sector"].choices[1:]]

    def validate_unique(self):
        """The service says whether the address is already registered (a cancelled one may come back)."""
