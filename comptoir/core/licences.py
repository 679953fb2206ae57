"""Open licences people choose for a project, a shared resource or a documentation
(SPDX identifiers, and the French administration's Licence Ouverte)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"
    AGPL = "AGPL-3.0-or-later", "GNU AGPL v3+"
    GPL = "GPL-3.0-or-later", "GNU GPL v3+"
    LGPL = "LGPL-3.0-or-later", "GNU LGPL v3+"
    MIT = "MIT", "MIT"
    APACHE = "Apache-2.0", "Apache 2.0"
    MPL = "MPL-2.0", "MPL 2.0"
    CERN_OHL = "CERN-OHL-S-2.0", "CERN OHL-S 2.0"
    ODBL = "ODbL-1.0", "ODbL 1.0"
    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    UNDECIDED = "", _("Not chosen yet")
