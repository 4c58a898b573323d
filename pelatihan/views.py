from django.shortcuts import render


def home_context(request) -> dict:
    return {}


def index(request):
    return render(request, "pelatihan/index.html")


def pegawai_section_context(request, pegawai) -> dict:
    """Context for this app's section on the employee detail page."""
    return {}
