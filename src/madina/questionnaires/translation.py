from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Dimension, Level, Question, Questionnaire


@register(Questionnaire)
class QuestionnaireTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Dimension)
class DimensionTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help", "evidence")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)


@register(Level)
class LevelTranslation(TranslationOptions):
    fields = ("description",)
