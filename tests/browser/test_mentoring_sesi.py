import pytest
from playwright.sync_api import expect

from pegawai.models import Golongan
from tests.factories import PASSWORD, PasanganMentoringFactory, PegawaiFactory, UnitKerjaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_mentor_logs_a_session_the_mentee_confirms_and_jp_appears(login_browser, page, live_server):
    unit = UnitKerjaFactory()
    pasangan = PasanganMentoringFactory(
        mentor=PegawaiFactory(unit_kerja=unit, golongan=Golongan.IV_A),
        mentee=PegawaiFactory(unit_kerja=unit, golongan=Golongan.II_C),
    )
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    login_browser(pasangan.mentor.nip, PASSWORD)
    page.goto(f"{live_server.url}{pasangan.get_absolute_url()}")
    form = page.get_by_test_id("form-sesi")
    form.get_by_label("Durasi (menit)").fill("90")
    form.get_by_label("Topik").fill("Menyusun SKP tahun berjalan")
    form.get_by_role("button", name="Simpan sesi").click()
    expect(page.get_by_test_id("sesi")).to_contain_text("Menunggu konfirmasi")
    expect(page.get_by_test_id("jp-total")).to_have_text("0,0 JP")

    page.context.clear_cookies()
    login_browser(pasangan.mentee.nip, PASSWORD)
    expect(page.get_by_test_id("kartu-mentoring-saya")).to_contain_text("1 sesi menunggu konfirmasi Anda")
    page.goto(f"{live_server.url}/mentoring/")
    page.get_by_text("menunggu konfirmasi Anda").click()
    page.get_by_role("button", name="Konfirmasi sesi").click()

    expect(page.get_by_text("2,0 JP dicatat")).to_be_visible()
    expect(page.get_by_test_id("jp-total")).to_have_text("2,0 JP")
    page.goto(f"{live_server.url}{pasangan.mentee.get_absolute_url()}")
    expect(page.get_by_test_id("jp-mentoring")).to_have_text("2,0 JP")
