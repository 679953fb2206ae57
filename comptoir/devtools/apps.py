from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, the network-scale generator, `make bench` and the smoke run: the top layer."""

    name = "comptoir.devtools"
    label = "devtools"
    verbose_name = "Comptoir developer tools"
