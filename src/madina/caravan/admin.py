"""Organisers edit editions with their stops on one page, and tours with their teams; each translated name's
languages sit side by side. A tour's dates and a team's ends are checked by the same rules as the services'."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, construct_instance
from django.utils.translation import gettext as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from madina.core.errors import Invalid

from . import services, tours
from .models import Edition, PlanRun, Registration, Stop, Team, Tour


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


class TeamFormSet(BaseInlineFormSet):
    """Each team typed is checked by the services' rules on its tour, also a tour being added (the tour's form
    has given it its edition); a form's instance gets the typed values only after the form's clean()."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.errors or not form.has_changed() or self._should_delete_form(form):
                continue
            try:
                tours.clean_team(self.instance, construct_instance(form, form.instance))
            except Invalid as refused:
                form.add_error(None, ValidationError(refused.errors))
        ends = [form.cleaned_data.get(name) for form in self.forms if not self._should_delete_form(form)
                for name in ("start_stop", "end_stop") if getattr(form, "cleaned_data", None)]
        ends = [stop for stop in ends if stop is not None]
        if len(set(ends)) < len(ends):  # each team was checked against the stored teams only
            raise ValidationError(_("Une étape est le départ ou l'arrivée d'une seule équipe."))


class TeamInline(TranslationTabularInline):
    model = Team
    formset = TeamFormSet
    extra = 0
    ordering = ["order"]
    fields = ["order", "name", "colour", "start_stop", "end_stop"]
    raw_id_fields = ["start_stop", "end_stop"]
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        """A tour keeps one team (services.delete_team says so on the organiser's page): the admin's formsets
        show min_num forms but check it only when asked."""
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class TourForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        edition, start, end = data.get("edition"), data.get("start_date"), data.get("end_date")
        if edition and start and end:
            try:
                tours.check_tour_dates(edition, start, end, self.instance)
            except Invalid as refused:
                raise ValidationError(refused.errors) from refused
        return data


@admin.register(Tour)
class TourAdmin(TranslationAdmin):
    list_display = ["name", "edition", "start_date", "end_date", "is_published", "is_planned_example"]
    list_filter = ["edition", "is_published"]
    search_fields = ["name_fr", "name_ar", "name_en"]
    form = TourForm
    fields = ["edition", "order", "name", "start_date", "end_date", "is_published", "is_planned_example"]
    inlines = [TeamInline]

    def has_delete_permission(self, request, obj=None):
        """As on the organiser's page (tours.delete_tour): an edition keeps one tour, and a tour of the published
        programme stays."""
        return super().has_delete_permission(request, obj) and (obj is None or not tours.kept_tour(obj.edition, obj))

    def get_actions(self, request):
        """No deleting of tours in bulk: each is checked alone against its edition's other tours, so selecting
        all of an edition's tours would delete them all."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
