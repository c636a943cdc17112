from django.contrib import admin

from .models import Company, Interest, Reviewer, Screening, ScreeningEvent, SoundingRound


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    """Organisers name the national PPP body's reviewers here."""

    list_display = ("user", "granted_at")
    autocomplete_fields = ("user",)


class EventInline(admin.TabularInline):
    model = ScreeningEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "from_stage", "to_stage", "reasons", "made_by", "made_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Read-only: the screening moves through its services (pages and review), which keep its history."""

    list_display = ("project", "stage", "review", "stage_since")
    list_filter = ("stage", "review")
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "sector", "created_at")
    search_fields = ("name",)


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("company", "screening", "created_at", "answered_at")

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(SoundingRound)
