"""Readiness results where other pages show them: a municipality's page and a caravan stop's page include
`{% readiness_summary municipality %}`, a stop's workshop `{% workshop_focus municipality %}`. Those templates
belong to lower or sibling apps: they load this library by name, their code imports nothing from here."""

from django import template

from .. import queries, wording

register = template.Library()


@register.filter
def score(value) -> str:
    return wording.score(value)


@register.inclusion_tag("assessment/_summary.html")
def readiness_summary(municipality):
    assessment = queries.latest_result(municipality)
    return {"assessment": assessment,
            "weakest": queries.weakest(assessment) if assessment else []}


@register.inclusion_tag("assessment/_workshop_focus.html")
def workshop_focus(municipality):
    assessment = queries.latest_result(municipality)
    return {"assessment": assessment, "weakest": queries.weakest(assessment) if assessment else []}
