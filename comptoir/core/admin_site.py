"""The Django admin belongs to network administrators; concierges work in Comptoir's pages."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ComptoirAdminSite(admin.AdminSite):
    site_header = _("Comptoir — network administration")
    site_title = "Comptoir"

    def has_permission(self, request: HttpRequest) -> bool:
        # The staff flag alone is not enough: only superusers run the network.
        return bool(request.user.is_active and request.user.is_superuser)


class ComptoirAdminConfig(AdminConfig):
    default_site = "comptoir.core.admin_site.ComptoirAdminSite"
