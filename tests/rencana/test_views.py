import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from pegawai.models import PenilaianKompetensi, StandarKompetensi
from rencana.models import DokumenRencana, ItemRencana, RencanaPengembangan, RencanaTahunan, TahunRencana
from tests.factories import (
    ItemRencanaFactory,
    KompetensiFactory,
    PegawaiFactory,
    PelatihanFactory,
    RencanaFactory,
    UnitKerjaFactory,
    make_nip,
    operator_opd,
)

S = RencanaPengembangan.Status


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class TestCreate:
    def test_it_prefills_a_new_plan_from_gaps_and_the_catalog(self, client, owner, tahun):
        teknis, manajerial = KompetensiFactory(nama="Pengadaan Barang/Jasa"), KompetensiFactory(jenis="manajerial")
        StandarKompetensi.objects.create(jabatan=owner.jabatan, kompetensi=teknis, level=4)
        StandarKompetensi.objects.create(jabatan=owner.jabatan, kompetensi=manajerial, level=3)
        PenilaianKompetensi.objects.create(pegawai=owner, kompetensi=teknis, level=2, tanggal=date(2026, 1, 5))
        PenilaianKompetensi.objects.create(pegawai=owner, kompetensi=manajerial, level=3, tanggal=date(2026, 1, 5))
        pelatihan = PelatihanFactory(tanggal_mulai=date(2027, 5, 3), tanggal_selesai=date(2027, 5, 7), jp=30)
        pelatihan.kompetensi.add(teknis)
        client.force_login(owner.user)
        assert "Susun rencana 2027" in client.get(reverse("rencana:list")).content.decode()

        response = client.post(reverse("rencana:create"), {"tahun": tahun.pk})

        rencana = RencanaPengembangan.objects.get(pegawai=owner, tahun=tahun)
        assert response.url == reverse("rencana:edit", args=[rencana.pk])
        item = rencana.item.get()  # only the competence with a gap
        assert (item.kompetensi, item.pelatihan, item.jp, item.triwulan) == (teknis, pelatihan, 30, 2)
        assert item.prioritas == ItemRencana.Prioritas.TINGGI
        assert rencana.riwayat_status.get().ke == S.DRAF
        page = client.get(rencana.get_absolute_url()).content.decode()
        assert "2 (standar 4, aktual 2)" in page

    def test_it_refuses_a_closed_year(self, client, owner, tahun):
        tahun.status = TahunRencana.Status.DITUTUP
        tahun.save()
        client.force_login(owner.user)
        response = client.post(reverse("rencana:create"), {"tahun": tahun.pk}, follow=True)
        assert "sudah ditutup" in response.content.decode()
        assert not RencanaPengembangan.objects.exists()

    def test_a_second_create_returns_the_same_plan(self, client, rencana, owner, tahun):
        client.force_login(owner.user)
        client.post(reverse("rencana:create"), {"tahun": tahun.pk})
        assert RencanaPengembangan.objects.count() == 1 and rencana.item.count() == 2


class TestDetail:
    def test_the_owner_atasan_and_operator_see_it_others_get_404(self, client, rencana, atasan, operator, colleague):
        for user in (rencana.pegawai.user, atasan.user, operator):
            client.force_login(user)
            assert client.get(rencana.get_absolute_url()).status_code == 200
        for user in (colleague.user, PegawaiFactory().user, operator_opd(UnitKerjaFactory())):
            client.force_login(user)
            assert client.get(rencana.get_absolute_url()).status_code == 404

    def test_it_warns_a_pns_below_20_jp(self, client, rencana):
        client.force_login(rencana.pegawai.user)
        page = client.get(rencana.get_absolute_url()).content.decode()
        assert "Rencana 22 JP" not in page  # 12 + 10 = 22: no warning
        rencana.item.filter(jp=10).update(jp=4)
        page = client.get(rencana.get_absolute_url()).content.decode()
        assert "Rencana 16 JP, di bawah hak minimal PNS 20 JP per tahun." in page

    def test_it_warns_a_pppk_above_24_jp(self, client, tahun, unit):
        pppk = PegawaiFactory(nip=make_nip(pppk=True), unit_kerja=unit)
        rencana = RencanaFactory(pegawai=pppk, tahun=tahun)
        ItemRencanaFactory(rencana=rencana, jp=30)
        client.force_login(pppk.user)
        assert "melebihi batas PPPK 24 JP" in client.get(rencana.get_absolute_url()).content.decode()


