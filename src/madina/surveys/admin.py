from django.contrib import admin

from .models import Survey


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Reading; surveys are opened through services.create_survey, which checks the phase and the questionnaire."""

    list_display = ("slug", "process", "phase", "questionnaire", "response_count")
    readonly_fields = ("slug", "process", "phase", "questionnaire", "response_count")

    def has_add_permission(self, request):
        return False
