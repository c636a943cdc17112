"""Template helpers every app's pages and e-mails share."""

import json

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from madina.core import numbers
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


# Figures in the reader's language (madina.core.numbers): every page writes amounts, counts and durations
# through these, never through floatformat or a bare {{ value }}.
register.filter("number", numbers.number)
register.filter("money", numbers.money)
register.filter("votes", numbers.votes)
register.filter("duration", numbers.duration)
register.filter("time_left", numbers.time_left)
# An amount in dinars without its currency, for sentences whose translation places "TND" itself.
register.filter("tnd", numbers.number)


@register.simple_tag
def map_editor_words() -> str:
    """Leaflet-Geoman's words for the tools the perimeter editor shows, from the site's catalogues (Geoman has no
    Arabic): perimeter-editor.js hands them to `map.pm.setLang`, read from a data attribute since the
    Content-Security-Policy allows no inline script."""
    return json.dumps({
        "tooltips": {
            "firstVertex": _("Cliquez pour placer le premier sommet"),
            "continueLine": _("Cliquez pour continuer le tracé"),
            "finishLine": _("Cliquez sur un sommet existant pour terminer"),
            "finishPoly": _("Cliquez sur le premier sommet pour terminer"),
            "finishRect": _("Cliquez pour terminer"),
        },
        "actions": {
            "finish": _("Terminer"),
            "cancel": _("Annuler"),
            "removeLastVertex": _("Retirer le dernier sommet"),
        },
        "buttonTitles": {
            "drawPolyButton": _("Tracer un polygone"),
            "drawRectButton": _("Tracer un rectangle"),
            "editButton": _("Modifier les sommets"),
            "dragButton": _("Déplacer les formes"),
            "deleteButton": _("Supprimer des formes"),
        },
    }, ensure_ascii=False)


@register.filter
def bdi(value) -> str:
    """Text whose direction may differ from the sentence around it (a French title in an Arabic sentence), kept
    apart so its punctuation and numbers stay with it: `{% blocktranslate with title=p.title|bdi %}`."""
    return format_html("<bdi>{}</bdi>", value)
