from modeltranslation.translator import TranslationOptions, register

from .models import Governorate, Municipality, Perimeter


@register(Governorate)
class GovernorateTranslation(TranslationOptions):
    fields = ("name",)


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)


@register(Perimeter)
class PerimeterTranslation(TranslationOptions):
    fields = ("name", "description")
