"""The Django admin belongs to network administrators; concierges work in Comptoir's pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import models
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


# Web addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_FIELD_OVERRIDES: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}
