from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pegawai.impor import import_pegawai
from pegawai.tabel import UKURAN_MAKS


class Command(BaseCommand):
    help = (
        "Impor pegawai dari ekspor SIASN atau templat Sorong ASN (CSV/XLSX). Semua atau tidak sama sekali: "
        "satu baris salah berarti tidak ada yang disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas .csv atau .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        parser.add_argument(
            "--create-units", action="store_true", help="buat unit kerja yang belum ada (impor SIASN pertama)"
        )

    def handle(self, *args, file, dry_run, create_units, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        if path.stat().st_size > UKURAN_MAKS:
            raise CommandError(f"Ukuran berkas melebihi {UKURAN_MAKS // (1024 * 1024)} MB.")
        hasil = import_pegawai(raw=path.read_bytes(), filename=path.name, create_units=create_units, dry_run=dry_run)
        for galat in hasil.galat:
            self.stderr.write(galat)
        if hasil.galat.tidak_ditampilkan:
            self.stderr.write(f"… dan {hasil.galat.tidak_ditampilkan} galat lain.")
        if not hasil.ok:
            raise CommandError(f"Impor dibatalkan: {hasil.galat.jumlah} galat; tidak ada data yang disimpan.")
        for nama in hasil.unit_baru:
            self.stdout.write(f"  unit kerja baru: {nama}")
        for nama in hasil.jabatan_baru:
            self.stdout.write(f"  jabatan baru: {nama}")
        prefix = "Uji coba (tidak disimpan): " if dry_run else "Selesai: "
        self.stdout.write(self.style.SUCCESS(prefix + hasil.ringkasan))
