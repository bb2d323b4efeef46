from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "amendtool.server"
    label = "portal"
    verbose_name = "amendtool negotiation portal"
