"""The back-office for people and their roles. Organisers use it (see backends.OrganiserBackend); the superuser
flag, groups and raw permissions stay in superusers' hands, so an organiser cannot promote anyone past
organiser."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from madina.core.models import joined_without_geometry

from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import STORED_ROLES, RoleAssignment, User
from .services import audit_role_changes, roles_held, sync_admin_access


class StoredRolesOnly:
    """Citizen is every verified account's role, never stored, so it is not offered."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [(role.value, role.label) for role in STORED_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class RoleAssignmentInline(StoredRolesOnly, admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "governorate", "municipality", "granted_at"]
    readonly_fields = ["granted_at"]
    autocomplete_fields = ["governorate", "municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "roles__role"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "display_name")}),
        (_("Accès"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),
    )
    superuser_only_fields = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in self.superuser_only_fields]})
            for name, options in fieldsets
        ]

    def get_inlines(self, request, obj):
        """Roles are given on the second step, once the account exists (like Django's own user admin)."""
        return self.inlines if obj is not None else []

    def has_change_permission(self, request, obj=None):
        """Only a superuser edits a superuser (their password, their address)."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        """Roles edited in the inline open or close the admin, and are audited, the way services.grant_role does."""
        before = roles_held(form.instance)
        super().save_related(request, form, formsets, change)
        sync_admin_access(form.instance)
        audit_role_changes(request.user, form.instance, before)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(StoredRolesOnly, admin.ModelAdmin):
    list_display = ["user", "user_email", "role", "governorate", "municipality", "granted_at"]
    list_filter = ["role", "governorate"]
    search_fields = ["user__email", "user__display_name", "municipality__name", "governorate__name"]
    autocomplete_fields = ["user", "governorate", "municipality"]
    list_select_related = ["user", "governorate", "municipality"]
    date_hierarchy = "granted_at"

    def get_queryset(self, request):
        return joined_without_geometry(super().get_queryset(request), *self.list_select_related)

    @admin.display(description=_("adresse e-mail"), ordering="user__email")
    def user_email(self, obj) -> str:
        """Organisers grant roles to a person they know by address; the public name alone may not say who."""
        return obj.user.email

    def save_model(self, request, obj, form, change):
        people = {obj.user} | ({User.objects.get(pk=form.initial["user"])} if change and "user" in form.changed_data
                               else set())
        before = {person: roles_held(person) for person in people}
        super().save_model(request, obj, form, change)
        for person in people:
            sync_admin_access(person)
            audit_role_changes(request.user, person, before[person])

    def delete_model(self, request, obj):
        before = roles_held(obj.user)
        super().delete_model(request, obj)
        sync_admin_access(obj.user)
        audit_role_changes(request.user, obj.user, before)

    def delete_queryset(self, request, queryset):
        users = list(User.objects.filter(roles__in=queryset).distinct())
        before = {user: roles_held(user) for user in users}
        super().delete_queryset(request, queryset)
        for user in users:
            sync_admin_access(user)
            audit_role_changes(request.user, user, before[user])
