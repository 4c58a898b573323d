import random
import time

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.utils import timezone

from akun import demo as akun_demo
from akun.peran import ensure_groups
from evaluasi import demo as evaluasi_demo
from mentoring import demo as mentoring_demo
from pegawai import demo as pegawai_demo
from pegawai.models import Kompetensi, Pegawai, UnitKerja
from pegawai.referensi import load_kompetensi, load_unit_kerja
from pelatihan import demo as pelatihan_demo
from rencana import demo as rencana_demo

DEFAULT_PASSWORD = "Kompetensi-Demo-2027"


class Command(BaseCommand):
    help = "Isi data demo Kota Sorong (idempoten): pegawai, akun demo per peran, dan data tiap modul."

    def add_arguments(self, parser):
        parser.add_argument("--pegawai", type=int, default=600, help="jumlah pegawai demo (bawaan 600)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="kata sandi semua akun demo")
        parser.add_argument("--seed", type=int, default=2027, help="benih acak (data sama untuk benih sama)")
        parser.add_argument("--if-empty", action="store_true", help="lewati bila sudah ada data pegawai (make run)")

    def handle(self, *args, pegawai, password, seed, if_empty, **options):
        if if_empty and Pegawai.objects.exists():
            self.stdout.write("Basis data sudah berisi pegawai; data demo tidak ditambahkan.")
            return
        started = time.monotonic()
        rng = random.Random(seed)
        today = timezone.localdate()
        # Normally loaded by migrations; ensured again so a flushed database can be re-seeded.
        ensure_groups(Group, Permission)
        load_unit_kerja(UnitKerja)
        load_kompetensi(Kompetensi)
        hasil = pegawai_demo.seed(jumlah=pegawai, rng=rng, today=today)
        self.stdout.write(f"Pegawai: {hasil.pegawai_baru} baru, {hasil.total} seluruhnya.")
        people = akun_demo.seed(password=password)
        for username, orang in people.items():
            self.stdout.write(f"  akun {username:<9} → {orang.nama_lengkap} ({orang.unit_kerja})")
        self.stdout.write(
            f"  bkpsdm, operator, pimpinan: verifikasi dua langkah dengan kunci demo {akun_demo.DEMO_TOTP_BASE32}"
            " (kode saat ini: python manage.py kode_otp_demo)"
        )
        for app_demo in (pelatihan_demo, mentoring_demo, rencana_demo, evaluasi_demo):
            summary = app_demo.seed(rng=rng, today=today)
            if summary:
                self.stdout.write(summary)
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo siap dalam {time.monotonic() - started:.1f} dtk. Kata sandi akun demo: {password}"
            )
        )
