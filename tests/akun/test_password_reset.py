import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PegawaiFactory, UserFactory

pytestmark = pytest.mark.django_db

KANTOR = "kepegawaian@dinkes.sorongkota.go.id"


def request_reset(client, capture, username):
    """POST the form; returns the response, the SQL the request ran, and whether mail went out during it."""
    with capture(execute=False) as callbacks, CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("password_reset"), {"username": username})
    return response, [q["sql"] for q in queries.captured_queries], callbacks


def test_a_reset_for_a_shared_address_mails_one_link_for_the_named_account_only(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    # Three employees of one office share the office's address (151 such addresses in the demo).
    pegawai = [PegawaiFactory(email=KANTOR) for _ in range(3)]
    for p in pegawai:
        p.user.email = KANTOR
        p.user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"username": pegawai[0].nip_tampil})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [KANTOR]
    assert pegawai[0].nip in mailoutbox[0].body
    assert pegawai[1].nip not in mailoutbox[0].body and pegawai[2].nip not in mailoutbox[0].body
    # The link sets the password of that account and of no other.
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": "kuda lumping makan nasi", "new_password2": "kuda lumping makan nasi"})
    for p in pegawai:
        p.user.refresh_from_db()
    assert pegawai[0].user.check_password("kuda lumping makan nasi")
    assert not pegawai[1].user.check_password("kuda lumping makan nasi")


def test_the_email_address_alone_no_longer_sends_anything(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email=KANTOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": KANTOR})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong" in response.content.decode()
    assert mailoutbox == []
    assert user.username not in response.content.decode()


def test_the_answer_and_the_work_done_are_the_same_whether_the_account_exists(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ada@example.go.id")
    known, known_sql, known_callbacks = request_reset(client, django_capture_on_commit_callbacks, user.username)
    unknown, unknown_sql, unknown_callbacks = request_reset(client, django_capture_on_commit_callbacks, "tidak-ada")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url) == (302, reverse("password_reset_done"))
    # The request itself never looks the account up (the same statements, none on the user table) and
    # sends nothing: one queued job each time, and the worker decides.
    assert known_sql == unknown_sql
    assert not any("akun_user" in sql for sql in known_sql)
    assert mailoutbox == [] and len(known_callbacks) == len(unknown_callbacks) == 1
    for callback in known_callbacks + unknown_callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["ada@example.go.id"]]
    done = client.get(reverse("password_reset_done")).content.decode()
    assert "Jika akun itu terdaftar" in done


@pytest.mark.parametrize("akun", ["nonaktif", "tanpa_email"])
def test_no_mail_for_an_inactive_account_or_one_without_an_address(
    akun, client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="" if akun == "tanpa_email" else "x@example.go.id", is_active=akun != "nonaktif")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("password_reset"), {"username": user.username}).status_code == 302
    assert mailoutbox == []
