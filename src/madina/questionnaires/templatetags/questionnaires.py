"""Drawing an answer set back into its form: which choice is ticked, which rank a choice has."""

from django import template

register = template.Library()


@register.filter
def answer_of(answers, code):
    return (answers or {}).get(code, "")


@register.filter
def chosen(value, code) -> bool:
    """Whether a stored or typed answer (a code, a level, a list of codes) includes this choice."""
    if isinstance(value, list):
        return code in value
    return str(value) == str(code)


@register.filter
def rank_of(value, code):
    """The rank (1 first) a ranking answer gives this choice, or blank."""
    return value.index(code) + 1 if isinstance(value, list) and code in value else ""


@register.simple_tag
def ranks(question):
    return range(1, len(question.choices.all()) + 1)
