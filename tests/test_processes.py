"""The commands docker-compose runs (gunicorn, celery) work outside Docker."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_healthz(tmp_path):
    port = free_port()
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite3'}"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    server = subprocess.Popen(
        [BIN / "gunicorn", "sorong_asn.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None and '"database": "ok"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_celery_loads_the_project_app():
    result = subprocess.run(
        [BIN / "celery", "-A", "sorong_asn", "report"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "sorong_asn" in result.stdout
