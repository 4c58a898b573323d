"""The whole chain in a real browser: draft → submit → return → fix → approve → verify → annual PDF."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pegawai.models import Pegawai
from rencana.models import RencanaPengembangan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-demo-uji"


def _switch(page, login_browser, username):
    page.context.clear_cookies()
    return login_browser(username, PASSWORD)


def _status(page, text):
    expect(page.get_by_test_id("status-rencana").first).to_have_text(text)


def test_a_plan_goes_from_draft_to_the_printed_annual_plan(login_browser, page, live_server):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    RencanaPengembangan.objects.filter(pegawai__user__username="pegawai").delete()
    nama = Pegawai.objects.get(user__username="pegawai").nama

    # Pegawai drafts (prefilled from gaps, plus one activity of their own) and submits.
    login_browser("pegawai", PASSWORD)
    page.goto(f"{live_server.url}/rencana/")
    page.get_by_role("button", name="Susun rencana 2027").click()
    expect(page.get_by_role("heading", name="Ubah rencana 2027")).to_be_visible()
    form = page.get_by_test_id("item-form").last
    form.locator("select[name$='-kompetensi']").select_option(index=1)
    form.locator("select[name$='-bentuk']").select_option("workshop")
    form.locator("input[name$='-jp']").fill("20")
    form.locator("select[name$='-triwulan']").select_option("2")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Rencana disimpan.")).to_be_visible()
    page.get_by_role("button", name="Ajukan ke atasan").click()
    _status(page, "Diajukan")
    plan_url = page.url

    # Atasan returns it with a note.
    _switch(page, login_browser, "atasan")
    page.goto(f"{live_server.url}/rencana/antrean/")
    page.get_by_role("row", name=nama).get_by_role("link", name="Periksa").click()
    page.get_by_label("Catatan").fill("Tambahkan jadwal pelatihan teknis.")
    page.get_by_role("button", name="Kembalikan").click()
    _status(page, "Dikembalikan")

    # Pegawai sees the note, fixes and resubmits.
    _switch(page, login_browser, "pegawai")
    page.goto(plan_url)
    expect(page.get_by_test_id("riwayat")).to_contain_text("Tambahkan jadwal pelatihan teknis.")
    page.get_by_role("link", name="Ubah kegiatan").click()
    page.get_by_test_id("item-form").first.locator("select[name$='-triwulan']").select_option("3")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name="Ajukan ke atasan").click()
    _status(page, "Diajukan")

    # Atasan approves.
    _switch(page, login_browser, "atasan")
    page.goto(plan_url)
    page.get_by_role("button", name="Setujui").click()
    _status(page, "Disetujui atasan")

    # BKPSDM verifies from the queue.
    _switch(page, login_browser, "bkpsdm")
    page.goto(plan_url)
    page.get_by_role("button", name="Verifikasi").click()
    _status(page, "Diverifikasi BKPSDM")
    expect(page.get_by_test_id("riwayat").locator("li")).to_have_count(6)

    # BKPSDM prints the annual plan and downloads it.
    page.goto(f"{live_server.url}/rencana/tahunan/2027/")
    page.get_by_role("button", name="Buat PDF seluruh kota").click()
    link = page.get_by_role("link", name="Unduh PDF").first
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
