"""The Django admin is for network administrators (superusers) only; concierges use the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space


class SuperuserOnly:
    """Staff flags alone are not enough: only network administrators use the admin."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


class SpaceInline(admin.TabularInline[Space, Place]):
    model = Space
    extra = 0
    fields = ("name", "slug", "kind", "capacity", "is_active")
    prepopulated_fields = {"slug": ("name",)}


class NearbyPlaceInline(admin.TabularInline[NearbyPlace, Place]):
    model = NearbyPlace
    fk_name = "place"
    extra = 0
    fields = ("other", "name", "url", "walking_minutes")
    autocomplete_fields = ("other",)


class EquipmentInline(admin.TabularInline[Equipment, Space]):
    model = Equipment
    extra = 0
    fields = ("name", "quantity", "is_active")


@admin.register(Network)
class NetworkAdmin(SuperuserOnly, admin.ModelAdmin[Network]):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Place)
class PlaceAdmin(SuperuserOnly, admin.ModelAdmin[Place]):
    list_display = ("name", "commune", "network", "is_active")
    list_filter = ("network", "is_active")
    search_fields = ("name", "commune", "postal_code")
    list_select_related = ("network",)
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("legal_entity",)
    inlines = (SpaceInline, NearbyPlaceInline)


@admin.register(Space)
class SpaceAdmin(SuperuserOnly, admin.ModelAdmin[Space]):
    list_display = ("name", "place", "kind", "capacity", "is_active")
    list_filter = ("kind", "place", "is_active")
    search_fields = ("name", "place__name")
    list_select_related = ("place",)
    inlines = (EquipmentInline,)


@admin.register(NearbyPlace)
class NearbyPlaceAdmin(SuperuserOnly, admin.ModelAdmin[NearbyPlace]):
    list_display = ("place", "display_name", "walking_minutes")
    list_select_related = ("place", "other")
    autocomplete_fields = ("place", "other")
