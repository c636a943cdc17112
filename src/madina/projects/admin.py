from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .describe import search_text_of
from .models import (
    Attachment,
    Contact,
    Criterion,
    FundingLine,
    Milestone,
    Organisation,
    Project,
    Promoter,
    Sector,
    StageChange,
)


@admin.register(Sector)
class SectorAdmin(TabbedTranslationAdmin):
    list_display = ("code", "name", "u4ssc_category", "iso37120_theme", "order")
    list_editable = ("order",)


@admin.register(Criterion)
class CriterionAdmin(TabbedTranslationAdmin):
    list_display = ("code", "name", "weight", "is_active", "order")
    list_editable = ("weight", "is_active", "order")


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "website")
    list_filter = ("kind",)
    search_fields = ("name_fr", "name_ar")


class PromoterInline(admin.TabularInline):
    model = Promoter
    extra = 0
    autocomplete_fields = ("organisation",)


class FundingInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ("content_type", "size", "uploaded_by", "uploaded_at")
    fields = ("kind", "file", "caption", "content_type", "size", "uploaded_by", "uploaded_at")

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the project's tracking page, where their content is checked


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "effective_date", "note", "made_by", "made_at")

    def has_add_permission(self, request, obj=None):
        return False  # stages move through services.transition, which checks who may


@admin.register(Project)
class ProjectAdmin(TabbedTranslationAdmin):
    """Reading and small corrections; the stage and uploads are left to the site's own pages."""

    list_display = ("title", "municipality", "sector", "stage", "estimated_cost_tnd", "is_demo")
    list_filter = ("stage", "sector", "is_demo", "origin", "municipality__governorate")
    search_fields = ("title_fr", "title_ar", "search_text")
    list_select_related = ("municipality", "sector")
    raw_id_fields = ("municipality", "perimeter", "stop", "merged_into", "created_by")
    readonly_fields = ("stage", "stage_changed_at", "follower_count", "physical_progress", "financial_progress", "geometry",
                       "image")  # the picture is uploaded through the site's page, where the file is checked
    exclude = ("min_lon", "min_lat", "max_lon", "max_lat")
    inlines = [PromoterInline, FundingInline, ContactInline, MilestoneInline, AttachmentInline, StageChangeInline]

    def save_model(self, request, obj, form, change):
        obj.search_text = search_text_of(obj)  # titles edited here must stay findable
        super().save_model(request, obj, form, change)
