from modeltranslation.translator import TranslationOptions, register

from .models import Edition, Stop


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Stop)
class StopTranslation(TranslationOptions):
    fields = ("name", "venue")
