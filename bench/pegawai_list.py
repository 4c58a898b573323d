"""Benchmark of /pegawai/ (queries and median time) on a large database.

createdb sorong_bench_pegawai
export DATABASE_URL=postgres://sorong:sorong@127.0.0.1:5432/sorong_bench_pegawai
python manage.py migrate && python manage.py seed_demo --pegawai 50000
python bench/pegawai_list.py [--runs 30]
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sorong_asn.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECRET_KEY", "kunci-khusus-benchmark")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

import django  # noqa: E402

django.setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from akun.models import User  # noqa: E402
from pegawai.models import Golongan, Jabatan, Pegawai, UnitKerja  # noqa: E402


def cases():
    total = Pegawai.objects.count()
    last_page = (total + 24) // 25
    nip = Pegawai.objects.order_by("pk").values_list("nip", flat=True)[total // 2]
    dinkes = UnitKerja.objects.get(kode="DINKES").pk
    return [
        ("halaman 1 (urutan DUK)", "bkpsdm", {}),
        ("halaman tengah", "bkpsdm", {"page": last_page // 2}),
        ("halaman terakhir", "bkpsdm", {"page": last_page}),
        ("filter unit kerja + sub-unit", "bkpsdm", {"unit_kerja": dinkes}),
        (
            "filter golongan + jenis jabatan",
            "bkpsdm",
            {"golongan": Golongan.III_A, "jenis_jabatan": Jabatan.Jenis.FUNGSIONAL},
        ),
        ("filter jenis ASN + status", "bkpsdm", {"jenis_asn": "PPPK", "status": "aktif"}),
        ("cari nama", "bkpsdm", {"q": "kambu"}),
        ("cari NIP dengan spasi", "bkpsdm", {"q": f"{nip[:8]} {nip[8:14]}"}),
        ("urut nama, halaman 100", "bkpsdm", {"ordering": "nama", "page": 100}),
        ("operator OPD, halaman 1", "operator", {}),
        ("operator OPD, cari nama", "operator", {"q": "yohana"}),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"Pegawai: {Pegawai.objects.count():,} · database: {connection.vendor}")
    clients = {}
    for username in ("bkpsdm", "operator"):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    print(f"{'kasus':<36} {'kueri':>5} {'median ms':>10} {'p95 ms':>8} {'hasil':>7}")
    worst_queries, worst_median = 0, 0.0
    for label, username, params in cases():
        client = clients[username]
        client.get("/pegawai/", params, secure=True)  # warm-up
        queries = []

        def record(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(record):
            response = client.get("/pegawai/", params, secure=True)
        assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get("/pegawai/", params, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        median = statistics.median(timings)
        p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
        html = response.content.decode()
        count = html[html.index('data-testid="jumlah">') + 21 :].split(" ", 1)[0]
        print(f"{label:<36} {len(queries):>5} {median:>10.1f} {p95:>8.1f} {count:>7}")
        worst_queries, worst_median = max(worst_queries, len(queries)), max(worst_median, median)
    print(f"Terburuk: {worst_queries} kueri, median {worst_median:.1f} ms (target ≤ 15 kueri, ≤ 150 ms)")


if __name__ == "__main__":
    main()
