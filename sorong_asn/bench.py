"""The load test's reference point: a bare Django view of 50 employee rows (bench/locustfile.py).

Mounted under /_bench/ only when BENCHMARK_VIEWS=1, which `make load` sets for its own server.
It has no login, no scoping and no layout, so it shows what this machine and stack can serve at
best; the real pages are measured as a fraction of it.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path

from pegawai.models import Pegawai


@login_not_required
def bare(request):
    rows = Pegawai.objects.select_related("unit_kerja").order_by("pk")[:50]
    return render(request, "bench/bare.html", {"rows": rows})


urlpatterns = [path("bare/", bare, name="bench_bare")]
