import time

from django.core.management.base import BaseCommand, CommandError

from pegawai.models import UnitKerja
from rencana.models import TahunRencana
from rencana.tahunan import render_rencana_tahunan


class Command(BaseCommand):
    help = "Cetak PDF rencana pengembangan kompetensi tahunan (seluruh kota atau satu perangkat daerah)."

    def add_arguments(self, parser):
        parser.add_argument("--tahun", type=int, required=True, help="tahun rencana, mis. 2027")
        parser.add_argument("--unit-kerja", dest="unit_kerja", help="kode perangkat daerah, mis. DINKES")
        parser.add_argument("--output", required=True, help="berkas PDF tujuan")

    def handle(self, *args, tahun, unit_kerja, output, **options):
        try:
            tahun_rencana = TahunRencana.objects.get(tahun=tahun)
        except TahunRencana.DoesNotExist:
            raise CommandError(f"Tahun rencana {tahun} belum dibuka.") from None
        unit = None
        if unit_kerja:
            try:
                unit = UnitKerja.objects.get(kode=unit_kerja.upper(), parent__isnull=True)
            except UnitKerja.DoesNotExist:
                raise CommandError(f"Perangkat daerah dengan kode {unit_kerja} tidak ditemukan.") from None
        started = time.monotonic()
        result = render_rencana_tahunan(tahun=tahun_rencana, unit=unit)
        with open(output, "wb") as berkas:
            berkas.write(result.content)
        self.stdout.write(
            f"{output}: {result.halaman} halaman, {len(result.content) / 1024:.0f} KB, "
            f"{time.monotonic() - started:.1f} dtk."
        )
