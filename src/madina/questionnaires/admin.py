"""Organisers write new questionnaires and versions here; a version already answered is read-only, so that
stored answers keep meaning what they meant (a change is a new version)."""

from django.contrib import admin

from .models import Choice, Dimension, Level, Question, Questionnaire


def answered(questionnaire) -> bool:
    """Whether any campaign or survey uses this version (their rows point at it)."""
    if questionnaire is None or questionnaire.pk is None:
        return False
    return any(relation.related_model.objects.filter(**{relation.field.name: questionnaire}).exists()
               for relation in questionnaire._meta.related_objects
               if relation.related_model._meta.app_label not in ("questionnaires",))


class FrozenWhenAnswered:
    def has_change_permission(self, request, obj=None):
        root = obj.questionnaire if isinstance(obj, (Dimension, Question)) else obj
        return super().has_change_permission(request, obj) and not answered(root)

    has_delete_permission = has_change_permission


class DimensionInline(admin.TabularInline):
    model = Dimension
    fields = ("order", "code", "title_fr", "title_ar", "title_en", "weight")
    extra = 0


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ("order", "code", "label_fr", "label_ar", "label_en")
    extra = 0


class LevelInline(admin.TabularInline):
    model = Level
    fields = ("level", "description_fr", "description_ar", "description_en")
    extra = 0
    max_num = 5


@admin.register(Questionnaire)
class QuestionnaireAdmin(FrozenWhenAnswered, admin.ModelAdmin):
    list_display = ("title", "slug", "version", "purpose")
    list_filter = ("purpose",)
    inlines = [DimensionInline]


@admin.register(Question)
class QuestionAdmin(FrozenWhenAnswered, admin.ModelAdmin):
    list_display = ("text", "code", "kind", "dimension", "weight")
    list_filter = ("questionnaire", "kind")
    inlines = [ChoiceInline, LevelInline]
