import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-demo-uji"


def test_an_employee_sees_their_gaps_as_a_chart_on_a_phone(login_browser, page):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    page.set_viewport_size({"width": 375, "height": 740})
    login_browser("pegawai", PASSWORD)
    page.get_by_label("Buka menu").click()
    page.get_by_role("link", name="Profil saya").click()
    expect(page.get_by_role("heading", name="Kesenjangan kompetensi")).to_be_visible()
    expect(page.locator('canvas[data-chart="grafik-kesenjangan"]')).to_have_attribute("data-drawn", "1")
    expect(page.get_by_test_id("jpm")).to_contain_text("JPM")


def test_the_admin_filters_the_list_and_opens_an_employee(login_browser, live_server, page):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    login_browser("bkpsdm", PASSWORD)
    page.goto(f"{live_server.url}/pegawai/")
    page.get_by_label("Jenis ASN").select_option("PPPK")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_test_id("jumlah")).not_to_contain_text("80 pegawai")
    page.locator("tbody a").first.click()
    expect(page.get_by_text("NI PPPK")).to_be_visible()
