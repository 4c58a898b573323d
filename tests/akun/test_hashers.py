import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from akun.hashers import Argon2idHasher
from sorong_asn import settings as project_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hashers(settings):
    # conftest.py swaps in MD5 for speed; these tests need the project's own hashers.
    settings.PASSWORD_HASHERS = ["akun.hashers.Argon2idHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_new_passwords_are_argon2id_with_the_measured_parameters(production_hashers):
    encoded = make_password("Kompetensi-Demo-2027")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_the_parameters_never_fall_below_owasp_guidance():
    # OWASP Password Storage Cheat Sheet: Argon2id with m ≥ 19 MiB and t ≥ 2 (or more memory, fewer passes).
    hasher = Argon2idHasher()
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism >= 1
    assert project_settings.PASSWORD_HASHERS[0] == "akun.hashers.Argon2idHasher"


def test_a_pbkdf2_password_is_upgraded_to_argon2id_at_the_next_login(client, production_hashers):
    user = UserFactory()
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert login(client, user.username, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)


def test_an_argon2_hash_with_older_parameters_is_rehashed_too(client, production_hashers):
    user = UserFactory()
    heavier = Argon2idHasher()
    heavier.memory_cost, heavier.parallelism = 64 * 1024, 2
    user.password = heavier.encode(PASSWORD, heavier.salt())
    user.save(update_fields=["password"])
    assert login(client, user.username, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password


def test_a_wrong_password_changes_nothing(client, production_hashers):
    user = UserFactory()
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert login(client, user.username, "bukan-kata-sandinya-sama-sekali").status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")
