"""Admin of the places (the admin site itself admits superusers only: core.admin_site)."""

from __future__ import annotations

from django.contrib import admin

from comptoir.core.admin_site import URL_FIELD_OVERRIDES
from comptoir.places.models import Equipment, NearbyPlace, Network, Place, Space


class SpaceInline(admin.TabularInline[Space, Place]):
    model = Space
    extra = 0
    fields = ("name", "slug", "kind", "capacity", "is_active")
    prepopulated_fields = {"slug": ("name",)}


class NearbyPlaceInline(admin.TabularInline[NearbyPlace, Place]):
    formfield_overrides = URL_FIELD_OVERRIDES
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
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ("name", "commune", "network", "is_active")
    list_filter = ("network", "is_active")
    search_fields = ("name", "commune", "postal_code")
    list_select_related = ("network",)
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("legal_entity",)
    inlines = (SpaceInline, NearbyPlaceInline)


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin[Space]):
    list_display = ("name", "place", "kind", "capacity", "is_active")
    list_filter = ("kind", "place", "is_active")
    search_fields = ("name", "place__name")
    list_select_related = ("place",)
    inlines = (EquipmentInline,)


@admin.register(NearbyPlace)
class NearbyPlaceAdmin(admin.ModelAdmin[NearbyPlace]):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ("place", "display_name", "walking_minutes")
    list_select_related = ("place", "other")
    autocomplete_fields = ("place", "other")
