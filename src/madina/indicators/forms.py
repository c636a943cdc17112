from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level

MAX_UPLOAD_BYTES = 60 * 1024 * 1024
"""A 315,000-line file is about 20 MB in CSV."""


class MapForm(forms.Form):
    """The indicator page's choices, sent by GET: level and year (the latest year with values by default)."""

    level = forms.ChoiceField(
        label=_("Échelle"), required=False,
        choices=[(Level.MUNICIPALITY, _("municipalités")), (Level.GOVERNORATE, _("gouvernorats"))],
    )
    year = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, choices=())

    def __init__(self, data, years):
        super().__init__(data)
        self.fields["year"].choices = [(year, year) for year in years]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou XLSX"),
        help_text=_("Colonnes municipality, indicator, year, value ; facultatives : unit, source, method, "
                    "confidence, note, level."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 60 Mo."))
        return upload
