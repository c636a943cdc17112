"""The surveys of a process, where participation's process page lists them (`{% process_surveys process %}`):
participation sits below surveys and only loads this library by name. Its staff see a link to open one."""

from django import template

from ..models import Survey
from ..rules import can_manage

register = template.Library()


@register.inclusion_tag("surveys/_process_surveys.html", takes_context=True)
def process_surveys(context, process):
    request = context.get("request")
    return {"surveys": Survey.objects.filter(process=process).select_related("questionnaire", "phase"),
            "process": process, "may_open": request is not None and can_manage.test(request.user, process)}
