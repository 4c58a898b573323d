import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from akun.demo import DEMO_TOTP_BASE32, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Tampilkan kode verifikasi dua langkah saat ini untuk akun demo staf (bkpsdm, operator, pimpinan)."

    def handle(self, *args, **options):
        # Computed from the public demo secret alone: this command knows nothing about real accounts.
        totp = TOTP(DEMO_TOTP_SECRET)
        sisa = 30 - int(time.time()) % 30
        self.stdout.write(f"Kode demo: {totp.token():06d} (berlaku {sisa} detik lagi; kunci {DEMO_TOTP_BASE32})")
