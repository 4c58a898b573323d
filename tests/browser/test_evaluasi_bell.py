import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import User
from evaluasi.models import Pengingat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-demo-uji"


def remind(username, n=2):
    """Reminders of our own on top of whatever the demo data makes due, so the count is never zero."""
    user = User.objects.get(username=username)
    Pengingat.objects.bulk_create(
        Pengingat(
            jenis=Pengingat.Jenis.EVALUASI_L3,
            objek_id=10_000 + i,
            penerima=user,
            periode="uji",
            judul=f"Pengingat uji {i}",
            pesan="Uji lonceng.",
            tautan="/evaluasi/tugas/",
        )
        for i in range(n)
    )


def test_the_bell_counts_unread_reminders_and_opening_one_marks_it_read(login_browser, page):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    call_command("send_reminders")
    remind("atasan")
    unread = Pengingat.objects.filter(penerima__username="atasan", dibaca_pada__isnull=True)
    jumlah = unread.count()
    login_browser("atasan", PASSWORD)
    bell = page.get_by_test_id("lonceng")
    expect(page.get_by_test_id("lonceng-jumlah")).to_have_text(str(jumlah))
    bell.click()
    daftar = page.get_by_test_id("lonceng-daftar")
    expect(daftar).to_be_visible()
    daftar.locator("button.dropdown-item").first.click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("lonceng-jumlah")).to_have_text(str(jumlah - 1))
    assert unread.count() == jumlah - 1


def test_the_bell_works_on_a_phone(login_browser, page):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    remind("pegawai", n=1)
    page.set_viewport_size({"width": 375, "height": 740})
    login_browser("pegawai", PASSWORD)
    page.get_by_label("Buka menu").click()
    page.get_by_test_id("lonceng").click()
    expect(page.get_by_test_id("lonceng-daftar")).to_be_visible()
    page.get_by_role("link", name="Lihat semua notifikasi").click()
    expect(page.get_by_test_id("daftar-notifikasi")).to_be_visible()
