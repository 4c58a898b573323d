import re

import pytest
from playwright.sync_api import expect

from tests.factories import UnitKerjaFactory, operator_opd, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_enrols_an_authenticator_at_first_login(page, live_server):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = operator_opd(UnitKerjaFactory())
    page.goto(f"{live_server.url}/pegawai/")
    page.get_by_label("NIP atau nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill("kata-sandi-uji-panjang")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Aktifkan verifikasi dua langkah")).to_be_visible()
    expect(page.get_by_test_id("qr-otp")).to_be_visible()
    expect(page.get_by_test_id("menu")).to_have_count(0)
    page.get_by_label("Kode dari aplikasi").fill(totp_code(TOTPDevice.objects.get(user=user)))
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_test_id("kode-pemulihan").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    expect(page).to_have_url(re.compile(r"/pegawai/$"))
    expect(page.get_by_test_id("menu")).to_be_visible()


def test_the_idle_warning_appears_and_tetap_masuk_keeps_the_session(login_browser, settings):
    settings.SESI_BATAS_DIAM_STAF_MENIT = 2
    settings.SESI_PERINGATAN_DETIK = 115
    page = login_browser(operator_opd(UnitKerjaFactory()).username)
    modal = page.get_by_test_id("sesi-peringatan")
    expect(modal).to_be_visible(timeout=10000)
    expect(modal).to_contain_text("Sesi hampir berakhir")
    page.get_by_role("button", name="Tetap masuk").click()
    expect(modal).to_be_hidden()
