"""Template helpers every app's pages and e-mails share."""

from django import template

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
