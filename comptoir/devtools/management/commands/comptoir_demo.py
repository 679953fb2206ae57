"""Load the reference network “Coworking Sainté” (idempotent: run it as often as you like)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from comptoir.devtools.demo.community import DEMO_PASSWORD, PEOPLE
from comptoir.devtools.demo.network import load_demo
from comptoir.places.models import Place


class Command(BaseCommand):
    help = "Load the demo network Coworking Sainté (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Load only when no place exists yet."
        )
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins table."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # In the installation's language (French by default), as the interface, whatever
        # language the caller had active.
        with translation.override(settings.LANGUAGE_CODE):
            self.load(options)

    def load(self, options: dict[str, Any]) -> None:
        if options["logins"]:
            self.print_logins()
            return
        if options["if_empty"] and Place.objects.exists():
            self.stdout.write(_("Places already exist: demo data not loaded."))
            return
        with transaction.atomic():
            load_demo()
        self.stdout.write(self.style.SUCCESS(_("Demo network “Coworking Sainté” loaded.")))
        if not options["if_empty"]:
            self.print_logins()  # `make run` prints them itself after set-up

    def print_logins(self) -> None:
        width = max(len(p.email) for p in PEOPLE)
        title = _("Demo logins (password: %(password)s)") % {"password": DEMO_PASSWORD}
        self.stdout.write(title)
        self.stdout.write(f"  {'email'.ljust(width)}  {_('who')}")
        for person in PEOPLE:
            self.stdout.write(f"  {person.email.ljust(width)}  {person.label}")
