import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from pegawai.models import Kompetensi
from tests.factories import CatatanJPFactory, PegawaiFactory, PelatihanFactory, PesertaFactory, admin_bkpsdm

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_pages_carry_a_nonce_csp_without_unsafe_inline(client):
    first = client.get(reverse("login"))["Content-Security-Policy"]
    second = client.get(reverse("login"))["Content-Security-Policy"]
    assert "object-src 'none'" in first and "frame-ancestors 'none'" in first and "base-uri 'none'" in first
    assert "'nonce-" in first and "unsafe-inline" not in first
    assert first != second


def test_only_the_admin_allows_inline_scripts(client):
    client.force_login(admin_bkpsdm(is_staff=True))
    assert "'unsafe-inline'" in client.get("/admin/")["Content-Security-Policy"]


def test_check_deploy_is_clean_under_production_environment():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "EMAIL_HOST": "smtp.sorongkota.go.id",
        "SECRET_KEY": "k" * 20 + "produksi-rahasia-yang-panjang-dan-acak-9x8y7z6w5v4u3t",
        "ALLOWED_HOSTS": "asn.sorongkota.go.id",
        "DATABASE_URL": "sqlite:////tmp/sorong-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DEBUG")}
    env |= {"DATABASE_URL": "sqlite:////tmp/sorong-secret-check.sqlite3", **env_overrides}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY belum diisi" in result.stderr
    # The public development key is never used with DEBUG=0.
    assert "django-insecure" not in result.stdout + result.stderr


def test_development_and_the_docker_build_still_start():
    assert _manage("check", DEBUG="1").returncode == 0
    # The Dockerfile's collectstatic step passes a placeholder key of its own.
    assert _manage("check", DEBUG="0", SECRET_KEY="collectstatic-only").returncode == 0


def test_form_messages_stay_indonesian_for_an_english_browser(client):
    response = client.post(reverse("login"), {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "Bidang ini tidak boleh kosong" in response.content.decode()


def test_admin_bkpsdm_can_keep_reference_data_in_the_admin_but_not_delete(client):
    client.force_login(admin_bkpsdm(is_staff=True))
    assert client.get("/admin/pelatihan/pertanyaanumpanbalik/").status_code == 200
    assert client.get("/admin/pegawai/kompetensi/add/").status_code == 200
    kompetensi = Kompetensi.objects.first()
    assert client.get(f"/admin/pegawai/kompetensi/{kompetensi.pk}/delete/").status_code == 403


@pytest.mark.parametrize("superuser", [False, True], ids=["admin_bkpsdm", "superuser"])
def test_records_with_a_workflow_are_read_only_in_the_admin(client, superuser):
    admin = admin_bkpsdm(is_staff=True, is_superuser=superuser)
    client.force_login(admin)
    pegawai = PegawaiFactory(nama="Yohana Kambu")
    catatan = CatatanJPFactory(pegawai=pegawai, jp=8)
    rows = {
        "pegawai/pegawai": pegawai,
        "pelatihan/catatanjp": catatan,
        "pelatihan/pelatihan": PelatihanFactory(),
        "pelatihan/peserta": PesertaFactory(pegawai=pegawai),
    }
    for path, obj in rows.items():
        # Visible, for support …
        assert client.get(f"/admin/{path}/{obj.pk}/change/").status_code == 200
        # … but nothing can be added, changed or deleted there.
        assert client.get(f"/admin/{path}/add/").status_code == 403
        assert client.post(f"/admin/{path}/{obj.pk}/change/", {}).status_code == 403
        assert client.post(f"/admin/{path}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    for path in (
        "evaluasi/evaluasiprogres",
        "evaluasi/evaluasipascapelatihan",
        "evaluasi/siklusevaluasi",
        "evaluasi/keputusanprogram",
        "evaluasi/pengingat",
        "pegawai/penilaiankompetensi",
    ):
        assert client.get(f"/admin/{path}/add/").status_code == 403
    pegawai.refresh_from_db()
    catatan.refresh_from_db()
    assert (pegawai.nama, catatan.jp) == ("Yohana Kambu", 8)


def test_reference_data_stays_editable_in_the_admin(client):
    client.force_login(admin_bkpsdm(is_staff=True))
    for path in (
        "pegawai/unitkerja",
        "pegawai/jabatan",
        "pegawai/kompetensi",
        "pegawai/standarkompetensi",
        "pelatihan/mitra",
        "pelatihan/pertanyaanumpanbalik",
    ):
        assert client.get(f"/admin/{path}/add/").status_code == 200, path
