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


def show_error(form, error: ServiceError) -> None:
    """A service's refusal on the form: each message next to the field it names, the rest above the form."""
    for field, messages in error.errors.items():
        form.add_error(field if field in form.fields else None, messages)
