"""Minimal registration so that role assignments can pick a governorate or municipality by search
(written by the accounts work; the territory app owns and may extend this file)."""

from django.contrib import admin

from .models import Governorate, Municipality, Perimeter


@admin.register(Governorate)
class GovernorateAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "municipality_count"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug", "iso_code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "governorate"]
    list_filter = ["governorate"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug"]


@admin.register(Perimeter)
class PerimeterAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug"]
