"""Queries and time of the pages the morning rush hits, per role (profiling aid for docs/deploy.md).

export DATABASE_URL=postgres://sorong:sorong@127.0.0.1:5432/sorong_load   # seeded by `make load`
python bench/main_pages.py [--runs 20] [--sql]
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sorong_asn.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

import django  # noqa: E402

django.setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from akun.models import User  # noqa: E402
from pegawai.models import Pegawai  # noqa: E402
from pelatihan.models import Pelatihan  # noqa: E402

ROLES = ("pegawai", "atasan", "operator", "bkpsdm", "pimpinan")


def cases():
    detail = Pegawai.objects.get(user__username="pegawai").pk
    pelatihan = Pelatihan.objects.order_by("pk").values_list("pk", flat=True).first()
    for role in ROLES:
        yield role, "beranda", "/"
        yield role, "lonceng", "/evaluasi/notifikasi/lonceng/"
    yield "bkpsdm", "daftar pegawai", "/pegawai/"
    yield "bkpsdm", "daftar pegawai (cari)", "/pegawai/?q=yohana"
    yield "operator", "daftar pegawai", "/pegawai/"
    yield "atasan", "daftar pegawai", "/pegawai/"
    yield "bkpsdm", "detail pegawai", f"/pegawai/{detail}/"
    yield "pegawai", "detail pegawai (diri)", f"/pegawai/{detail}/"
    yield "pegawai", "katalog", "/pelatihan/"
    yield "pegawai", "detail pelatihan", f"/pelatihan/{pelatihan}/"
    yield "pegawai", "rencana", "/rencana/"
    yield "atasan", "antrean", "/rencana/antrean/"
    yield "bkpsdm", "dasbor evaluasi", "/evaluasi/"
    yield "pimpinan", "dasbor evaluasi", "/evaluasi/"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="print each page's queries")
    args = parser.parse_args()
    print(f"Pegawai: {Pegawai.objects.count():,} · database: {connection.vendor}")
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=role))
    print(f"{'peran':<9} {'halaman':<24} {'kueri':>5} {'median ms':>10} {'p95 ms':>8}")
    for role, label, url in cases():
        client = clients[role]
        client.get(url, secure=True)  # warm-up (and the cache, as in production)
        queries = []

        def record(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(record):
            response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
        print(f"{role:<9} {label:<24} {len(queries):>5} {statistics.median(timings):>10.1f} {p95:>8.1f}")
        if args.sql:
            for sql, n in Counter(queries).most_common():
                print(f"    {n}× {sql[:300]}")


if __name__ == "__main__":
    main()
