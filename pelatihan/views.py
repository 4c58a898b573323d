from django.shortcuts import render


def home_context(request) -> dict:
    return {}


def index(request):
    return render(request, "pelatihan/index.html")
