from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Comment, ModerationLog, Phase, Process, Proposal, Report
from .services.proposals import search_text_of


class PhaseInline(admin.TabularInline):
    """Shown, not edited: phases change on the process's management page, through the services that keep them
    from overlapping, announce them, and keep a budget's vote phase under its ballots."""

    model = Phase
    extra = 0
    fields = ("kind", "starts_at", "ends_at", "announced_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Process)
class ProcessAdmin(TabbedTranslationAdmin):
    list_display = ("title", "municipality", "proposal_count", "is_published", "created_at")
    list_filter = ("is_published",)
    search_fields = ("title", "slug", "municipality__name")
    raw_id_fields = ("municipality", "perimeter", "project", "created_by")
    prepopulated_fields = {"slug": ("title_fr",)}
    readonly_fields = ("image",)  # uploaded through the site's picture page, where the file is checked
    inlines = [PhaseInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "process", "author", "state", "is_hidden", "answer_state", "support_count", "created_at")
    list_filter = ("state", "is_hidden", "answer_state", "process")
    search_fields = ("title",)
    raw_id_fields = ("author", "answered_by", "project")
    readonly_fields = ("support_count", "comment_count", "follower_count", "endorsement_count", "report_count")

    def save_model(self, request, obj, form, change):
        obj.search_text = search_text_of(obj)  # a title or text corrected here stays findable
        super().save_model(request, obj, form, change)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("proposal", "author", "created_at", "is_hidden", "report_count")
    list_filter = ("is_hidden",)
    raw_id_fields = ("proposal", "parent", "author")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("reason", "proposal", "comment", "reporter", "created_at", "resolved_at")
    list_filter = ("reason",)
    raw_id_fields = ("reporter", "proposal", "comment")


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the moderation services alone."""

    list_display = ("created_at", "action", "actor", "proposal", "comment", "reason")
    list_filter = ("action",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
