"""One end-to-end run through a real Celery worker and Redis (CI sets REDIS_URL and DATABASE_URL)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from evaluasi.models import Pengingat
from tests.factories import rencana

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL tidak diisi: uji worker Celery sungguhan butuh Redis (CI mengisinya).")
    if connection.vendor != "postgresql":
        pytest.skip("Worker di proses lain tidak bisa melihat basis data uji SQLite di memori; CI memakai PostgreSQL.")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DEBUG": "1",
    }
    client = Celery("uji", broker=redis_url)
    client.control.purge()
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "sorong_asn", "worker", "--pool=solo", "-l", "info"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield client, process
    process.terminate()
    process.wait(timeout=30)
    client.close()


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_a_real_worker_sends_each_reminder_once_even_when_the_task_runs_twice(worker, bawahan):
    client, process = worker
    rencana(bawahan, status="dikembalikan")
    client.send_task("evaluasi.tasks.send_reminders_task")
    assert wait_for(lambda: Pengingat.objects.filter(status=Pengingat.Status.SENT).exists()), "worker tidak mengirim"
    # A duplicate beat tick (or a redelivered message) finds the row already sent.
    result_marker = Pengingat.objects.get().terkirim_pada
    client.send_task("evaluasi.tasks.send_reminders_task")
    time.sleep(8)
    process.terminate()
    output, _ = process.communicate(timeout=30)
    assert output.count("Subject: [Sorong ASN]") == 1, output[-3000:]
    assert "terkirim=0 dilewati=1" in output
    row = Pengingat.objects.get()
    assert (row.status, row.terkirim_pada) == (Pengingat.Status.SENT, result_marker)
