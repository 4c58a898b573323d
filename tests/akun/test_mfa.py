import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from akun.models import ADMIN_BKPSDM, OPERATOR_OPD, SesiLogin
from tests.factories import (
    PASSWORD,
    PegawaiFactory,
    UnitKerjaFactory,
    UserFactory,
    admin_bkpsdm,
    operator_opd,
    pimpinan,
    totp_code,
    totp_device,
)

pytestmark = pytest.mark.django_db

PAGES = ["/", "/pegawai/", "/rencana/", "/pelatihan/", "/evaluasi/", "/admin/", reverse("keamanan")]


def login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")


def verify(client, code, next_url="/"):
    return client.post(reverse("otp_verifikasi"), {"kode": code, "next": next_url})


STAFF = {
    "admin_bkpsdm": lambda: admin_bkpsdm(),
    "operator_opd": lambda: operator_opd(UnitKerjaFactory()),
    "pimpinan": lambda: pimpinan(),
    "django_admin_staff": lambda: UserFactory(is_staff=True),
}


@pytest.mark.parametrize("role", STAFF)
def test_staff_roles_reach_no_page_before_the_second_factor(client, role):
    user = STAFF[role]()
    totp_device(user)
    assert login(client, user).status_code == 302
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("otp_verifikasi")), url
    htmx = client.get(reverse("evaluasi:notifikasi_bell"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("otp_verifikasi"))
    # The second step page itself, and logging out, stay reachable.
    assert client.get(reverse("otp_verifikasi")).status_code == 200
    assert verify(client, totp_code(totp_device(user)), "/pegawai/").url == "/pegawai/"
    for url in PAGES:
        assert client.get(url).status_code in (200, 302 if url == "/admin/" else 200), url


def test_an_employee_without_a_role_needs_no_second_factor(client):
    pegawai = PegawaiFactory()
    login(client, pegawai.user)
    assert client.get("/").status_code == 200


def test_a_staff_account_without_an_authenticator_must_enrol_first(client):
    user = admin_bkpsdm()
    login(client, user)
    response = client.get(reverse("otp_verifikasi") + "?next=/pegawai/")
    assert response.url == reverse("otp_daftar") + "?next=%2Fpegawai%2F"
    page = client.get(response.url)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # QR code drawn on the server, no external service
    assert "wajib" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # A reload shows the same secret, so a phone that already scanned it still matches.
    assert client.get(reverse("otp_daftar")).context["rahasia"] == page.context["rahasia"]

    wrong = client.post(reverse("otp_daftar"), {"kode": "000000"})
    assert "Kode tidak cocok" in wrong.content.decode()
    assert client.get("/").status_code == 302

    done = client.post(reverse("otp_daftar"), {"kode": totp_code(device), "next": "/pegawai/"})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/pegawai/").status_code == 200


def test_enrolling_again_needs_the_second_factor_first(client):
    user = operator_opd(UnitKerjaFactory())
    totp_device(user)
    login(client, user)
    assert client.get(reverse("otp_daftar")).url.startswith(reverse("otp_verifikasi"))


def test_a_wrong_or_replayed_code_is_refused(client, time_machine):
    time_machine.move_to("2027-02-01 08:00:00+09:00", tick=False)
    user = pimpinan()
    device = totp_device(user)
    login(client, user)
    response = verify(client, "123456" if totp_code(device) != "123456" else "654321")
    assert "Kode tidak cocok" in response.content.decode()
    time_machine.shift(5)  # past the throttle delay of the first failure
    code = totp_code(device)
    assert verify(client, code).status_code == 302
    client.post(reverse("logout"))
    login(client, user)
    replay = verify(client, code)
    assert replay.status_code == 200
    assert client.get("/").status_code == 302


def test_quick_retries_are_throttled(client):
    user = admin_bkpsdm()
    device = totp_device(user)
    login(client, user)
    verify(client, "000001")
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    response = verify(client, f"{_current(device)}")
    assert "Terlalu banyak kode salah" in response.content.decode()


def _current(device):
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_recovery_code_works_once_and_says_how_many_are_left(client):
    from akun.services import new_recovery_codes

    user = admin_bkpsdm()
    totp_device(user)
    codes = new_recovery_codes(user)
    login(client, user)
    response = client.post(reverse("otp_verifikasi"), {"kode": codes[0].upper(), "next": "/"}, follow=True)
    assert "tersisa 9" in response.content.decode()
    client.post(reverse("logout"))
    login(client, user)
    assert "Kode tidak cocok" in verify(client, codes[0]).content.decode()


def test_new_recovery_codes_replace_the_old_ones(client):
    from akun.services import new_recovery_codes

    user = admin_bkpsdm()
    old = new_recovery_codes(user)
    client.force_login(user)
    new = client.post(reverse("kode_pemulihan_baru")).context["codes"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def test_bkpsdm_resets_a_lost_authenticator_and_ends_the_sessions(client):
    unit = UnitKerjaFactory()
    operator = operator_opd(unit, username="op_hilang")
    totp_device(operator)
    from django.test import Client

    operator_client = Client()
    operator_client.force_login(operator)
    from akun.services import new_recovery_codes

    new_recovery_codes(operator)
    admin = admin_bkpsdm()
    client.force_login(admin)

    listing = client.get(reverse("mfa_akun_list"), {"q": "op_hilang"})
    assert "aktif" in listing.content.decode()
    invalid = client.post(reverse("mfa_reset", args=[operator.pk]), {"alasan": ""})
    assert invalid.status_code == 200 and invalid.context["form"].errors["alasan"]
    assert TOTPDevice.objects.filter(user=operator).exists()

    done = client.post(reverse("mfa_reset", args=[operator.pk]), {"alasan": "Ponsel hilang; KTP dicek di kantor"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=operator).exists()
    assert not StaticToken.objects.filter(device__user=operator).exists()
    assert not SesiLogin.objects.filter(user=operator).exists()
    assert operator_client.get("/").url.startswith(reverse("login"))
    entry = LogEntry.objects.get(object_id=str(operator.pk))
    assert entry.user == admin and "Ponsel hilang" in entry.change_message
    # At the next login the operator enrols a new authenticator.
    login(client, operator)
    assert client.get("/").url.startswith(reverse("otp_verifikasi"))
    assert client.get(reverse("otp_verifikasi")).url.startswith(reverse("otp_daftar"))


def test_only_bkpsdm_resets_and_never_its_own(client):
    admin = admin_bkpsdm()
    operator = operator_opd(UnitKerjaFactory())
    client.force_login(operator)
    assert client.get(reverse("mfa_akun_list")).status_code == 403
    assert client.post(reverse("mfa_reset", args=[admin.pk]), {"alasan": "x"}).status_code == 403
    client.force_login(admin)
    assert client.post(reverse("mfa_reset", args=[admin.pk]), {"alasan": "x"}).status_code == 404


def test_an_employee_may_opt_in_and_is_then_asked_at_login(client):
    pegawai = PegawaiFactory()
    login(client, pegawai.user)
    assert client.get(reverse("keamanan")).status_code == 200
    client.get(reverse("otp_daftar"))
    device = TOTPDevice.objects.get(user=pegawai.user)
    assert client.post(reverse("otp_daftar"), {"kode": totp_code(device)}).status_code == 200
    client.post(reverse("logout"))
    login(client, pegawai.user)
    assert client.get("/").url.startswith(reverse("otp_verifikasi"))


def test_a_new_role_ends_the_sessions_so_the_second_factor_applies(client):
    pegawai = PegawaiFactory()
    login(client, pegawai.user)
    assert client.get("/").status_code == 200
    pegawai.user.groups.add(Group.objects.get(name=OPERATOR_OPD))
    assert client.get("/").url.startswith(reverse("login"))


def test_becoming_django_admin_staff_mid_session_asks_for_the_second_factor(client):
    pegawai = PegawaiFactory()
    login(client, pegawai.user)
    pegawai.user.is_staff = True
    pegawai.user.save(update_fields=["is_staff"])
    assert client.get("/").url.startswith(reverse("otp_verifikasi"))


def test_seed_demo_enrols_the_staff_demo_accounts_with_the_documented_secret(client, capsys):
    from akun.demo import DEMO_TOTP_SECRET
    from akun.models import User

    call_command("seed_demo", pegawai=60, password=PASSWORD)
    for username in ("bkpsdm", "operator", "pimpinan"):
        assert TOTPDevice.objects.get(user__username=username, confirmed=True).bin_key == DEMO_TOTP_SECRET
    assert not TOTPDevice.objects.filter(user__username__in=["atasan", "pegawai"]).exists()
    call_command("kode_otp_demo")
    code = re.search(r"\b(\d{6})\b", capsys.readouterr().out).group(1)
    login(client, User.objects.get(username="bkpsdm"))
    assert verify(client, code, "/pegawai/").url == "/pegawai/"
    assert Group.objects.get(name=ADMIN_BKPSDM).user_set.filter(username="bkpsdm").exists()


SAMPLE = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001", "slug": "x", "str": "x", "path": "x"}


def _every_url():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.callback

    seen = set()
    for route, view in walk(get_resolver()):
        if "(?P" in route or "^" in route or route in seen:
            continue  # regex routes (admin internals) are covered by /admin/; a shadowed route never answers
        seen.add(route)
        url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], route)
        yield url, view


def test_no_url_at_all_answers_before_the_second_factor(client):
    user = admin_bkpsdm(is_staff=True)
    totp_device(user)
    login(client, user)
    checked = 0
    for url, view in _every_url():
        exempt = getattr(view, "second_factor_exempt", False) or not getattr(view, "login_required", True)
        if exempt:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (method.__name__, url)
            assert response.url.startswith(reverse("otp_verifikasi")), (method.__name__, url)
        checked += 1
    assert checked >= 80


def test_a_password_reset_ends_the_sessions_and_still_asks_for_the_second_factor(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.test import Client
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = operator_opd(UnitKerjaFactory())
    device = totp_device(user)
    elsewhere = Client()
    elsewhere.force_login(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    form_url = client.get(url).url  # Django swaps the token for a session marker first
    new = "kuda lumping makan nasi kuning"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert elsewhere.get("/").url.startswith(reverse("login"))
    client.post(reverse("login"), {"username": user.username, "password": new}, REMOTE_ADDR="10.0.0.1")
    assert client.get("/").url.startswith(reverse("otp_verifikasi"))
    assert verify(client, totp_code(device)).status_code == 302
    assert client.get("/").status_code == 200


def test_the_django_admin_never_shows_an_authenticator_secret(client):
    from akun.models import User

    device = totp_device(admin_bkpsdm())
    superuser = User.objects.create_superuser("root_uji", "root@example.invalid", PASSWORD)
    client.force_login(superuser)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert "qrcode" not in page.content.decode().lower()
