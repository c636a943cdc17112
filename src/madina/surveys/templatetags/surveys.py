"""The surveys of a process, where participation's process page lists them (`{% process_surveys process %}`):
participation sits below surveys and only loads this library by name."""

from django import template

from ..models import Survey

register = template.Library()


@register.inclusion_tag("surveys/_process_surveys.html")
def process_surveys(process):
    return {"surveys": Survey.objects.filter(process=process).select_related("questionnaire", "phase")}
