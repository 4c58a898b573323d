from django.apps import AppConfig


class PrivasiConfig(AppConfig):
    name = "privasi"
    verbose_name = "Pelindungan data pribadi"
