"""Admin of offers (editable) and of what was sold (read-only: services write it)."""

from __future__ import annotations

from django.contrib import admin

from comptoir.access.models import (
    DayPass,
    PlaceAccessSettings,
    Plan,
    Subscription,
    TicketBook,
    TicketMovement,
)
from comptoir.core.admin_readonly import ReadOnlyAdmin


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin[Plan]):
    list_display = ("name", "kind", "place", "network", "price_cents", "is_active")
    list_filter = ("kind", "is_active", "network")
    search_fields = ("name",)
    list_select_related = ("place", "network")


@admin.register(PlaceAccessSettings)
class PlaceAccessSettingsAdmin(admin.ModelAdmin[PlaceAccessSettings]):
    list_display = ("place", "over_seats", "afternoon_starts_at")
    list_select_related = ("place",)


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "place", "status", "started_on", "ended_on")
    list_filter = ("status",)
    list_select_related = ("plan", "place", "person", "organization")


@admin.register(TicketBook)
class TicketBookAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "place", "tickets", "purchased_on", "expires_on")
    list_select_related = ("plan", "person", "place")
    search_fields = ("person__email", "person__last_name")


@admin.register(TicketMovement)
class TicketMovementAdmin(ReadOnlyAdmin):
    list_display = ("book", "kind", "quantity", "place", "at", "reason")
    list_filter = ("kind",)
    list_select_related = ("book__plan", "book__person", "place")


@admin.register(DayPass)
class DayPassAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "person", "place", "valid_on")
    list_select_related = ("plan", "person", "place")
