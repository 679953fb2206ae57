from __future__ import annotations

from django.contrib import admin

from comptoir.core.admin_readonly import ReadOnlyAdmin
from comptoir.presence.models import Visit


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("person", "place", "day", "checked_in_at", "checked_out_at", "access")
    list_filter = ("access", "auto_checked_out")
    list_select_related = ("person", "place")
    date_hierarchy = "day"
