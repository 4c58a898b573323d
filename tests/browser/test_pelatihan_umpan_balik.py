import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pelatihan.models import UmpanBalik

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-demo-uji"
# Elements sticking out of the viewport (tables may scroll inside their .table-responsive).
WIDER_THAN_SCREEN = """
[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-responsive'))
  .map(e => e.tagName + '.' + e.className)
"""


def test_the_demo_pegawai_gives_feedback_on_a_phone(login_browser, page):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    page.set_viewport_size({"width": 375, "height": 740})
    login_browser("pegawai", PASSWORD)
    page.get_by_role("link", name="Isi umpan balik: Penyusunan SKP").click()
    form = page.get_by_test_id("form-umpan-balik")
    expect(form).to_be_visible()
    # Sending without scores shows which question is missing, in Indonesian.
    form.get_by_role("button", name="Kirim umpan balik").click()
    expect(page.get_by_text("Beri nilai 1–5 untuk “Relevansi materi dengan tugas saya”.")).to_be_visible()
    form = page.get_by_test_id("form-umpan-balik")
    for group in form.get_by_role("radio", name="4 · Baik").all():
        group.check()
    form.get_by_label("Saran perbaikan").fill("Tambah contoh dari OPD kami.")
    form.get_by_role("button", name="Kirim umpan balik").click()
    expect(page.get_by_text("Terima kasih, umpan balik Anda tersimpan.")).to_be_visible()
    expect(page.get_by_test_id("keikutsertaan-saya")).to_contain_text("Umpan balik Anda sudah tersimpan")
    assert UmpanBalik.objects.filter(peserta__pegawai__user__username="pegawai").count() == 1
    # The page fits the phone: no horizontal scrolling of the whole document.
    wide = page.evaluate(WIDER_THAN_SCREEN)
    assert wide == []
