"""`make load`: the load test against a local gunicorn on PostgreSQL, bounded in time.

1. migrate; `seed_demo --pegawai 6000` when the database is empty; collectstatic (production storage);
2. gunicorn exactly as deployed (gunicorn.conf.py, DEBUG=0) plus BENCHMARK_VIEWS=1 for the bare view;
3. capacity: each page requested back to back by LOAD_CAPACITY_USERS users for LOAD_CAPACITY_SECONDS,
   the bare 50-row view among them, so every ratio comes from one run on one machine state;
4. the morning: LOAD_USERS users of the five roles log in during the first minute, then browse with
   1–3 s think time for LOAD_SECONDS in all;
5. prints both tables and the targets of docs/deploy.md, and writes them to bench/out/.

Needs DATABASE_URL (PostgreSQL; use a database of its own) and REDIS_URL (the cache, as in production).
"""

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "bench" / "out"
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LOAD_PORT", "8100"))
HOST = f"http://127.0.0.1:{PORT}"
PEGAWAI = int(os.environ.get("LOAD_PEGAWAI", "6000"))
CAPACITY_USERS = int(os.environ.get("LOAD_CAPACITY_USERS", "8"))
CAPACITY_SECONDS = int(os.environ.get("LOAD_CAPACITY_SECONDS", "20"))
USERS = int(os.environ.get("LOAD_USERS", "100"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "180"))
TARGETS = [
    "bare",
    "beranda-pegawai",
    "beranda-atasan",
    "beranda-operator",
    "beranda-bkpsdm",
    "beranda-pimpinan",
    "daftar-pegawai",
    "detail-pegawai",
    "katalog",
    "lonceng",
]
MIX = ["Pegawai", "Atasan", "Operator", "Bkpsdm", "Pimpinan", "Monitor"]


def server_env() -> dict[str, str]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("make load needs DATABASE_URL=postgres://… (a database of its own) and REDIS_URL.")
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BENCHMARK_VIEWS": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BIND_HOST": "127.0.0.1",
        "PORT": str(PORT),
        "STATIC_ROOT": str(OUT / "static"),
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def write_accounts(env) -> Path:
    # Staff roles pass a second factor; a TOTP code counts once per account and 30 s step, so every
    # simulated staff user gets an account of its own: copies of the demo accounts (same groups, unit,
    # password and demo authenticator key), made in the benchmark database only.
    code = """
import json
from binascii import hexlify
from django_otp.plugins.otp_totp.models import TOTPDevice
from akun.demo import DEMO_TOTP_SECRET
from akun.models import User
from pegawai.models import Pegawai
from rencana.models import TahunRencana
staf = {}
for role in ("bkpsdm", "operator", "pimpinan"):
    demo = User.objects.get(username=role)
    key = hexlify(DEMO_TOTP_SECRET).decode()
    staf[role] = []
    for i in range(40):
        user, _ = User.objects.update_or_create(
            username=f"beban-{role}-{i}",
            defaults={"nama": f"Uji Beban {i}", "password": demo.password, "unit_kerja": demo.unit_kerja,
                      "is_staff": demo.is_staff},
        )
        user.groups.set(demo.groups.all())
        TOTPDevice.objects.update_or_create(
            user=user, defaults={"name": "Demo", "key": key, "confirmed": True, "last_t": -1}
        )
        staf[role].append(user.username)
aktif = Pegawai.objects.aktif().filter(user__isnull=False)
atasan = list(aktif.filter(bawahan__isnull=False).distinct().values_list("user__username", flat=True)[:80])
pegawai = list(aktif.filter(bawahan__isnull=True).order_by("?").values_list("user__username", flat=True)[:400])
tahun = TahunRencana.objects.order_by("-tahun").values_list("tahun", flat=True).first()
print(json.dumps({
    "pegawai": pegawai, "atasan": atasan, **staf, "tahun": tahun,
    "pegawai_pk": list(aktif.order_by("?").values_list("pk", flat=True)[:200]),
}))
"""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    path = OUT / "akun.json"
    path.write_text(result.stdout.strip().splitlines()[-1])
    return path


