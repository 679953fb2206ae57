from __future__ import annotations

from django.contrib import admin

from comptoir.billing.models import Order, Payment
from comptoir.core.admin_readonly import ReadOnlyAdmin


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "place", "status", "total_cents", "created_at")
    list_filter = ("status",)
    list_select_related = ("place",)
    search_fields = ("buyer_name", "buyer_email")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("order", "method", "amount_cents", "created_at")
    list_filter = ("method",)
    list_select_related = ("order",)