def _item_data(rencana, versi, jp="16"):
    item = rencana.item.order_by("pk").first()
    return {
        "versi": versi,
        "item-TOTAL_FORMS": "1",
        "item-INITIAL_FORMS": "1",
        "item-0-id": item.pk,
        "item-0-rencana": rencana.pk,
        "item-0-kompetensi": item.kompetensi_id,
        "item-0-bentuk": "workshop",
        "item-0-jp": jp,
        "item-0-biaya": "2500000",
        "item-0-triwulan": "4",
        "item-0-prioritas": "1",
    }


class TestEdit:
    def test_the_owner_saves_and_the_version_goes_up(self, client, rencana):
        client.force_login(rencana.pegawai.user)
        response = client.post(reverse("rencana:edit", args=[rencana.pk]), _item_data(rencana, 1))
        assert response.status_code == 302
        rencana.refresh_from_db()
        assert rencana.versi == 2
        assert rencana.item.order_by("pk").first().bentuk == "workshop"

    def test_a_stale_form_is_refused_and_nothing_is_written(self, client, rencana):
        client.force_login(rencana.pegawai.user)
        client.post(reverse("rencana:edit", args=[rencana.pk]), _item_data(rencana, 1, jp="16"))  # first tab
        response = client.post(reverse("rencana:edit", args=[rencana.pk]), _item_data(rencana, 1, jp="40"))
        assert response.status_code == 409
        assert "telah diubah di tempat lain" in response.content.decode()
        assert rencana.item.order_by("pk").first().jp == 16

    def test_invalid_input_gets_an_indonesian_error_and_nothing_is_written(self, client, rencana):
        client.force_login(rencana.pegawai.user)
        response = client.post(reverse("rencana:edit", args=[rencana.pk]), _item_data(rencana, 1, jp="0"))
        assert response.status_code == 200
        assert "Target JP harus lebih dari 0." in response.content.decode()
        rencana.refresh_from_db()
        assert rencana.versi == 1 and rencana.item.order_by("pk").first().jp == 12

    def test_nobody_else_edits(self, client, rencana, atasan, admin):
        for user in (atasan.user, admin):
            client.force_login(user)
            assert client.get(reverse("rencana:edit", args=[rencana.pk])).status_code == 403


class TestAntrean:
    def _submitted(self, atasan, tahun, n):
        for _ in range(n):
            rencana = RencanaFactory(pegawai=PegawaiFactory(atasan=atasan, unit_kerja=atasan.unit_kerja), tahun=tahun)
            ItemRencanaFactory(rencana=rencana)
            RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIAJUKAN)

    def test_it_lists_counts_and_approves_in_bulk(self, client, atasan, tahun, rencana):
        self._submitted(atasan, tahun, 3)
        client.force_login(atasan.user)
        page = client.get(reverse("rencana:antrean")).content.decode()
        assert "Diajukan: 3" in page and "Draf: 1" in page
        ids = list(RencanaPengembangan.objects.filter(status=S.DIAJUKAN).values_list("pk", flat=True))
        response = client.post(reverse("rencana:antrean"), {"rencana": [*ids, rencana.pk]}, follow=True)
        assert "3 rencana disetujui." in response.content.decode()
        assert "1 rencana dilewati" in response.content.decode()
        assert RencanaPengembangan.objects.filter(status=S.DISETUJUI, penyetuju=atasan).count() == 3

    def test_an_empty_selection_gets_a_message(self, client, atasan, tahun):
        client.force_login(atasan.user)
        response = client.post(reverse("rencana:antrean"), {}, follow=True)
        assert "Pilih paling sedikit satu rencana" in response.content.decode()

    def test_it_cannot_approve_plans_of_others(self, client, atasan, tahun, outsider):
        rencana = RencanaFactory(pegawai=outsider, tahun=tahun, status=S.DIAJUKAN)
        client.force_login(atasan.user)
        client.post(reverse("rencana:antrean"), {"rencana": [rencana.pk]})
        rencana.refresh_from_db()
        assert rencana.status == S.DIAJUKAN

    def test_its_query_count_does_not_grow_with_rows(self, client, atasan, tahun):
        self._submitted(atasan, tahun, 2)
        client.force_login(atasan.user)
        few = _queries(client, reverse("rencana:antrean"))
        self._submitted(atasan, tahun, 6)
        assert _queries(client, reverse("rencana:antrean")) == few


