"""Admin: budgets and their projects. Ballots, the register, census entries and codes are not shown: the admin
is no back door around the secret ballot."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Budget, BudgetProject


class BudgetProjectInline(TranslationTabularInline):
    model = BudgetProject
    extra = 0
    fields = ("title", "cost_tnd", "project", "proposal", "position", "vote_count", "is_selected")
    readonly_fields = ("vote_count", "is_selected")
    raw_id_fields = ("project", "proposal")


@admin.register(Budget)
class BudgetAdmin(TranslationAdmin):
    list_display = ("title", "process", "amount_tnd", "rule", "ballot_count", "count_state")
    list_filter = ("rule", "count_state")
    readonly_fields = ("ballot_count", "census_size", "code_count", "count_state", "counted_at")
    raw_id_fields = ("process",)
    inlines = [BudgetProjectInline]
