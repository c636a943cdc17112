from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import queries
from .models import Indicator, ProjectIndicator, Revision, Target, Value


class MovesTheVersion:
    """What the admin writes here shows on the cached dashboards (a title, a target, a value deleted): the
    version moves so that they are drawn again."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        queries.changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        queries.changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        queries.changed()


@admin.register(Indicator)
class IndicatorAdmin(MovesTheVersion, TranslationAdmin):
    list_display = ("code", "title", "framework", "dimension", "tier", "unit")
    list_filter = ("framework", "dimension", "tier")
    search_fields = ("code", "title_fr", "title_ar", "title_en")


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    can_delete = False
    readonly_fields = ("value", "unit", "source", "method", "confidence", "note", "entered_by", "entered_at",
                       "replaced_by", "replaced_at")
    exclude = ("illustrative",)


@admin.register(Value)
class ValueAdmin(MovesTheVersion, admin.ModelAdmin):
    """Read-only here: values change through the services (history, checks), the import page or the command."""

    list_display = ("indicator", "level", "municipality", "governorate", "year", "value", "confidence", "illustrative")
    list_filter = ("level", "confidence", "illustrative", "indicator__dimension")
    search_fields = ("indicator__code", "municipality__slug", "governorate__slug")
    list_select_related = ("indicator", "municipality", "governorate")
    raw_id_fields = ("municipality", "governorate", "indicator")
    inlines = [RevisionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Target)
class TargetAdmin(MovesTheVersion, admin.ModelAdmin):
    list_display = ("indicator", "municipality", "year", "value")
    raw_id_fields = ("municipality", "indicator")


@admin.register(ProjectIndicator)
class ProjectIndicatorAdmin(admin.ModelAdmin):
    list_display = ("project", "indicator", "expected_change", "by_year")
    raw_id_fields = ("project", "indicator")
