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

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Throttled as the site's log-in is: attempts per address, failures per email."""
        # Imported here: the admin site is built before the models are loaded.
        from comptoir.core.admin_login import ThrottledAdminAuthenticationForm, refuse_too_many

        self.login_form = ThrottledAdminAuthenticationForm
        if request.method == "POST" and (refused := refuse_too_many(request)):
            return refused
        return super().login(request, extra_context)


class ComptoirAdminConfig(AdminConfig):
    default_site = "comptoir.core.admin_site.ComptoirAdminSite"


# Web addresses typed without a scheme are taken as https (Django 6's default, chosen now).
URL_FIELD_OVERRIDES: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}
