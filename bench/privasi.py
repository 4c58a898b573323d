"""Benchmark: what the session/2FA middleware and the personal-data access log cost (docs/privasi.md).

Usage: DATABASE_URL=postgres://…/sorong_bench_privasi python bench/privasi.py [N]
Point it at an empty benchmark database: it migrates and seeds N employees (default 6,000, the city's
size) unless already seeded, then measures
- queries of the home page and the notification bell for a verified staff account and an employee,
  with and without akun's SesiMiddleware + MFAMiddleware;
- recording a whole-city export in the access log (catat_akses with N subjects);
- building one employee's "download all my data" ZIP;
- pruning those records again.
"""

import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 6_000
    env = {**os.environ, "DEBUG": "1"}
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env)
    subprocess.run([*manage, "seed_demo", "--pegawai", str(n)], check=True, env=env, stdout=subprocess.DEVNULL)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sorong_asn.settings")
    os.environ["DEBUG"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from akun.models import User
    from pegawai.models import Pegawai
    from privasi import ekspor, services
    from privasi.models import Akses

    print(f"pegawai: {Pegawai.objects.count()}")
    ours = ["akun.middleware.SesiMiddleware", "akun.middleware.MFAMiddleware"]
    without = [m for m in settings.MIDDLEWARE if m not in ours]
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for username in ("bkpsdm", "pegawai"):
            user = User.objects.get(username=username)
            client = Client()
            client.force_login(user)
            device = TOTPDevice.objects.filter(user=user).first()
            if device is not None:
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            for url in ("/", "/evaluasi/notifikasi/lonceng/"):
                counts = []
                for middleware in (settings.MIDDLEWARE, without):
                    with override_settings(MIDDLEWARE=middleware):
                        client.get(url)
                        with CaptureQueriesContext(connection) as queries:
                            assert client.get(url).status_code == 200
                        counts.append(len(queries))
                print(f"{username:<8} {url:<30} queries with akun middleware {counts[0]}, without {counts[1]}")

    admin = User.objects.get(username="bkpsdm")

    class Request:
        user = admin
        META = {"REMOTE_ADDR": "127.0.0.1"}

        @staticmethod
        def get_full_path():
            return "/pegawai/ekspor/?format=xlsx"

    started = time.perf_counter()
    akses = services.catat_akses(Request, Akses.Jenis.EKSPOR, Pegawai.objects.all(), keterangan="bench")
    print(f"catat_akses, whole-city export of {akses.jumlah_subjek} people: {time.perf_counter() - started:.2f} s")

    orang = Pegawai.objects.filter(user__username="pegawai").select_related("user").get()
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        ekspor.build_zip(orang.user, _Counting(sink))
    print(f"data-saya ZIP for one employee: {time.perf_counter() - started:.2f} s, {_Counting.written / 1024:.0f} KB")

    started = time.perf_counter()
    pruned = services.prune_akses(now=timezone.now() + timedelta(days=settings.PRIVASI_RETENSI_AKSES_HARI + 1))
    print(f"prune_akses: {pruned} records in {time.perf_counter() - started:.2f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


class _Counting:
    """A write-only file that counts bytes (zipfile needs tell() and write())."""

    written = 0

    def __init__(self, sink):
        self.sink = sink

    def write(self, data):
        _Counting.written += len(data)
        return self.sink.write(data)

    def tell(self):
        return _Counting.written

    def flush(self):
        pass


if __name__ == "__main__":
    main()
