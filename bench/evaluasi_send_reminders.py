"""Benchmark: send_reminders at scale (docs/evaluasi.md records the figures).

Usage: DATABASE_URL=postgres://…/sorong_bench_evaluasi python bench/evaluasi_send_reminders.py [N]
Point it at an empty benchmark database: it migrates, seeds N employees (default 50,000) unless
already seeded, then times a first run (everything due is planned and mailed), a second run (nothing
new: the idempotent path beat takes every 15 minutes) and counts reminders per kind. Mail goes to
Django's in-memory backend, so the figures measure our code and the database, not an SMTP server.
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    env = {**os.environ, "DEBUG": "1"}
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env)
    subprocess.run([*manage, "seed_demo", "--pegawai", str(n)], check=True, env=env, stdout=subprocess.DEVNULL)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sorong_asn.settings")
    os.environ["DEBUG"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.utils import timezone

    from evaluasi.models import Pengingat
    from evaluasi.services import send_reminders
    from pegawai.models import Pegawai

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    print(f"pegawai: {Pegawai.objects.count()}")
    for label in ("pertama", "kedua"):
        started = time.perf_counter()
        hasil = send_reminders(now=timezone.now())
        print(f"send_reminders ({label}): {time.perf_counter() - started:.1f} s, {hasil.baris()}")
    for row in Pengingat.objects.values("jenis").annotate(n=Count("pk")).order_by("jenis"):
        print(f"  {row['jenis']:<22} {row['n']}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
