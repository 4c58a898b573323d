"""Benchmark: seed_demo at scale (target: 50,000 employees in under 2 minutes).

Usage: DATABASE_URL=postgres://…/sorong_bench python bench/seed_demo.py [N]
Drops and recreates nothing: point it at an empty, migrated benchmark database.
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    env = {**os.environ, "DEBUG": "1"}
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env)
    started = time.perf_counter()
    subprocess.run([*manage, "seed_demo", "--pegawai", str(n)], check=True, env=env, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"seed_demo --pegawai {n}: {elapsed:.1f} s, peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
