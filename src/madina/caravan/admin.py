"""Organisers edit editions with their stops on one page; each stop's translated names sit side by side."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import services
from .models import Edition, PlanRun, Registration, Stop


class StopInline(TranslationTabularInline):
    model = Stop
    extra = 0
    ordering = ["order"]
    fields = [
        "order", "name", "governorate", "governorate_name", "municipality", "date", "starts_at", "ends_at",
        "venue", "latitude", "longitude", "geonames_id", "position_is_approximate", "position_note", "land",
        "pinned_day", "capacity",
    ]
    raw_id_fields = ["municipality", "governorate"]


@admin.register(Edition)
class EditionAdmin(TranslationAdmin):
    list_display = ["name", "number", "start_date", "end_date", "stop_count", "days_are_estimated", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    readonly_fields = ["stop_count"]
    inlines = [StopInline]

    def save_related(self, request, form, formsets, change):
        """Stops added or removed in the inline change the stored count."""
        super().save_related(request, form, formsets, change)
        services.recount_stops(form.instance, request.user)


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin):
    list_display = ["edition", "kind", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["edition", "kind", "status", "phase", "progress", "message", "instance", "result",
                       "created_by", "created_at", "started_at", "finished_at"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Counts are kept by the services: cancel from the person's link, not by editing the status here."""

    list_display = ["name", "email", "stop", "sector", "status", "consent", "created_at"]
    list_filter = ["status", "sector", "stop__edition"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = ["stop", "status", "token", "created_at"]