class TestVerifikasi:
    def test_admin_verifies_in_bulk_others_get_403(self, client, admin, operator, rencana):
        RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DISETUJUI)
        client.force_login(operator)
        assert client.get(reverse("rencana:verifikasi")).status_code == 403
        client.force_login(admin)
        page = client.get(reverse("rencana:verifikasi")).content.decode()
        assert rencana.pegawai.nama in page
        response = client.post(reverse("rencana:verifikasi"), {"rencana": [rencana.pk]}, follow=True)
        assert "1 rencana diverifikasi." in response.content.decode()
        assert RencanaPengembangan.objects.get().status == S.DIVERIFIKASI

    def test_its_query_count_does_not_grow_with_rows(self, client, admin, tahun):
        def add(n):
            for _ in range(n):
                ItemRencanaFactory(rencana=RencanaFactory(tahun=tahun, status=S.DISETUJUI))

        add(2)
        client.force_login(admin)
        few = _queries(client, reverse("rencana:verifikasi"))
        add(6)
        assert _queries(client, reverse("rencana:verifikasi")) == few


class TestFollowUp:
    def test_the_operator_sees_own_opd_with_plan_state(self, client, operator, rencana, outsider, colleague):
        client.force_login(operator)
        page = client.get(reverse("rencana:tindak_lanjut")).content.decode()
        assert rencana.pegawai.nama in page and colleague.nama in page and outsider.nama not in page
        page = client.get(reverse("rencana:tindak_lanjut") + "?status=belum").content.decode()
        assert colleague.nama in page and rencana.pegawai.nama not in page

    def test_a_plain_employee_gets_403(self, client, owner, tahun):
        client.force_login(owner.user)
        assert client.get(reverse("rencana:tindak_lanjut")).status_code == 403
        assert client.get(reverse("rencana:progres")).status_code == 403

    def test_its_query_count_does_not_grow_with_rows(self, client, operator, unit, tahun):
        def add(n):
            for _ in range(n):
                RencanaFactory(pegawai=PegawaiFactory(unit_kerja=unit), tahun=tahun)

        add(2)
        client.force_login(operator)
        few = _queries(client, reverse("rencana:tindak_lanjut"))
        add(6)
        assert _queries(client, reverse("rencana:tindak_lanjut")) == few

    def test_progress_counts_per_opd(self, client, admin, rencana, colleague, outsider):
        RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIVERIFIKASI)
        client.force_login(admin)
        response = client.get(reverse("rencana:progres"))
        rows = {row["unit"].nama: row for row in response.context["rows"]}
        dinkes = rows["Dinas Kesehatan"]
        assert dinkes["pegawai"] == 3 and dinkes["belum"] == 2 and dinkes["persen"] == 33
        assert rows["Dinas Lain"]["belum"] == 1


class TestTahun:
    def test_admin_opens_a_year(self, client, admin):
        client.force_login(admin)
        data = {
            "tahun": 2028,
            "batas_pengajuan": "2027-12-01",
            "batas_persetujuan": "2027-12-10",
            "batas_verifikasi": "2028-01-10",
            "status": "dibuka",
        }
        assert client.post(reverse("rencana:tahun_list"), data).status_code == 302
        assert RencanaTahunan.objects.filter(tahun__tahun=2028).exists()

    def test_deadlines_out_of_order_are_refused_in_indonesian(self, client, admin):
        client.force_login(admin)
        data = {
            "tahun": 2028,
            "batas_pengajuan": "2027-12-10",
            "batas_persetujuan": "2027-12-01",
            "batas_verifikasi": "2028-01-10",
            "status": "dibuka",
        }
        response = client.post(reverse("rencana:tahun_list"), data)
        assert "Batas persetujuan tidak boleh sebelum batas pengajuan." in response.content.decode()
        assert not TahunRencana.objects.exists()

    def test_closing_a_year_stops_edits(self, client, admin, rencana, tahun):
        client.force_login(admin)
        data = {
            "tahun": 2027,
            "batas_pengajuan": "2026-12-15",
            "batas_persetujuan": "2026-12-22",
            "batas_verifikasi": "2027-01-15",
            "status": "ditutup",
        }
        assert client.post(reverse("rencana:tahun_edit", args=[2027]), data).status_code == 302
        client.force_login(rencana.pegawai.user)
        assert client.get(reverse("rencana:edit", args=[rencana.pk])).status_code == 403

    def test_others_get_403(self, client, operator):
        client.force_login(operator)
        assert client.get(reverse("rencana:tahun_list")).status_code == 403


