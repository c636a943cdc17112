"""Template helpers every app's pages and e-mails share."""

from django import template
from django.template.loader import render_to_string

from madina.core.mail import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current address with another page number: every filter of the list is kept."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.filter
def absolute(path: str) -> str:
    """A page's address as an e-mail or a calendar gives it: on the site's own address (MADINA_SITE_URL)."""
    return absolute_url(path)


@register.simple_tag
def fieldset(form, names: str, legend: str = ""):
    """A group of a form's fields under its legend ("title_fr title_ar title_en"), each drawn by core/_field.html;
    a name the form does not have (a field only shown when editing) is left out."""
    fields = [form[name] for name in names.split() if name in form.fields]
    return render_to_string("core/_fieldset.html", {"legend": legend, "fields": fields})
