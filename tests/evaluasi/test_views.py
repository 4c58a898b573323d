from datetime import date
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from evaluasi import program, services
from evaluasi.models import EvaluasiPascaPelatihan, EvaluasiProgres, KeputusanProgram, Pengingat
from pelatihan.models import CatatanJP
from tests.factories import (
    PegawaiFactory,
    PesertaFactory,
    SiklusFactory,
    UnitKerjaFactory,
    admin_bkpsdm,
    operator_opd,
    peserta_lulus,
    pimpinan,
    rencana,
    umpan_balik,
)

pytestmark = pytest.mark.django_db
TODAY = date(2027, 6, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 6, 10, 10)), tick=False):
        yield


@pytest.fixture
def evaluasi(bawahan, rekan, orang_luar):
    siklus = SiklusFactory()
    for pegawai in (bawahan, rekan, orang_luar):
        rencana(pegawai)
    services.open_siklus(siklus=siklus)
    return EvaluasiProgres.objects.get(pegawai=bawahan)


class TestDashboard:
    def test_it_shows_every_opd_to_bkpsdm_and_pimpinan(self, client, bawahan, orang_luar):
        rencana(bawahan)
        rencana(orang_luar, status="diajukan")
        for user in (admin_bkpsdm(), pimpinan()):
            client.force_login(user)
            html = client.get(reverse("evaluasi:index") + "?tahun=2027").content.decode()
            assert bawahan.unit_kerja.nama in html and orang_luar.unit_kerja.nama in html
            assert 'data-chart="grafik-status"' in html

    def test_an_operator_sees_only_their_opd(self, client, bawahan, orang_luar):
        rencana(bawahan)
        rencana(orang_luar)
        client.force_login(operator_opd(bawahan.unit_kerja))
        html = client.get(reverse("evaluasi:index") + "?tahun=2027").content.decode()
        assert bawahan.unit_kerja.nama in html
        assert orang_luar.unit_kerja.nama not in html

    def test_a_plain_employee_gets_their_task_list_instead(self, client, bawahan):
        client.force_login(bawahan.user)
        response = client.get(reverse("evaluasi:index"))
        assert response.templates[0].name == "evaluasi/tugas.html"

    def test_it_counts_jp_and_the_share_at_20_jp(self, client, bawahan, rekan):
        rencana(bawahan)
        for pegawai, jp in ((bawahan, 24), (rekan, 8)):
            CatatanJP.objects.create(
                pegawai=pegawai,
                tahun=2027,
                tanggal=TODAY,
                judul="x",
                bentuk="seminar",
                jp=jp,
                sumber="eksternal",
                terverifikasi=True,
            )
        client.force_login(admin_bkpsdm())
        response = client.get(reverse("evaluasi:dashboard_export", args=["jp"]) + "?tahun=2027&format=csv")
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0] == "OPD,Pegawai aktif,Target JP rencana,JP terealisasi,Pegawai ≥ 20 JP,% pegawai ≥ 20 JP"
        row = next(line for line in lines if line.startswith(bawahan.unit_kerja.nama))
        # atasan, bawahan, rekan are active; 20 JP planned; 32 JP realised; one of three at ≥ 20 JP.
        assert row.split(",")[1:] == ["3", "20.0", "32.0", "1", "33.3"]

    def test_the_cards_on_top_show_the_totals_at_a_glance(self, client, bawahan, rekan):
        rencana(bawahan)
        CatatanJP.objects.create(
            pegawai=bawahan,
            tahun=2027,
            tanggal=TODAY,
            judul="x",
            bentuk="seminar",
            jp=24,
            sumber="eksternal",
            terverifikasi=True,
        )
        client.force_login(admin_bkpsdm())
        ringkasan = client.get(reverse("evaluasi:index") + "?tahun=2027").context["ringkasan"]
        assert ringkasan["tercapai"] == 1 and ringkasan["pegawai"] == 3
        assert ringkasan["rencana_diverifikasi"] == ringkasan["rencana"] == 1
        assert ringkasan["anggaran"] == 2_000_000

    def test_it_averages_feedback_and_level_3_per_opd_from_the_minimum_on(self, client, bawahan, rekan, atasan):
        def row():
            csv = client.get(reverse("evaluasi:dashboard_export", args=["evaluasi"]) + "?tahun=2027").content
            lines = csv.decode("utf-8-sig").splitlines()
            return next(line for line in lines if line.startswith(bawahan.unit_kerja.nama)).split(",")[4:]

        client.force_login(admin_bkpsdm())
        peserta = peserta_lulus(bawahan, selesai=date(2027, 1, 5))
        umpan_balik(peserta, relevansi=5)
        EvaluasiPascaPelatihan.objects.create(peserta=peserta, penilai=atasan, perubahan_perilaku=4, penerapan=3)
        # One response and one rating: an average would be that one person's answer, or one Atasan's score.
        assert row() == ["1", "", "1", "", ""]
        for pegawai in (rekan, PegawaiFactory(unit_kerja=bawahan.unit_kerja, atasan=atasan)):
            other = peserta_lulus(pegawai, selesai=date(2027, 1, 5))
            umpan_balik(other, relevansi=5)
            EvaluasiPascaPelatihan.objects.create(peserta=other, penilai=atasan, perubahan_perilaku=4, penerapan=3)
        assert row() == ["3", "5.00", "3", "4.00", "3.00"]

    def test_exports_are_scoped(self, client, bawahan, orang_luar):
        client.force_login(operator_opd(bawahan.unit_kerja))
        for key in ("rencana", "jp", "anggaran", "evaluasi"):
            response = client.get(reverse("evaluasi:dashboard_export", args=[key]) + "?format=xlsx")
            assert response.status_code == 200
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        csv = client.get(reverse("evaluasi:dashboard_export", args=["rencana"])).content.decode("utf-8-sig")
        assert bawahan.unit_kerja.nama in csv and orang_luar.unit_kerja.nama not in csv

    def test_export_is_refused_to_an_employee_and_unknown_tables_are_404(self, client, bawahan):
        client.force_login(bawahan.user)
        assert client.get(reverse("evaluasi:dashboard_export", args=["jp"])).status_code == 403
        client.force_login(admin_bkpsdm())
        assert client.get(reverse("evaluasi:dashboard_export", args=["gaji"])).status_code == 404

    def test_its_query_count_does_not_grow_with_employees(self, client, django_assert_max_num_queries):
        client.force_login(admin_bkpsdm())
        units = [UnitKerjaFactory() for _ in range(3)]
        for unit in units:
            rencana(PegawaiFactory(unit_kerja=unit))
        with django_assert_max_num_queries(30) as small:
            client.get(reverse("evaluasi:index") + "?tahun=2027")
        for unit in units:
            for _ in range(3):
                rencana(PegawaiFactory(unit_kerja=unit))
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(reverse("evaluasi:index") + "?tahun=2027")


