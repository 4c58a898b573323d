import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-demo-uji"


@pytest.mark.parametrize(
    ("username", "peran", "menu", "absent"),
    [
        ("bkpsdm", "Admin BKPSDM", ["Pegawai", "Rencana", "Pelatihan", "Evaluasi"], []),
        ("operator", "Operator", ["Pegawai", "Pelatihan", "Evaluasi"], []),
        ("atasan", "Atasan", ["Pegawai", "Profil saya", "Rencana"], []),
        ("pegawai", "Pegawai", ["Profil saya", "Rencana", "Pelatihan"], ["Evaluasi"]),
    ],
)
def test_each_demo_account_sees_its_own_menu(login_browser, username, peran, menu, absent):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    page = login_browser(username, PASSWORD)
    expect(page.get_by_test_id("peran")).to_contain_text(peran)
    nav = page.get_by_test_id("menu")
    for label in menu:
        expect(nav).to_contain_text(label)
    for label in absent:
        expect(nav).not_to_contain_text(label)


def test_the_menu_collapses_on_a_phone(login_browser, page):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    page.set_viewport_size({"width": 375, "height": 740})
    login_browser("pegawai", PASSWORD)
    expect(page.get_by_label("Buka menu")).to_be_visible()
    page.get_by_label("Buka menu").click()
    expect(page.get_by_test_id("menu")).to_contain_text("Profil saya")
