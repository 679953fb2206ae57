"""The Django admin is for network administrators (superusers); concierges use Comptoir's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from comptoir.community.models import (
    Affiliation,
    ApiToken,
    Organization,
    Person,
    PersonSkill,
    PlaceRole,
    Skill,
)
from comptoir.community.services import PROFILE_FIELDS
from comptoir.core.admin_site import URL_FIELD_OVERRIDES


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organization"]


class PersonSkillInline(admin.TabularInline):
    model = PersonSkill
    extra = 0
    autocomplete_fields = ["skill"]


class PersonCreationForm(forms.ModelForm):
    """Accounts made here have no password: the person uses login by code or a reset."""

    class Meta:
        model = Person
        fields = ("email", "first_name", "last_name")

    def save(self, commit: bool = True) -> Any:
        person = super().save(commit=False)
        person.email = person.email.strip().lower()
        person.set_unusable_password()
        if commit:
            person.save()
        return person


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "directory_visibility", "is_active"]
    list_filter = ["directory_visibility", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [AffiliationInline, PersonSkillInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {"fields": PROFILE_FIELDS},
        ),
        (_("Rights"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_form = PersonCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name")}),
    )
    filter_horizontal = ()


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "category", "legal_form", "siret"]
    list_filter = ["category", "legal_form"]
    search_fields = ["name", "siret"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PlaceRole)
class PlaceRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "place", "role", "organization", "valid_from", "valid_until"]
    list_filter = ["place", "role"]
    search_fields = ["person__email", "person__first_name", "person__last_name"]
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "place", "organization"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: secrets are never stored, tokens are made and revoked from the profile page."""

    list_display = ["name", "person", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["person__email", "name", "prefix"]
    readonly_fields = ["person", "name", "prefix", "hashed", "created_at", "last_used_at"]
    list_select_related = ["person"]

    def has_add_permission(self, request: object) -> bool:
        return False
