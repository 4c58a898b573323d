from django.apps import AppConfig


class RencanaConfig(AppConfig):
    name = "rencana"
    verbose_name = "Rencana pengembangan"
