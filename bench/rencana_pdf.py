"""Render time and peak memory of the annual-plan PDF at 300, 2,000 and 6,000 employees.

Each size gets its own SQLite database filled by `seed_demo`; every render runs in a fresh process
(as on the pdf worker, --max-tasks-per-child=1) and its peak RSS is read with os.wait4.
Usage: python bench/rencana_pdf.py [300 2000 6000]   (figures go to docs/rencana.md by hand)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = [int(a) for a in sys.argv[1:]] or [300, 2000, 6000]
TAHUN = "2027"


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )


def measure(env, *args) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak MB of one command in its own process.

    CPU seconds are quoted next to wall time because the machines are shared: under load the wall
    time measures the neighbours, the CPU time what the render itself costs.
    """
    started = time.monotonic()
    proc = subprocess.Popen(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    output = proc.stdout.read().strip()
    if status:
        raise SystemExit(output)
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def opd_near(env, target: int) -> str:
    code = (
        "from django.db.models import Count;from pegawai.models import UnitKerja, Pegawai;"
        "c={u.kode:Pegawai.objects.filter(unit_kerja__path__startswith=u.path).count() "
        "for u in UnitKerja.objects.filter(parent__isnull=True)};"
        f"print(min(c, key=lambda k: abs(c[k]-{target})), max(c.values()))"
    )
    return manage(env, "shell", "-v", "0", "-c", code, capture=True).stdout.split()[0]


def main():
    print("| pegawai | lingkup | halaman | detik (dinding) | detik CPU | puncak memori (MB) | beban mesin |")
    print("|---|---|---|---|---|---|---|")
    for size in SIZES:
        db = Path(f"/tmp/bench-rencana-{size}.sqlite3")
        db.unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "1"}
        manage(env, "migrate", "-v0")
        manage(env, "seed_demo", "--pegawai", str(size), capture=True)
        runs = [("kota", [])]
        if size >= 2000:
            kode = opd_near(env, 300)
            runs.append((f"OPD {kode}", ["--unit-kerja", kode]))
        for label, extra in runs:
            out = f"/tmp/bench-rencana-{size}-{label.replace(' ', '-')}.pdf"
            seconds, cpu, peak, output = measure(env, "render_rencana", "--tahun", TAHUN, "--output", out, *extra)
            pages = output.split(": ")[1].split(" halaman")[0]
            load = os.getloadavg()[0]
            print(f"| {size:,} | {label} | {pages} | {seconds:.1f} | {cpu:.1f} | {peak:.0f} | {load:.1f} |", flush=True)


if __name__ == "__main__":
    main()
