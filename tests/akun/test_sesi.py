from datetime import datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akun.models import SesiLogin
from tests.factories import (
    PASSWORD,
    PegawaiFactory,
    UnitKerjaFactory,
    admin_bkpsdm,
    operator_opd,
    totp_code,
    totp_device,
)

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2027-02-01 08:00:00+09:00")


def login(client, user, ip="10.0.0.1"):
    device = totp_device(user) if user.wajib_mfa else None
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ip)
    if device is not None:
        client.post(reverse("otp_verifikasi"), {"kode": totp_code(device), "next": "/"})
    return client


def at(time_machine, minutes):
    time_machine.move_to(START + timedelta(minutes=minutes), tick=False)


def test_staff_sessions_end_after_thirty_idle_minutes(client, time_machine):
    at(time_machine, 0)
    login(client, admin_bkpsdm())
    at(time_machine, 29)
    assert client.get("/pegawai/").status_code == 200
    at(time_machine, 58)  # 29 minutes after the last request: still in
    assert client.get("/pegawai/").status_code == 200
    at(time_machine, 89)  # 31 idle minutes
    response = client.get("/pegawai/")
    assert response.url == f"{reverse('login')}?next=/pegawai/"
    assert "tidak ada aktivitas selama 30 menit" in client.get(response.url).content.decode()
    assert client.get("/pegawai/").status_code == 302


def test_employees_have_the_longer_idle_limit(client, time_machine):
    at(time_machine, 0)
    login(client, PegawaiFactory().user)
    at(time_machine, 45)
    assert client.get("/").status_code == 200
    at(time_machine, 106)
    assert client.get("/").url.startswith(reverse("login"))


def test_the_idle_limit_is_configurable(client, time_machine, settings):
    settings.SESI_BATAS_DIAM_STAF_MENIT = 10
    at(time_machine, 0)
    login(client, admin_bkpsdm())
    at(time_machine, 11)
    assert client.get("/").url.startswith(reverse("login"))


def test_background_polls_do_not_keep_a_session_alive(client, time_machine):
    at(time_machine, 0)
    login(client, admin_bkpsdm())
    at(time_machine, 20)
    assert client.get(reverse("evaluasi:notifikasi_bell")).status_code == 200
    at(time_machine, 31)
    assert client.get("/").url.startswith(reverse("login"))


def test_the_warning_knows_the_time_left_and_tetap_masuk_extends_it(client, time_machine):
    at(time_machine, 0)
    login(client, admin_bkpsdm())
    at(time_machine, 10)
    page = client.get(reverse("keamanan"))
    assert page.context["sesi_sisa_detik"] == 30 * 60  # opening a page is activity
    assert 'data-testid="sesi-peringatan"' in page.content.decode()
    client.get(reverse("evaluasi:notifikasi_bell"))
    at(time_machine, 29)
    assert client.post(reverse("sesi_perpanjang")).json() == {"sisa": 30 * 60}
    at(time_machine, 58)
    assert client.get("/").status_code == 200


def test_changing_the_password_logs_out_every_other_session(time_machine):
    user = PegawaiFactory().user
    a, b = login(Client(), user, ip="10.0.0.1"), login(Client(), user, ip="10.0.0.2")
    assert SesiLogin.objects.filter(user=user).count() == 2
    new = "kuda lumping makan nasi kuning"
    response = a.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert a.get("/").status_code == 200
    assert b.get("/").url.startswith(reverse("login"))
    assert SesiLogin.objects.filter(user=user).count() == 1
    assert Session.objects.count() == 1


def test_log_out_everywhere_else(client):
    user = operator_opd(UnitKerjaFactory())
    other = login(Client(), user, ip="10.0.0.9")
    login(client, user)
    page = client.get(reverse("keamanan"))
    assert "10.0.0.9" in page.content.decode()
    client.post(reverse("keluar_semua"))
    assert other.get("/").url.startswith(reverse("login"))
    assert client.get("/").status_code == 200


def test_logout_forgets_the_session(client):
    user = PegawaiFactory().user
    login(client, user)
    client.post(reverse("logout"))
    assert not SesiLogin.objects.exists()


@pytest.mark.parametrize("kind", ["staff", "employee"])
def test_the_session_checks_cost_no_query(client, kind):
    user = admin_bkpsdm() if kind == "staff" else PegawaiFactory().user
    login(client, user)
    client.get(reverse("evaluasi:notifikasi_bell"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("evaluasi:notifikasi_bell"))
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "otp_" not in sql and "akun_sesilogin" not in sql
    assert "update" not in sql  # activity is written at most once a minute
