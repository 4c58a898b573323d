from django.core.management.base import BaseCommand
from django.utils import timezone

from privasi import services


class Command(BaseCommand):
    help = "Hapus data yang melewati masa retensi (yang dijalankan beat setiap hari); aman dijalankan dua kali."

    def handle(self, *args, **options):
        hasil = services.prune_retensi(now=timezone.now())
        self.stdout.write(", ".join(f"{nama}: {jumlah}" for nama, jumlah in hasil.items()) + " dihapus.")
