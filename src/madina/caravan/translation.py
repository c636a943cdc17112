from modeltranslation.translator import TranslationOptions, register

from .models import Edition, Stop, Team, Tour


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Stop)
class StopTranslation(TranslationOptions):
    fields = ("name", "venue")


@register(Tour)
class TourTranslation(TranslationOptions):
    fields = ("name",)


@register(Team)
class TeamTranslation(TranslationOptions):
    fields = ("name",)
