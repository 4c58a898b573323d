"""Benchmark: query counts and times of the pelatihan catalog and JP ledger pages on seeded data.

Usage: DATABASE_URL=postgres://…/sorong_bench python bench/pelatihan_pages.py [N]
Migrates and seeds N demo employees (default 6,000, idempotent), then requests each page as the
demo accounts and prints queries and milliseconds (median of 5).
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sorong_asn.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from akun.models import User  # noqa: E402
from pelatihan.models import Pelatihan  # noqa: E402


def measure(client, url):
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), statistics.median(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    call_command("migrate", verbosity=0)
    call_command("seed_demo", pegawai=n, stdout=io.StringIO())
    ramai = Pelatihan.objects.order_by("-kuota", "pk").filter(status="selesai").first()
    pages = {
        "bkpsdm": [
            "/",
            "/pelatihan/",
            "/pelatihan/?status=selesai",
            f"/pelatihan/{ramai.pk}/",
            "/pelatihan/jp/unit/",
            "/pelatihan/jp/unit/?kurang=1",
            "/pelatihan/jp/unit/?format=xlsx",
            "/pelatihan/jp/siasn/",
        ],
        "operator": ["/pelatihan/jp/unit/", f"/pelatihan/{ramai.pk}/"],
        "pegawai": ["/", "/pelatihan/", "/pelatihan/kalender/"],
    }
    print(f"{n} pegawai; detail page of '{ramai}' ({ramai.peserta.count()} peserta)")
    for username, urls in pages.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in urls:
            queries, ms = measure(client, url)
            print(f"{username:<9} {url:<40} {queries:>3} queries {ms:>8.1f} ms")
    pegawai = User.objects.get(username="pegawai").profil_pegawai
    client = Client()
    client.force_login(pegawai.user)
    queries, ms = measure(client, f"/pelatihan/jp/pegawai/{pegawai.pk}/")
    print(f"pegawai   /pelatihan/jp/pegawai/<own>/{'':<16} {queries:>3} queries {ms:>8.1f} ms")


if __name__ == "__main__":
    main()
