from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def tnd(value) -> str:
    """An amount in dinars grouped the way the reader's language groups thousands."""
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 3, force_grouping=True)