def start_server(env) -> subprocess.Popen:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            # Otherwise the run would measure whatever already listens there (an older server, say).
            raise SystemExit(f"Port {PORT} is taken; stop that server or set LOAD_PORT.")
    with open(OUT / "gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [BIN / "gunicorn", "sorong_asn.wsgi"], cwd=BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True
        )
    for _ in range(120):
        try:
            probe = urllib.request.Request(f"{HOST}/_bench/bare/", headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer; see {OUT / 'gunicorn.log'}")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def steady_rate(prefix, name, users) -> float:
    """Requests a second of `name` once every user has logged in and made its first request."""
    with open(OUT / f"{prefix}_stats_history.csv") as f:
        rows = [(int(r["Timestamp"]), int(r["Total Request Count"])) for r in csv.DictReader(f) if r["Name"] == name]
    start = next(((t, n) for t, n in rows if n >= users), rows[0])
    end = rows[-1]
    return (end[1] - start[1]) / max(end[0] - start[0], 1)


def locust(env, prefix, classes, users, rate, seconds) -> list[dict]:
    subprocess.run(
        [
            BIN / "locust",
            "-f",
            "bench/locustfile.py",
            "--headless",
            "--host",
            HOST,
            "-u",
            str(users),
            "-r",
            str(rate),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--csv",
            str(OUT / prefix),
            "--only-summary",
            "--csv-full-history",
            "--loglevel",
            "WARNING",
            *classes,
        ],
        cwd=BASE_DIR,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    with open(OUT / f"{prefix}_stats.csv") as f:
        return list(csv.DictReader(f))


def ms(row, column) -> str:
    return row[column] if row[column] not in ("", "N/A") else "–"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    env = server_env()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--pegawai", str(PEGAWAI), "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v0")
    locust_env = {**env, "LOAD_ACCOUNTS": str(write_accounts(env))}
    load_before = os.getloadavg()
    server = start_server(env)
    lines = []
    try:
        capacity = {}
        for phase, target in enumerate(TARGETS):
            rows = locust(
                {**locust_env, "LOAD_TARGET": target, "LOAD_ACCOUNT_OFFSET": str(phase * CAPACITY_USERS)},
                f"kapasitas-{target}",
                ["Kapasitas"],
                CAPACITY_USERS,
                CAPACITY_USERS,
                CAPACITY_SECONDS,
            )
            row = next(r for r in rows if r["Name"] == target)
            capacity[target] = row | {"Requests/s": steady_rate(f"kapasitas-{target}", target, CAPACITY_USERS)}
        mix = locust(locust_env, "pagi", MIX, USERS, round(USERS / 60, 2), SECONDS)
    finally:
        stop_server(server)
    load_after = os.getloadavg()

    bare = float(capacity["bare"]["Requests/s"])
    workers = env.get("WEB_CONCURRENCY", "3 (gunicorn.conf.py)")
    lines.append(f"# make load, {datetime.now():%Y-%m-%d %H:%M}; gunicorn workers: {workers}")
    lines.append(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (2 cores)")
    lines.append("")
    lines.append(f"## Capacity: {CAPACITY_USERS} users back to back, {CAPACITY_SECONDS} s per page")
    lines.append("")
    lines.append("| page | req/s | × bare | p50 ms | p95 ms | p99 ms | failures |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for target, row in capacity.items():
        rps = float(row["Requests/s"])
        lines.append(
            f"| {target} | {rps:.1f} | {rps / bare:.2f} | {ms(row, '50%')} | {ms(row, '95%')} | "
            f"{ms(row, '99%')} | {row['Failure Count']} |"
        )
    lines.append("")
    lines.append(f"## The morning: {USERS} users log in over 60 s, then 1–3 s think time; {SECONDS} s in all")
    lines.append("")
    lines.append("| request | count | req/s | p50 ms | p95 ms | p99 ms | max ms | failures |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in mix:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} | {ms(row, '50%')} | "
            f"{ms(row, '95%')} | {ms(row, '99%')} | {row['Max Response Time'].split('.')[0]} | "
            f"{row['Failure Count']} |"
        )
    lines.append("")
    pages = [r for r in capacity.items() if r[0] not in ("bare", "lonceng")]
    worst = min(float(r["Requests/s"]) for _, r in pages) / bare
    browsing = [r for r in mix if r["Name"] not in ("Aggregated", "login", "login (formulir)", "login (kode OTP)")]
    p95 = max(float(r["95%"]) for r in browsing if r["95%"] not in ("", "N/A"))
    login = next((r for r in mix if r["Name"] == "login"), None)
    failures = sum(int(r["Failure Count"]) for r in mix if r["Name"] == "Aggregated")
    lines.append("## Targets (issue: capacity ≥ 0.5× bare, p95 ≤ 500 ms, login p95 ≤ 2 s, 0 failures)")
    lines.append("")
    lines.append(f"- slowest main page: {worst:.2f}× the bare view ({'met' if worst >= 0.5 else 'NOT met'})")
    lines.append(f"- worst page p95 in the morning mix: {p95:.0f} ms ({'met' if p95 <= 500 else 'NOT met'})")
    if login:
        login_p95 = float(login["95%"])
        lines.append(f"- login p95: {login_p95:.0f} ms ({'met' if login_p95 <= 2000 else 'NOT met'})")
    lines.append(f"- failures: {failures} ({'met' if failures == 0 else 'NOT met'})")
    report = "\n".join(lines)
    print(report)
    (OUT / f"load-{datetime.now():%Y%m%d-%H%M}.md").write_text(report + "\n")


if __name__ == "__main__":
    main()
