import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, PegawaiFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_logs_an_employee_in_by_nip_typed_with_spaces(client):
    pegawai = PegawaiFactory()
    spaced = f"{pegawai.nip[:8]} {pegawai.nip[8:14]} {pegawai.nip[14]} {pegawai.nip[15:]}"
    response = login(client, spaced)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == pegawai.user


def test_it_rejects_a_wrong_password_with_an_indonesian_message(client):
    user = UserFactory()
    response = login(client, user.username, "salah-sekali-kata-sandi")
    assert response.status_code == 200
    assert "NIP/nama pengguna atau kata sandi salah." in response.content.decode()


def test_it_locks_username_and_address_after_five_failures(client):
    user = UserFactory()
    for _ in range(5):
        login(client, user.username, "salah-sekali-kata-sandi")
    locked = login(client, user.username)
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan" in locked.content.decode()
    # The same user from another address, and another user from the same address, still get in.
    assert login(client, user.username, ip="10.0.0.2").status_code == 302
    client.logout()
    assert login(client, UserFactory().username).status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(client, time_machine):
    user = UserFactory()
    time_machine.move_to("2026-11-29 08:00:00+09:00", tick=False)
    for _ in range(5):
        login(client, user.username, "salah-sekali-kata-sandi")
    assert login(client, user.username).status_code == 429
    time_machine.move_to("2026-11-29 08:16:00+09:00", tick=False)
    assert login(client, user.username).status_code == 302


@pytest.mark.parametrize(
    "password",
    ["pendek-11ch", "Password123!", "bkpsdmsorong2026", "123456789012345", "sorong12345678"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, UserFactory.build(username="198609262015051001"))


def test_a_long_passphrase_is_accepted():
    validate_password("kuda lumping makan nasi kuning di pasar remu", UserFactory.build())


def test_anonymous_pages_redirect_to_login(client):
    response = client.get("/pegawai/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logout_needs_post_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_page_is_public(client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "Lupa kata sandi" in response.content.decode()
