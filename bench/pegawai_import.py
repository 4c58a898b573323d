"""Benchmark of the SIASN import: a generated 10,000-row "download data ASN" CSV, created then re-imported.

    export DATABASE_URL=postgres://sorong:sorong@127.0.0.1:5432/sorong_bench_pegawai
    python bench/pegawai_import.py [--rows 10000]

Writes to the database it is pointed at (new employees, then updates of the same rows).
"""

import argparse
import csv
import io
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sorong_asn.settings")
os.environ.setdefault("SECRET_KEY", "kunci-khusus-benchmark")

import django  # noqa: E402

django.setup()

from pegawai.impor import SIASN_HEADERS, import_pegawai  # noqa: E402
from pegawai.models import Pegawai, UnitKerja  # noqa: E402

GOLONGAN = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]
JABATAN = [
    ("Pelaksana", "Pengadministrasi Perkantoran"),
    ("Fungsional Tertentu", "Perawat Ahli Pertama"),
    ("Fungsional Tertentu", "Guru Ahli Muda"),
    ("Struktural", "Kepala Seksi Pelayanan"),
    ("Pelaksana", "Pengolah Data dan Informasi"),
]


def make_csv(rows: int, rng: random.Random, golongan_shift: int = 0, nips: list[str] | None = None) -> tuple:
    existing = set(Pegawai.objects.values_list("nip", flat=True))
    units = list(UnitKerja.objects.values_list("nama", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SIASN_HEADERS)
    made = []
    while len(made) < rows:
        if nips:
            nip = nips[len(made)]
        else:
            lahir = date(rng.randint(1965, 1999), rng.randint(1, 12), rng.randint(1, 28))
            nip = f"{lahir:%Y%m%d}{lahir.year + 25}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
            if nip in existing:
                continue
            existing.add(nip)
        jenis, jabatan = JABATAN[len(made) % len(JABATAN)]
        values = dict.fromkeys(SIASN_HEADERS, "")
        values.update(
            {
                "NIP BARU": nip,
                "NAMA": f"Pegawai Uji {len(made)}",
                "TANGGAL LAHIR": f"{nip[6:8]}-{nip[4:6]}-{nip[0:4]}",
                "GOL AKHIR NAMA": GOLONGAN[(len(made) + golongan_shift) % len(GOLONGAN)],
                "JENIS JABATAN NAMA": jenis,
                "JABATAN NAMA": jabatan,
                "UNOR NAMA": units[len(made) % len(units)],
                "KEDUDUKAN HUKUM NAMA": "Aktif",
                "NOMOR HP": f"0812{rng.randint(10_000_000, 99_999_999)}",
            }
        )
        writer.writerow([values[h] for h in SIASN_HEADERS])
        made.append(nip)
    return out.getvalue().encode(), made


def timed(label, raw, **kwargs):
    started = time.perf_counter()
    hasil = import_pegawai(raw=raw, filename="siasn.csv", **kwargs)
    seconds = time.perf_counter() - started
    assert hasil.ok, hasil.galat[:5]
    print(
        f"{label:<34} {seconds:6.1f} s  ({seconds / len(hasil.baris) * 1000:5.2f} s per 1.000 baris)  {hasil.ringkasan}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(7)
    raw, nips = make_csv(args.rows, rng)
    print(f"Berkas: {args.rows:,} baris, {len(raw) / 1024 / 1024:.1f} MB; di basis data: {Pegawai.objects.count():,}")
    timed("uji coba (--dry-run)", raw, dry_run=True)
    timed("impor pertama (buat)", raw)
    changed, _ = make_csv(args.rows, rng, golongan_shift=1, nips=nips)
    timed("impor ulang (perbarui golongan)", changed)
    timed("impor ulang tanpa perubahan", changed)


if __name__ == "__main__":
    main()
