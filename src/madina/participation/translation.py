from modeltranslation.translator import TranslationOptions, register

from .models import Process


@register(Process)
class ProcessTranslation(TranslationOptions):
    fields = ("title", "description")
