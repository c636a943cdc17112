"""Admin: budgets and their projects. Ballots, the register, census entries and codes are not shown: the admin
is no back door around the secret ballot."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Budget, BudgetProject

RULES = ("amount_tnd", "min_projects", "max_projects", "rule", "eligibility", "process")


class BudgetProjectInline(TranslationTabularInline):
    """Once ballots are in, the projects voted on stay as the voters read them (services.setup)."""

    model = BudgetProject
    extra = 0
    fields = ("title", "cost_tnd", "project", "proposal", "position", "vote_count", "is_selected")
    readonly_fields = ("vote_count", "is_selected")
    raw_id_fields = ("project", "proposal")

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None and obj.ballot_count else self.readonly_fields

    def has_add_permission(self, request, obj=None):
        return not (obj is not None and obj.ballot_count) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.ballot_count) and super().has_delete_permission(request, obj)


@admin.register(Budget)
class BudgetAdmin(TranslationAdmin):
    list_display = ("title", "process", "amount_tnd", "rule", "ballot_count", "count_state")
    list_filter = ("rule", "count_state")
    readonly_fields = ("ballot_count", "census_size", "code_count", "count_state", "counted_at")
    raw_id_fields = ("process",)
    inlines = [BudgetProjectInline]

    def get_readonly_fields(self, request, obj=None):
        """A voter chose under the rules they read: once ballots are in, the rules stay (like edit_budget)."""
        if obj is not None and obj.ballot_count:
            return (*self.readonly_fields, *RULES)
        return self.readonly_fields
