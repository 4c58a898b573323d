import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.factories import PegawaiFactory

BASE_DIR = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL (CI sets DATABASE_URL)."),
]


def database_url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_pulih"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(command, *, database, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "MEDIA_ROOT": str(tmp_path / ("media" if command[0] == "backup" else "media-pulih")),
    }
    return subprocess.run(
        [sys.executable, "ops/backup.py", *command], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_backup_restores_into_a_scratch_database_with_the_same_row_counts(tmp_path, scratch_database):
    PegawaiFactory.create_batch(7)
    (tmp_path / "media" / "rencana" / "pdf").mkdir(parents=True)
    (tmp_path / "media" / "rencana" / "pdf" / "rencana-2027.pdf").write_bytes(b"%PDF-1.7 uji")

    made = run(["backup"], database=connection.settings_dict["NAME"], tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    (archive,) = (tmp_path / "backups").glob("sorong-asn-*.tar")

    restored = run(["restore", str(archive)], database=scratch_database, tmp_path=tmp_path)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Jumlah baris setiap tabel sama dengan cadangan." in restored.stdout
    with psycopg.connect(database_url(scratch_database)) as copy:
        assert copy.execute("SELECT COUNT(*) FROM pegawai_pegawai").fetchone()[0] == 7
    assert (tmp_path / "media-pulih" / "rencana" / "pdf" / "rencana-2027.pdf").read_bytes() == b"%PDF-1.7 uji"


def test_restore_refuses_without_a_file():
    result = subprocess.run(["make", "-s", "restore"], cwd=BASE_DIR, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "make restore FILE=" in result.stdout
