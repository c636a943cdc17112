"""Forms of the territory pages. The perimeter form works without JavaScript (a GeoJSON file); with it, the
shape drawn on the map fills the hidden `geometry` field. Nothing typed is lost when the shape is refused."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from madina.core.errors import Invalid

from .services import PerimeterData, checked_geometry

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class LocateForm(forms.Form):
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, help_text=_("Par exemple 33.8815"),
                           widget=forms.NumberInput(attrs={"step": "any", "dir": "ltr"}))
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180, help_text=_("Par exemple 10.0982"),
                           widget=forms.NumberInput(attrs={"step": "any", "dir": "ltr"}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Nom de la municipalité"), required=False, max_length=100)


class PerimeterForm(forms.Form):
    name_fr = forms.CharField(label=_("Nom (français)"), max_length=160)
    name_ar = forms.CharField(label=_("Nom (arabe)"), max_length=160, required=False)
    name_en = forms.CharField(label=_("Nom (anglais)"), max_length=160, required=False)
    description_fr = forms.CharField(label=_("Description (français)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    description_ar = forms.CharField(label=_("Description (arabe)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    description_en = forms.CharField(label=_("Description (anglais)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_approximate = forms.BooleanField(label=_("Tracé approximatif"), required=False)
    geometry = forms.CharField(
        label=_("Tracé (GeoJSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "geometry-field", "spellcheck": "false", "dir": "ltr"}),
        help_text=_("Rempli par la carte ; on peut aussi y coller un GeoJSON (Polygon ou MultiPolygon)."),
    )
    geometry_file = forms.FileField(
        label=_("Ou un fichier GeoJSON"),
        required=False,
        help_text=_("Un Polygon, un MultiPolygon, une Feature ou une FeatureCollection d'une seule entité."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["geometry_file"].widget.attrs["accept"] = ".geojson,.json,application/geo+json,application/json"

    def clean_geometry_file(self):
        upload = self.cleaned_data.get("geometry_file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Le fichier dépasse 2 Mo."))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("geometry_file")
        source = "geometry"
        if upload:
            try:
                raw = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("geometry_file", _("Le fichier n'est pas un texte UTF-8."))
                return cleaned
            source = "geometry_file"
        else:
            raw = (cleaned.get("geometry") or "").strip()
        if not raw:
            self.add_error("geometry", _("Dessinez le périmètre sur la carte ou joignez un fichier GeoJSON."))
            return cleaned
        try:
            cleaned["shape"] = checked_geometry(raw, self.municipality)
        except Invalid as error:
            self.add_error(source, error.message)
        return cleaned

    def perimeter_data(self) -> PerimeterData:
        c = self.cleaned_data
        return PerimeterData(
            name_fr=c["name_fr"], name_ar=c["name_ar"], name_en=c["name_en"],
            description_fr=c["description_fr"], description_ar=c["description_ar"],
            description_en=c["description_en"], is_approximate=c["is_approximate"],
            geometry=c["shape"],
        )