@pytest.fixture
def verified(rencana, outsider, tahun):
    RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIVERIFIKASI)
    lain = RencanaFactory(pegawai=outsider, tahun=tahun, status=S.DIVERIFIKASI)
    ItemRencanaFactory(rencana=lain, jp=20, biaya=7_000_000)
    return rencana, lain


class TestTahunan:
    def test_admin_sees_city_totals_and_charts(self, client, admin, verified):
        client.force_login(admin)
        response = client.get(reverse("rencana:tahunan", args=[2027]))
        page = response.content.decode()
        assert response.context["rekap"].total.jp == 42
        assert "Rp 10.500.000" in page and 'data-chart="chart-opd"' in page and 'id="chart-opd"' in page

    def test_the_operator_is_held_to_their_opd(self, client, operator, verified, outsider):
        client.force_login(operator)
        response = client.get(reverse("rencana:tahunan", args=[2027]) + "?opd=LAIN")
        assert response.context["rekap"].total.jp == 22
        assert outsider.nama not in response.content.decode()

    def test_a_plain_employee_gets_403(self, client, owner, tahun):
        client.force_login(owner.user)
        assert client.get(reverse("rencana:tahunan", args=[2027])).status_code == 403
        assert client.get(reverse("rencana:tahunan_xlsx", args=[2027])).status_code == 403

    def test_the_xlsx_has_sipka_columns_nip_as_text_and_only_verified_items(self, client, admin, verified, tahun):
        ItemRencanaFactory(rencana=RencanaFactory(tahun=tahun, status=S.DISETUJUI))
        client.force_login(admin)
        response = client.get(reverse("rencana:tahunan_xlsx", args=[2027]))
        assert response["Content-Disposition"].startswith("attachment;")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.values)
        assert rows[0][:4] == ("NIP", "Nama", "Jabatan", "Unit Kerja")
        assert "Penyelenggara" in rows[0] and "Anggaran" in rows[0]
        assert len(rows) == 4  # header + 3 verified items
        assert {r[0] for r in rows[1:]} == {verified[0].pegawai.nip, verified[1].pegawai.nip}
        assert sheet["A2"].data_type == "s"
        assert sum(r[-1] for r in rows[1:]) == 10_500_000

    def test_admin_edits_the_document_data_with_an_emblem(self, client, admin, tahun):
        client.force_login(admin)
        png = io.BytesIO()
        Image.new("RGB", (20, 20), "blue").save(png, "PNG")
        png.seek(0)
        png.name = "lambang.png"
        data = {
            "nomor_dokumen": "800.1.2/1059/BKPSDM/2026",
            "tempat": "Sorong",
            "kop_baris_1": "PEMERINTAH KOTA SORONG",
            "kop_baris_2": "BADAN KEPEGAWAIAN",
            "kop_alamat": "Jl. Uji",
            "kepala_jabatan": "KEPALA",
            "kepala_nip": "19750312 200003 1 004",
            "awalan_nip": "NIP.",
            "lambang": png,
        }
        response = client.post(reverse("rencana:tahunan_pengaturan", args=[2027]), data)
        assert response.status_code == 302, response.context["form"].errors
        dokumen = RencanaTahunan.objects.get(tahun=tahun)
        assert dokumen.kepala_nip == "197503122000031004" and dokumen.lambang

    def test_a_bad_nip_and_a_non_image_are_refused(self, client, admin, tahun):
        client.force_login(admin)
        data = {"tempat": "Sorong", "kop_baris_1": "X", "kop_baris_2": "Y", "kop_alamat": "Z"}
        data |= {"kepala_jabatan": "K", "awalan_nip": "NIP", "kepala_nip": "1975"}
        data["lambang"] = io.BytesIO(b"<svg onload=alert(1)>")
        data["lambang"].name = "lambang.png"
        page = client.post(reverse("rencana:tahunan_pengaturan", args=[2027]), data).content.decode()
        assert "NIP Kepala BKPSDM harus 18 digit angka." in page
        assert "Unggah gambar yang valid" in page or "gambar" in page
        assert not RencanaTahunan.objects.filter(kepala_nip="1975").exists()