class TestSiklus:
    def create(self, client, pegawai, **dates):
        data = {
            "tahun": pegawai.rencana.get().tahun_id,
            "jenis": "semester_1",
            "tanggal_mulai": "2027-06-01",
            "batas_penilaian_atasan": "2027-07-15",
        }
        return client.post(reverse("evaluasi:siklus_create"), data | dates)

    def test_bkpsdm_opens_a_cycle_for_every_verified_plan(self, client, bawahan, rekan):
        rencana(bawahan)
        rencana(rekan, status="disetujui")
        client.force_login(admin_bkpsdm())
        response = self.create(client, bawahan, batas_penilaian_diri="2027-06-30")
        assert response.status_code == 302
        assert list(EvaluasiProgres.objects.values_list("pegawai", "jp_target")) == [(bawahan.pk, 20)]

    def test_it_refuses_deadlines_in_the_wrong_order(self, client, bawahan):
        rencana(bawahan)
        client.force_login(admin_bkpsdm())
        response = self.create(client, bawahan, batas_penilaian_diri="2027-05-30")
        assert "Batas penilaian diri tidak boleh sebelum tanggal dibuka." in response.content.decode()
        assert not EvaluasiProgres.objects.exists()

    def test_only_bkpsdm_opens_cycles(self, client, bawahan):
        client.force_login(operator_opd(bawahan.unit_kerja))
        assert client.get(reverse("evaluasi:siklus_create")).status_code == 403

    def test_the_cycle_list_is_scoped_and_exportable(self, client, evaluasi, orang_luar):
        client.force_login(operator_opd(evaluasi.pegawai.unit_kerja))
        url = evaluasi.siklus.get_absolute_url()
        html = client.get(url).content.decode()
        assert evaluasi.pegawai.nama in html and orang_luar.nama not in html
        csv = client.get(url + "?format=csv").content.decode("utf-8-sig")
        assert evaluasi.pegawai.nip in csv and orang_luar.nip not in csv

    def test_it_lists_overdue_evaluations_per_opd(self, client, evaluasi):
        with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 7, 1, 10)), tick=False):
            client.force_login(admin_bkpsdm())
            html = client.get(evaluasi.siklus.get_absolute_url() + "?status=terlambat").content.decode()
        assert 'data-testid="terlambat-per-opd"' in html
        assert evaluasi.pegawai.nama in html


