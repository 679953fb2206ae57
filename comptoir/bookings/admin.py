"""Admin of bookable resources and trainings (network administrators configure them);
bookings and qualifications are read-only here: the services write them."""

from __future__ import annotations

from django.contrib import admin

from comptoir.bookings.models import Booking, Qualification, Resource, Training, WaitlistEntry
from comptoir.core.admin_readonly import ReadOnlyAdmin


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ("name", "place", "kind", "capacity", "is_active")
    list_filter = ("kind", "is_active", "place")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("partners",)
    list_select_related = ("place",)


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin[Training]):
    list_display = ("name", "place", "validity_months")
    list_select_related = ("place",)


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyAdmin):
    list_display = ("person", "training", "granted_on", "expires_on", "can_train")
    list_select_related = ("person", "training")


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("resource", "person", "start", "end", "status", "price_cents")
    list_filter = ("status",)
    list_select_related = ("resource", "person")
    date_hierarchy = "start"


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdmin):
    list_display = ("resource", "person", "start", "status", "offer_expires_at")
    list_filter = ("status",)
    list_select_related = ("resource", "person")
