from django.core.management.base import BaseCommand
from django.utils import timezone

from evaluasi.services import send_reminders


class Command(BaseCommand):
    help = "Cari semua yang jatuh tempo dan kirim pengingatnya, masing-masing sekali (aman dijalankan dua kali)."

    def handle(self, *args, **options):
        hasil = send_reminders(now=timezone.now())
        if hasil.gagal:
            self.stdout.write(f"gagal (dicoba lagi nanti atau ditandai gagal): {hasil.gagal}")
        self.stdout.write(hasil.baris())
