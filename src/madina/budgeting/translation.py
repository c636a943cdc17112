from modeltranslation.translator import TranslationOptions, register

from .models import Budget, BudgetProject


@register(Budget)
class BudgetTranslation(TranslationOptions):
    fields = ("title",)


@register(BudgetProject)
class BudgetProjectTranslation(TranslationOptions):
    fields = ("title", "summary")
