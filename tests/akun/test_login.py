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


def test_password_spraying_from_one_address_is_throttled(client, settings):
    settings.AKUN_GAGAL_MAKS_PER_ALAMAT = 20
    users = UserFactory.create_batch(21)
    # One wrong password tried once on each of 20 usernames: no username reaches its own limit of 5.
    for user in users[:19]:
        assert login(client, user.username, "Musim-Hujan-2026", ip="10.9.9.9").status_code == 200
    assert login(client, users[19].username, "Musim-Hujan-2026", ip="10.9.9.9").status_code == 429
    # The address as a whole is now throttled, even with a correct password …
    response = login(client, users[20].username, ip="10.9.9.9")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    # … while people at other addresses log in as usual.
    assert login(client, users[20].username, ip="10.9.9.10").status_code == 302


def test_the_address_lock_is_temporary(client, settings, time_machine):
    settings.AKUN_GAGAL_MAKS_PER_ALAMAT = 3
    time_machine.move_to("2026-11-29 08:00:00+09:00", tick=False)
    users = UserFactory.create_batch(4)
    for user in users[:3]:
        login(client, user.username, "Musim-Hujan-2026", ip="10.9.9.9")
    assert login(client, users[3].username, ip="10.9.9.9").status_code == 429
    time_machine.move_to("2026-11-29 08:16:00+09:00", tick=False)
    assert login(client, users[3].username, ip="10.9.9.9").status_code == 302


def test_a_forged_forwarded_header_is_ignored_without_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    # Each attempt claims another client address; all of them come from one peer, which gets locked.
    for i in range(5):
        client.post(
            reverse("login"),
            {"username": user.username, "password": "salah-sekali-kata-sandi"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    assert login(client, user.username, ip="10.0.0.1").status_code == 429


def test_behind_the_trusted_proxy_each_client_has_its_own_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()

    def via_proxy(client_address, password="salah-sekali-kata-sandi", forged=""):
        forwarded = f"{forged}, {client_address}" if forged else client_address
        data = {"username": user.username, "password": password}
        return client.post(reverse("login"), data, REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    for _ in range(5):
        # The attacker's own X-Forwarded-For entry is on the left; the proxy appends the real address.
        via_proxy("203.0.113.7", forged="198.51.100.1")
    assert via_proxy("203.0.113.7", password=PASSWORD).status_code == 429
    # Everyone else behind the same proxy is unaffected.
    assert via_proxy("203.0.113.8", password=PASSWORD).status_code == 302
