from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Milestone, Organisation, Project, Sector


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")
