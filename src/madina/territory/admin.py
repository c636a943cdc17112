"""Back-office for organisers: the gazetteer and the perimeters, each translated field per language.

Governorates and municipalities come from the importer; the admin corrects names and figures. Perimeters saved
here go through the services, so the containment check, the geodesic area and the stored counts still hold.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from modeltranslation.admin import TranslationAdmin

from madina.core.errors import Invalid
from madina.core.models import joined_without_geometry

from . import services
from .models import Governorate, Municipality, Perimeter


@admin.register(Governorate)
class GovernorateAdmin(TranslationAdmin):
    list_display = ["name", "iso_code", "municipality_count", "population"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug", "iso_code"]
    readonly_fields = ["municipality_count", "population", "updated_at"]
    exclude = ["geometry"]

    def get_queryset(self, request):
        """The boundary is not edited here: it is not read either (saving writes only the fields read)."""
        return super().get_queryset(request).defer("geometry")


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ["name", "governorate", "population", "council_seats", "state", "perimeter_count"]
    list_filter = ["governorate", "state"]
    list_select_related = ["governorate"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug", "search_text"]
    readonly_fields = ["source_parts", "perimeter_count", "updated_at", "image"]  # checked uploads: the site's page
    exclude = ["geometry"]

    def get_queryset(self, request):
        """The boundary is not edited here: it is not read either (saving writes only the fields read)."""
        return joined_without_geometry(super().get_queryset(request), *self.list_select_related).defer("geometry")

    def save_model(self, request, obj, form, change):
        obj.search_text = services.search_text_of(obj)  # a name corrected here is found under its new spelling
        super().save_model(request, obj, form, change)


class PerimeterAdminForm(forms.ModelForm):
    class Meta:
        model = Perimeter
        fields = [
            "municipality", "slug", "name_fr", "name_ar", "name_en", "description_fr", "description_ar",
            "description_en", "is_approximate", "geometry",
        ]

    def clean(self):
        cleaned = super().clean()
        municipality, geometry = cleaned.get("municipality"), cleaned.get("geometry")
        if municipality is not None and geometry:
            try:
                cleaned["shape"] = services.checked_geometry(geometry, municipality)
            except Invalid as error:
                self.add_error("geometry", error.message)
        elif not geometry:
            self.add_error("geometry", ValidationError(forms.Field.default_error_messages["required"]))
        return cleaned


@admin.register(Perimeter)
class PerimeterAdmin(TranslationAdmin):
    form = PerimeterAdminForm
    list_display = ["name", "municipality", "area_ha", "is_approximate", "updated_at"]
    list_filter = ["is_approximate", "municipality__governorate"]
    list_select_related = ["municipality"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["area_ha", "updated_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name_fr"]}

    def get_queryset(self, request):
        return joined_without_geometry(super().get_queryset(request), *self.list_select_related)

    def _data(self, form):
        c = form.cleaned_data
        return services.PerimeterData(
            geometry=c["shape"], is_approximate=c["is_approximate"],
            **{f: c.get(f) or "" for f in (
                "name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en",
            )},
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.update_perimeter(obj, self._data(form), request.user)
        else:
            created = services.create_perimeter(
                form.cleaned_data["municipality"], self._data(form), request.user, slug=obj.slug
            )
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.delete_perimeter(obj, request.user)

    def delete_queryset(self, request, queryset):
        for perimeter in queryset:
            services.delete_perimeter(perimeter, request.user)