class TestProgres:
    def post_diri(self, client, evaluasi, item_selesai=1):
        data = {"langkah": "diri", "item_selesai": item_selesai, "hambatan": "Anggaran terlambat"}
        return client.post(evaluasi.get_absolute_url(), data)

    def test_the_employee_assesses_themselves_and_the_atasan_is_notified(
        self, client, evaluasi, atasan, django_capture_on_commit_callbacks
    ):
        client.force_login(evaluasi.pegawai.user)
        with django_capture_on_commit_callbacks(execute=True):
            assert self.post_diri(client, evaluasi).status_code == 302
        evaluasi.refresh_from_db()
        assert evaluasi.status == EvaluasiProgres.Status.DINILAI_DIRI
        assert evaluasi.hambatan == "Anggaran terlambat"
        row = Pengingat.objects.get(penerima=atasan.user)
        assert row.jenis == Pengingat.Jenis.EVALUASI_PERLU_DINILAI
        assert row.status == Pengingat.Status.SENT
        assert mail.outbox[0].to == ["atasan@example.go.id"]

    def test_a_broker_outage_does_not_fail_the_request_and_the_reminder_goes_out_later(
        self, client, evaluasi, atasan, django_capture_on_commit_callbacks
    ):
        client.force_login(evaluasi.pegawai.user)
        with (
            mock.patch("evaluasi.tasks.send_pengingat_task.delay", side_effect=OperationalError("Redis mati")),
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = self.post_diri(client, evaluasi)
        assert response.status_code == 302
        evaluasi.refresh_from_db()
        assert evaluasi.status == EvaluasiProgres.Status.DINILAI_DIRI
        row = Pengingat.objects.get(penerima=atasan.user)
        assert row.status == Pengingat.Status.PENDING
        hasil = services.send_reminders(now=timezone.now())
        row.refresh_from_db()
        assert row.status == Pengingat.Status.SENT
        assert hasil.terkirim == 1
        assert len(mail.outbox) == 1

    def test_it_refuses_more_items_than_the_plan_has(self, client, evaluasi):
        client.force_login(evaluasi.pegawai.user)
        response = self.post_diri(client, evaluasi, item_selesai=5)
        assert "Jumlah item terlaksana tidak boleh lebih dari 2." in response.content.decode()
        evaluasi.refresh_from_db()
        assert evaluasi.status == EvaluasiProgres.Status.BELUM

    def test_colleagues_and_outsiders_get_404(self, client, evaluasi, rekan, orang_luar):
        for pegawai in (rekan, orang_luar):
            client.force_login(pegawai.user)
            assert client.get(evaluasi.get_absolute_url()).status_code == 404
            assert self.post_diri(client, evaluasi).status_code == 404

    def test_the_atasan_rates_after_the_self_assessment(self, client, evaluasi, atasan):
        client.force_login(atasan.user)
        # Before the self-assessment the Atasan has no form; a forged post changes nothing.
        client.post(evaluasi.get_absolute_url(), {"langkah": "atasan", "predikat": "sesuai"})
        evaluasi.refresh_from_db()
        assert evaluasi.status == EvaluasiProgres.Status.BELUM
        services.submit_penilaian_diri(evaluasi=evaluasi, item_selesai=2, hambatan="", today=TODAY)
        response = client.post(evaluasi.get_absolute_url(), {"langkah": "atasan", "predikat": "di_atas"})
        assert response.status_code == 302
        evaluasi.refresh_from_db()
        assert (evaluasi.status, evaluasi.predikat, evaluasi.penilai) == ("selesai", "di_atas", atasan)

    def test_the_atasan_must_choose_a_rating(self, client, evaluasi, atasan):
        services.submit_penilaian_diri(evaluasi=evaluasi, item_selesai=2, hambatan="", today=TODAY)
        client.force_login(atasan.user)
        response = client.post(evaluasi.get_absolute_url(), {"langkah": "atasan", "predikat": ""})
        assert "wajib" in response.content.decode().lower() or "required" in response.content.decode().lower()

    def test_it_records_the_realised_jp_from_the_ledger(self, evaluasi):
        CatatanJP.objects.create(
            pegawai=evaluasi.pegawai,
            tahun=2027,
            tanggal=TODAY,
            judul="x",
            bentuk="seminar",
            jp=12,
            sumber="eksternal",
            terverifikasi=True,
        )
        services.submit_penilaian_diri(evaluasi=evaluasi, item_selesai=1, hambatan="", today=TODAY)
        evaluasi.refresh_from_db()
        assert evaluasi.jp_realisasi == 12

    def test_a_second_submission_is_refused(self, evaluasi):
        services.submit_penilaian_diri(evaluasi=evaluasi, item_selesai=1, hambatan="", today=TODAY)
        with pytest.raises(services.ValidationError, match="sudah dikirim"):
            services.submit_penilaian_diri(evaluasi=evaluasi, item_selesai=2, hambatan="", today=TODAY)


class TestPascapelatihan:
    @pytest.fixture
    def peserta(self, bawahan):
        return peserta_lulus(bawahan, selesai=date(2027, 3, 5))

    def test_the_atasan_evaluates_behaviour_change(self, client, peserta, atasan):
        client.force_login(atasan.user)
        assert peserta.pegawai.nama in client.get(reverse("evaluasi:tugas")).content.decode()
        response = client.post(
            reverse("evaluasi:l3_form", args=[peserta.pk]), {"perubahan_perilaku": 4, "penerapan": 2, "catatan": "ok"}
        )
        assert response.status_code == 302
        evaluasi = EvaluasiPascaPelatihan.objects.get()
        assert (evaluasi.peserta, evaluasi.penilai, evaluasi.penerapan) == (peserta, atasan, 2)
        # Done: not due any more, so a second form is a 404.
        assert client.get(reverse("evaluasi:l3_form", args=[peserta.pk])).status_code == 404

    def test_scores_outside_1_to_5_are_refused(self, client, peserta, atasan):
        client.force_login(atasan.user)
        response = client.post(
            reverse("evaluasi:l3_form", args=[peserta.pk]), {"perubahan_perilaku": 7, "penerapan": 3}
        )
        assert response.status_code == 200
        assert "perubahan_perilaku" in response.context["form"].errors
        assert not EvaluasiPascaPelatihan.objects.exists()

    def test_only_the_own_atasan_may_evaluate(self, client, peserta, rekan, orang_luar):
        for user in (peserta.pegawai.user, rekan.user, orang_luar.atasan.user, admin_bkpsdm()):
            client.force_login(user)
            assert client.get(reverse("evaluasi:l3_form", args=[peserta.pk])).status_code == 404

    def test_it_is_not_due_before_three_months(self, client, atasan, bawahan):
        peserta = peserta_lulus(bawahan, selesai=date(2027, 4, 1))
        client.force_login(atasan.user)
        assert client.get(reverse("evaluasi:l3_form", args=[peserta.pk])).status_code == 404

    def test_the_list_is_scoped(self, client, peserta, orang_luar):
        peserta_lulus(orang_luar, selesai=date(2027, 3, 5))
        client.force_login(operator_opd(peserta.pegawai.unit_kerja))
        html = client.get(reverse("evaluasi:l3_list")).content.decode()
        assert peserta.pegawai.nama in html and orang_luar.nama not in html


class TestProgram:
    @pytest.fixture
    def pelatihan(self, bawahan, atasan):
        peserta = peserta_lulus(bawahan, selesai=date(2027, 1, 5))
        EvaluasiPascaPelatihan.objects.create(peserta=peserta, penilai=atasan, perubahan_perilaku=2, penerapan=2)
        umpan_balik(peserta, relevansi=2)
        for _ in range(2):
            other = PesertaFactory(pelatihan=peserta.pelatihan, status="lulus", tanggal_selesai=date(2027, 1, 5))
            umpan_balik(other, relevansi=2)
            EvaluasiPascaPelatihan.objects.create(peserta=other, penilai=atasan, perubahan_perilaku=2, penerapan=2)
        return peserta.pelatihan

    def test_a_weak_programme_is_listed_for_review_and_bkpsdm_records_a_decision(self, client, pelatihan):
        client.force_login(admin_bkpsdm())
        html = client.get(reverse("evaluasi:program_list")).content.decode()
        ditinjau = html.split('data-testid="perlu-ditinjau"')[1]
        assert pelatihan.judul in ditinjau
        assert "relevansi L1 2.00; penerapan L3 2.00" in ditinjau
        url = reverse("evaluasi:program_detail", args=[pelatihan.pk])
        response = client.post(url, {"keputusan": "ganti_metode", "catatan": "Lebih banyak praktik"})
        assert response.status_code == 302
        assert "Ganti metode" in client.get(url).content.decode()

    def test_it_groups_by_partner_and_bentuk_and_exports(self, client, pelatihan):
        client.force_login(pimpinan())
        html = client.get(reverse("evaluasi:program_list") + "?per=mitra").content.decode()
        assert pelatihan.mitra.nama in html
        csv = client.get(reverse("evaluasi:program_list") + "?per=bentuk&format=csv").content.decode("utf-8-sig")
        assert "Pelatihan teknis,3,2.0,3,2.0,2.0" in csv.replace("\r", "")

    def test_level_1_averages_stay_hidden_below_the_minimum_responses(self, client, bawahan):
        umpan_balik(peserta_lulus(bawahan, selesai=date(2027, 1, 5)), relevansi=1)
        client.force_login(admin_bkpsdm())
        csv = client.get(reverse("evaluasi:program_list") + "?format=csv").content.decode("utf-8-sig")
        assert csv.splitlines()[1].split(",")[1:3] == ["1", ""]
        assert program.perlu_ditinjau() == []

    def test_level_3_averages_stay_hidden_below_the_minimum_ratings(self, client, bawahan, atasan, orang_luar):
        peserta = peserta_lulus(bawahan, selesai=date(2027, 1, 5))
        # One Atasan's low score of one named employee: the only level-3 rating of this training.
        EvaluasiPascaPelatihan.objects.create(peserta=peserta, penilai=atasan, perubahan_perilaku=1, penerapan=1)
        # An Operator of another OPD reviews programmes too.
        client.force_login(operator_opd(orang_luar.unit_kerja))
        csv = client.get(reverse("evaluasi:program_list") + "?format=csv").content.decode("utf-8-sig")
        assert csv.splitlines()[1].split(",")[1:] == ["0", "", "1", "", ""]
        assert program.perlu_ditinjau() == []
        html = client.get(reverse("evaluasi:program_detail", args=[peserta.pelatihan.pk])).content.decode()
        assert 'data-testid="l3-belum-cukup"' in html and "1.00" not in html
        export = client.get(reverse("evaluasi:dashboard_export", args=["evaluasi"]) + "?tahun=2027").content
        assert ",1.00," not in export.decode("utf-8-sig")

    def test_the_programme_page_shows_level_1_beside_level_3(self, client, pelatihan):
        client.force_login(pimpinan())
        html = client.get(reverse("evaluasi:program_detail", args=[pelatihan.pk])).content.decode()
        assert "Relevansi materi dengan tugas saya" in html and "Evaluasi atasan (L3)" in html

    def test_an_invalid_decision_is_refused(self, client, pelatihan):
        client.force_login(admin_bkpsdm())
        response = client.post(reverse("evaluasi:program_detail", args=[pelatihan.pk]), {"keputusan": "bubarkan"})
        assert "keputusan" in response.context["form"].errors
        assert not KeputusanProgram.objects.exists()

    def test_only_bkpsdm_decides_and_employees_cannot_review(self, client, pelatihan, bawahan):
        client.force_login(pimpinan())
        url = reverse("evaluasi:program_detail", args=[pelatihan.pk])
        assert client.post(url, {"keputusan": "lanjutkan"}).status_code == 403
        client.force_login(bawahan.user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("evaluasi:program_list")).status_code == 403


class TestNotifikasi:
    @pytest.fixture
    def pengingat(self, bawahan):
        rencana(bawahan, status="dikembalikan")
        services.send_reminders(now=timezone.now())
        return Pengingat.objects.get()

    def test_the_bell_shows_the_unread_count_and_marking_read_follows_the_link(self, client, pengingat):
        client.force_login(pengingat.penerima)
        html = client.get(reverse("evaluasi:notifikasi_bell")).content.decode()
        assert 'data-testid="lonceng-jumlah">1<' in html
        response = client.post(reverse("evaluasi:notifikasi_baca", args=[pengingat.pk]))
        assert response.url == pengingat.tautan
        html = client.get(reverse("evaluasi:notifikasi_bell")).content.decode()
        assert "lonceng-jumlah" not in html

    def test_someone_elses_notification_is_404(self, client, pengingat, rekan):
        client.force_login(rekan.user)
        assert client.post(reverse("evaluasi:notifikasi_baca", args=[pengingat.pk])).status_code == 404
        assert pengingat.judul not in client.get(reverse("evaluasi:notifikasi")).content.decode()

    def test_an_empty_list_says_so_without_a_mark_all_button(self, client, pengingat, rekan):
        client.force_login(rekan.user)
        html = client.get(reverse("evaluasi:notifikasi")).content.decode()
        assert "Tidak ada notifikasi." in html and "Tandai semua sudah dibaca" not in html

    def test_a_foreign_link_is_never_followed(self, client, pengingat):
        Pengingat.objects.filter(pk=pengingat.pk).update(tautan="https://jahat.example/")
        client.force_login(pengingat.penerima)
        response = client.post(reverse("evaluasi:notifikasi_baca", args=[pengingat.pk]))
        assert response.url == reverse("evaluasi:notifikasi")

    def test_mark_all_read(self, client, pengingat):
        client.force_login(pengingat.penerima)
        assert "Tandai semua sudah dibaca" in client.get(reverse("evaluasi:notifikasi")).content.decode()
        client.post(reverse("evaluasi:notifikasi_baca_semua"))
        assert not Pengingat.objects.belum_dibaca().exists()

    def test_the_failed_list_is_for_bkpsdm_who_can_resend(self, client, pengingat, bawahan):
        Pengingat.objects.update(status=Pengingat.Status.FAILED, percobaan=5)
        client.force_login(operator_opd(bawahan.unit_kerja))
        assert client.get(reverse("evaluasi:pengingat_gagal")).status_code == 403
        client.force_login(admin_bkpsdm())
        assert pengingat.judul in client.get(reverse("evaluasi:pengingat_gagal")).content.decode()
        client.post(reverse("evaluasi:pengingat_gagal"), {"pk": [pengingat.pk]})
        pengingat.refresh_from_db()
        assert (pengingat.status, pengingat.percobaan) == (Pengingat.Status.PENDING, 0)

    def test_home_page_shows_the_task_card(self, client, atasan, bawahan):
        peserta_lulus(bawahan, selesai=date(2027, 3, 5))
        client.force_login(atasan.user)
        html = client.get(reverse("home")).content.decode()
        assert 'data-testid="kartu-evaluasi"' in html
        assert 'hx-get="/evaluasi/notifikasi/lonceng/"' in html


class TestQueryCounts:
    """Lists cost the same number of queries at N and 3N rows."""

    def count(self, client, url, django_assert_max_num_queries):
        with django_assert_max_num_queries(40) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    @pytest.fixture
    def siklus(self):
        return SiklusFactory()

    def grow(self, siklus, atasan, n):
        for _ in range(n):
            pegawai = PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan)
            rencana(pegawai)
            peserta = peserta_lulus(pegawai, selesai=date(2027, 1, 5))
            EvaluasiPascaPelatihan.objects.create(peserta=peserta, penilai=atasan, perubahan_perilaku=3, penerapan=3)
            peserta_lulus(pegawai, selesai=date(2027, 2, 5))
            Pengingat.objects.create(
                jenis=Pengingat.Jenis.EVALUASI_L3,
                objek_id=peserta.pk,
                penerima=atasan.user,
                periode="l3",
                judul="x",
                pesan="y",
            )
        services.open_siklus(siklus=siklus)

    def test_lists_do_not_grow_with_rows(self, client, siklus, atasan, django_assert_max_num_queries):
        client.force_login(atasan.user)
        self.grow(siklus, atasan, 2)
        urls = [
            siklus.get_absolute_url(),
            reverse("evaluasi:l3_list"),
            reverse("evaluasi:notifikasi"),
            reverse("evaluasi:tugas"),
            reverse("evaluasi:siklus_list"),
        ]
        small = [self.count(client, url, django_assert_max_num_queries) for url in urls]
        self.grow(siklus, atasan, 4)
        large = [self.count(client, url, django_assert_max_num_queries) for url in urls]
        assert large == small

    def test_programme_review_does_not_grow_with_rows(self, client, siklus, atasan, django_assert_max_num_queries):
        client.force_login(admin_bkpsdm())
        self.grow(siklus, atasan, 2)
        small = self.count(client, reverse("evaluasi:program_list"), django_assert_max_num_queries)
        self.grow(siklus, atasan, 4)
        assert self.count(client, reverse("evaluasi:program_list"), django_assert_max_num_queries) == small