class TestDokumen:
    def test_admin_generates_lists_and_downloads_the_pdf(
        self, client, admin, verified, django_capture_on_commit_callbacks
    ):
        client.force_login(admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("rencana:dokumen_create", args=[2027]))
        response = client.get(response.url)
        dokumen = DokumenRencana.objects.get()
        assert dokumen.status == DokumenRencana.Status.SELESAI and dokumen.progres == 100
        assert dokumen.jumlah_halaman > 5
        page = response.content.decode()
        assert "Unduh PDF" in page and "halaman" in page
        download = client.get(reverse("rencana:dokumen_unduh", args=[dokumen.pk]))
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["Cache-Control"] == "no-store"
        assert b"".join(download.streaming_content).startswith(b"%PDF")

    def test_a_running_document_row_polls_its_status(self, client, admin, tahun):
        dokumen = DokumenRencana.objects.create(tahun=tahun, diminta_oleh=admin, progres=40, tahap="Menata halaman")
        client.force_login(admin)
        row = client.get(reverse("rencana:dokumen_status", args=[dokumen.pk])).content.decode()
        assert 'hx-trigger="every 2s"' in row and "40% · Menata halaman" in row
        assert client.get(reverse("rencana:dokumen_unduh", args=[dokumen.pk])).status_code == 404

    def test_downloads_are_scoped(
        self, client, admin, operator, owner, verified, unit, django_capture_on_commit_callbacks
    ):
        client.force_login(admin)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("rencana:dokumen_create", args=[2027]))
        kota = DokumenRencana.objects.get()
        client.force_login(operator)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("rencana:dokumen_create", args=[2027]))
        opd = DokumenRencana.objects.exclude(pk=kota.pk).get()
        assert opd.unit_kerja == unit
        assert client.get(reverse("rencana:dokumen_unduh", args=[kota.pk])).status_code == 404
        assert client.get(reverse("rencana:dokumen_unduh", args=[opd.pk])).status_code == 200
        client.force_login(owner.user)
        assert client.get(reverse("rencana:dokumen_unduh", args=[opd.pk])).status_code == 404
        assert client.post(reverse("rencana:dokumen_create", args=[2027])).status_code == 403


class TestHomeAndSection:
    def test_the_home_card_shows_my_plan_and_the_queue(self, client, rencana, atasan):
        RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIAJUKAN)
        client.force_login(atasan.user)
        page = client.get(reverse("home")).content.decode()
        assert "1</span> rencana bawahan menunggu persetujuan" in page

    def test_the_employee_page_lists_plans(self, client, rencana, operator):
        client.force_login(operator)
        page = client.get(rencana.pegawai.get_absolute_url()).content.decode()
        assert 'data-testid="bagian-rencana"' in page and "Draf" in page


def test_a_failed_render_is_marked_and_stops_polling(client, admin, tahun, monkeypatch):
    from rencana import tahunan
    from rencana.tasks import render_rencana_task

    def broken(html, progress=None):
        raise ValueError("Font tidak ditemukan")

    monkeypatch.setattr(tahunan, "render_pdf", broken)
    dokumen = DokumenRencana.objects.create(tahun=tahun, diminta_oleh=admin)
    with pytest.raises(ValueError):
        render_rencana_task(dokumen.pk)
    dokumen.refresh_from_db()
    assert dokumen.status == DokumenRencana.Status.GAGAL and "Font tidak ditemukan" in dokumen.pesan_galat
    client.force_login(admin)
    row = client.get(reverse("rencana:dokumen_status", args=[dokumen.pk])).content.decode()
    assert "hx-trigger" not in row and "Gagal: Font tidak ditemukan" in row
    render_rencana_task(dokumen.pk)  # a redelivered task finds the row claimed and does nothing
