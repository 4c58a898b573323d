from django.core.management.base import BaseCommand, CommandError

from akun import services
from akun.models import User


class Command(BaseCommand):
    help = "Reset autentikasi dua faktor satu akun (mis. Admin BKPSDM terakhir kehilangan ponsel)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="nama pengguna atau NIP")
        parser.add_argument("--alasan", required=True, help="alasan dan cara identitas diperiksa")

    def handle(self, *args, username, alasan, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Akun “{username}” tidak ditemukan.")
        ended = services.reset_mfa(user, by=None, alasan=alasan)
        self.stdout.write(f"Autentikasi dua faktor {user.username} direset; {ended} sesi diakhiri.")
