"""How every form of the site is drawn and how a service's refusal lands on it.

FormRenderer (settings.FORM_RENDERER) draws each field with core/_field.html: its label with the required mark,
its errors, its help. Its BoundField writes the direction of what is typed: free text follows what the person
types (`dir="auto"`, an Arabic sentence in a French page reads right to left); a field for one language
(`name_ar`, `title_fr`) carries that language and its direction. It reads widget templates through the site's
own template settings, so that core/templates/django/forms/widgets/ can replace Django's: a select draws its
options in one loop instead of one included template per option (the catalogue's filters list 350
municipalities; drawn option by option they cost that page about 75 ms, bench/catalogue.py).
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .errors import ServiceError

RIGHT_TO_LEFT = {"ar"}
LANGUAGE_SUFFIXES = ("_fr", "_ar", "_en")


class BoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.name.endswith(LANGUAGE_SUFFIXES):
            language = self.name[-2:]
            attrs.setdefault("lang", language)
            attrs.setdefault("dir", "rtl" if language in RIGHT_TO_LEFT else "ltr")
        elif isinstance(widget, forms.Textarea) or getattr(widget, "input_type", "") in ("text", "search"):
            attrs.setdefault("dir", "auto")
        return attrs


class FormRenderer(TemplatesSetting):
    field_template_name = "core/_field.html"
    bound_field_class = BoundField


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and writes ISO dates whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PictureForm(forms.Form):
    """A picture of a process, a project or a municipality (madina.core.pictures checks and cleans the file)."""

    upload = forms.FileField(label=_("Image"), required=False,
                             help_text=_("JPEG, PNG ou WebP. Les métadonnées (position, appareil) sont retirées."))
    alt = forms.CharField(label=_("Description de l'image"), max_length=200, required=False,
                          help_text=_("Ce que montre l'image, pour qui ne la voit pas ; le titre sinon."))
    remove = forms.BooleanField(label=_("Retirer l'image (le dessin par défaut revient)"), required=False)

    def __init__(self, *args, with_alt: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].widget.attrs["accept"] = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"
        if not with_alt:
            del self.fields["alt"]

    def picture_data(self) -> dict:
        data = self.cleaned_data
        return {"upload": data["upload"], "remove": data["remove"], **({"alt": data["alt"]} if "alt" in data else {})}


def show_error(form, error: ServiceError) -> None:
    """A service's refusal on the form: each message next to the field it names, the rest above the form."""
    for field, messages in error.errors.items():
        form.add_error(field if field in form.fields else None, messages)
