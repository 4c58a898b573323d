from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import PasanganMentoring
from pegawai.models import Golongan
from tests.factories import PASSWORD, PegawaiFactory, UnitKerjaFactory, operator_opd

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_employee_gets_a_senior_mentor_in_two_clicks(login_browser, page, live_server):
    unit = UnitKerjaFactory()
    operator = operator_opd(unit)
    mentor = PegawaiFactory(unit_kerja=unit, golongan=Golongan.III_D)
    baru = PegawaiFactory(
        unit_kerja=unit, golongan=Golongan.III_A, tmt_pengangkatan=timezone.localdate() - timedelta(days=40)
    )

    login_browser(operator.username, PASSWORD)
    page.goto(f"{live_server.url}/mentoring/saran/")
    row = page.get_by_test_id(f"saran-{baru.pk}")
    expect(row).to_contain_text(mentor.nama_lengkap)
    row.get_by_role("button", name="Usulkan").first.click()
    expect(page.get_by_test_id("status")).to_have_text("Usulan")

    page.context.clear_cookies()
    login_browser(mentor.nip, PASSWORD)
    expect(page.get_by_test_id("kartu-mentoring-saya")).to_contain_text("1 usulan menjadi mentor")
    page.goto(f"{live_server.url}{PasanganMentoring.objects.get().get_absolute_url()}")
    page.get_by_role("button", name="Terima menjadi mentor").click()

    expect(page.get_by_test_id("status")).to_have_text("Aktif")
    expect(page.get_by_test_id("target")).to_contain_text("BerAKHLAK")