def test_the_dashboard_opens_on_the_latest_planning_year_when_this_year_has_none(client, bawahan):
    rencana(bawahan, tahun=2028)
    admin = admin_bkpsdm()
    with time_machine.travel(timezone.make_aware(timezone.datetime(2027, 11, 29, 10)), tick=False):
        client.force_login(admin)
        assert client.get(reverse("evaluasi:index")).context["tahun"] == 2028
        rencana(PegawaiFactory(), tahun=2027)
        assert client.get(reverse("evaluasi:index")).context["tahun"] == 2027


def test_it_keeps_the_evaluasi_tabs_on_detail_pages(client, evaluasi):
    client.force_login(admin_bkpsdm())
    for url in (evaluasi.siklus.get_absolute_url(), reverse("evaluasi:progres_detail", args=[evaluasi.pk])):
        assert 'data-testid="subnav-evaluasi"' in client.get(url).content.decode()
    client.force_login(evaluasi.pegawai.user)
    html = client.get(reverse("evaluasi:progres_detail", args=[evaluasi.pk])).content.decode()
    assert 'data-testid="subnav-evaluasi"' in html


def test_the_city_wide_jp_chart_gets_room_for_every_opd(client, bawahan):
    for _ in range(9):
        rencana(PegawaiFactory(unit_kerja=UnitKerjaFactory()))
    client.force_login(admin_bkpsdm())
    response = client.get(reverse("evaluasi:index"), {"tahun": 2027})
    assert response.context["grafik_jp_panjang"] and 'class="grafik-panjang"' in response.content.decode()
    client.force_login(operator_opd(bawahan.unit_kerja))
    assert not client.get(reverse("evaluasi:index"), {"tahun": 2027}).context["grafik_jp_panjang"]
