from datetime import date, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi import services as evaluasi_services
from evaluasi.models import EvaluasiProgres
from privasi import services
from privasi.models import Akses, AksesSubjek, AppendOnlyError
from rencana.models import DokumenRencana
from tests.factories import (
    CatatanJPFactory,
    PasanganMentoringFactory,
    PegawaiFactory,
    PesertaFactory,
    SiklusFactory,
    UnitKerjaFactory,
    admin_bkpsdm,
    operator_opd,
    rencana,
)

pytestmark = pytest.mark.django_db

IP = "10.1.2.3"


@pytest.fixture
def orang(db):
    unit = UnitKerjaFactory(nama="Dinas Kesehatan")
    atasan = PegawaiFactory(unit_kerja=unit, nama="Yosina Atasan")
    bawahan = PegawaiFactory(unit_kerja=unit, atasan=atasan, nama="Elisabeth Bawahan")
    return {
        "unit": unit,
        "atasan": atasan,
        "bawahan": bawahan,
        "operator": operator_opd(unit),
        "admin": admin_bkpsdm(),
    }


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url, REMOTE_ADDR=IP)
    assert response.status_code == 200, url
    return response


def _only_record(jenis, pengakses):
    akses = Akses.objects.get()
    assert (akses.jenis, akses.pengakses, akses.alamat_ip) == (jenis, pengakses, IP)
    return akses, set(AksesSubjek.objects.filter(akses=akses).values_list("pegawai_id", flat=True))


def test_viewing_another_employees_page_is_recorded(client, orang):
    bawahan = orang["bawahan"]
    _get(client, orang["operator"], bawahan.get_absolute_url())
    akses, subjek = _only_record(Akses.Jenis.PROFIL, orang["operator"])
    assert subjek == {bawahan.pk} and akses.jumlah_subjek == 1
    assert akses.alamat == bawahan.get_absolute_url()
    assert akses.waktu <= timezone.now()


def test_viewing_ones_own_page_is_not_recorded(client, orang):
    _get(client, orang["bawahan"].user, orang["bawahan"].get_absolute_url())
    assert not Akses.objects.exists()


def test_an_employee_export_records_every_exported_person_once(client, orang):
    response = _get(client, orang["operator"], reverse("pegawai:export") + "?format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    akses, subjek = _only_record(Akses.Jenis.EKSPOR, orang["operator"])
    assert subjek == {orang["atasan"].pk, orang["bawahan"].pk} and akses.jumlah_subjek == 2
    assert "XLSX" in akses.keterangan


def test_an_export_leaves_out_the_exporter_themself(client, orang):
    _get(client, orang["atasan"].user, reverse("pegawai:export"))
    _, subjek = _only_record(Akses.Jenis.EKSPOR, orang["atasan"].user)
    assert subjek == {orang["bawahan"].pk}


def test_jp_page_and_certificate_downloads_are_recorded(client, orang):
    bawahan = orang["bawahan"]
    _get(client, orang["atasan"].user, reverse("pelatihan:jp_pegawai", args=[bawahan.pk]))
    assert Akses.objects.get().jenis == Akses.Jenis.JP
    peserta = PesertaFactory(pegawai=bawahan, sertifikat=ContentFile(b"%PDF-1.4 uji", name="s.pdf"))
    catatan = CatatanJPFactory(pegawai=bawahan, sertifikat=ContentFile(b"%PDF-1.4 uji", name="c.pdf"))
    _get(client, orang["operator"], reverse("pelatihan:peserta_sertifikat", args=[peserta.pk]))
    _get(client, orang["operator"], reverse("pelatihan:catatan_sertifikat", args=[catatan.pk]))
    berkas = Akses.objects.filter(jenis=Akses.Jenis.BERKAS)
    assert berkas.count() == 2
    assert set(AksesSubjek.objects.filter(akses__in=berkas).values_list("pegawai_id", flat=True)) == {bawahan.pk}


def test_jp_exports_are_recorded(client, orang):
    CatatanJPFactory(pegawai=orang["bawahan"])
    _get(client, orang["operator"], reverse("pelatihan:jp_unit") + "?format=csv&tahun=2027")
    _get(client, orang["operator"], reverse("pelatihan:jp_siasn") + "?tahun=2027")
    exports = {a.keterangan: a.jumlah_subjek for a in Akses.objects.filter(jenis=Akses.Jenis.EKSPOR)}
    assert exports == {"Ekspor JP per pegawai 2027": 2, "Ekspor riwayat kursus SIASN 2027": 1}


def test_plan_page_sipka_export_and_pdf_are_recorded(client, orang):
    bawahan, admin = orang["bawahan"], orang["admin"]
    plan = rencana(bawahan)
    _get(client, orang["atasan"].user, reverse("rencana:detail", args=[plan.pk]))
    _get(client, admin, reverse("rencana:tahunan_xlsx", args=[2027]))
    dokumen = DokumenRencana.objects.create(
        tahun=plan.tahun,
        status=DokumenRencana.Status.SELESAI,
        berkas=ContentFile(b"%PDF-1.4 uji", name="rencana-2027.pdf"),
        diminta_oleh=admin,
    )
    _get(client, admin, reverse("rencana:dokumen_unduh", args=[dokumen.pk]))
    kinds = dict(Akses.objects.values_list("jenis", "jumlah_subjek"))
    assert kinds == {Akses.Jenis.RENCANA: 1, Akses.Jenis.EKSPOR: 1, Akses.Jenis.PDF: 1}
    assert set(AksesSubjek.objects.values_list("pegawai_id", flat=True)) == {bawahan.pk}


def test_evaluation_page_and_export_are_recorded(client, orang):
    bawahan = orang["bawahan"]
    rencana(bawahan)
    siklus = SiklusFactory()
    evaluasi_services.open_siklus(siklus=siklus)
    evaluasi = EvaluasiProgres.objects.get(pegawai=bawahan)
    _get(client, orang["admin"], reverse("evaluasi:progres_detail", args=[evaluasi.pk]))
    _get(client, orang["admin"], siklus.get_absolute_url() + "?format=csv")
    assert sorted(Akses.objects.values_list("jenis", flat=True)) == [Akses.Jenis.EKSPOR, Akses.Jenis.EVALUASI]


def test_mentoring_export_records_mentors_and_mentees(client, orang):
    pasangan = PasanganMentoringFactory()
    _get(client, orang["admin"], reverse("mentoring:semua") + "?format=csv")
    _, subjek = _only_record(Akses.Jenis.EKSPOR, orang["admin"])
    assert subjek == {pasangan.mentor_id, pasangan.mentee_id}


def test_the_log_is_append_only(client, orang):
    _get(client, orang["operator"], orang["bawahan"].get_absolute_url())
    akses = Akses.objects.get()
    with pytest.raises(AppendOnlyError):
        akses.save()
    with pytest.raises(AppendOnlyError):
        akses.delete()
    with pytest.raises(AppendOnlyError):
        Akses.objects.update(keterangan="diubah")
    # Also at the database level, past the ORM.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privasi_akses SET keterangan = 'diubah'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM privasi_aksessubjek")
    assert Akses.objects.get().keterangan == akses.keterangan


def test_old_records_are_pruned_after_the_retention_period(client, orang, settings, time_machine):
    settings.PRIVASI_RETENSI_AKSES_HARI = 365
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=timezone.get_current_timezone()), tick=False)
    _get(client, orang["operator"], orang["bawahan"].get_absolute_url())
    time_machine.move_to(datetime(2026, 12, 1, 9, tzinfo=timezone.get_current_timezone()), tick=False)
    _get(client, orang["operator"], orang["atasan"].get_absolute_url())
    assert services.prune_akses(now=timezone.now() + timedelta(days=60)) == 1
    assert list(AksesSubjek.objects.values_list("pegawai_id", flat=True)) == [orang["atasan"].pk]
    assert services.prune_akses(now=timezone.now() + timedelta(days=60)) == 0


class TestSearch:
    @pytest.fixture
    def log(self, client, orang):
        _get(client, orang["operator"], orang["bawahan"].get_absolute_url())
        _get(client, orang["atasan"].user, orang["bawahan"].get_absolute_url())
        _get(client, orang["operator"], reverse("pegawai:export"))
        return orang

    def test_bkpsdm_searches_by_who_whose_kind_and_date(self, client, log):
        client.force_login(log["admin"])
        url = reverse("privasi:akses_list")
        assert client.get(url).context["page"].paginator.count == 3
        by_operator = client.get(url, {"pengakses": log["operator"].username})
        assert by_operator.context["page"].paginator.count == 2
        by_nip = client.get(url, {"pegawai": log["atasan"].nip})
        assert by_nip.context["page"].paginator.count == 1  # only the export contains the atasan
        exports = client.get(url, {"jenis": Akses.Jenis.EKSPOR})
        assert [a.jenis for a, _ in exports.context["rows"]] == [Akses.Jenis.EKSPOR]
        today = timezone.localdate()
        assert client.get(url, {"dari": today + timedelta(days=1)}).context["page"].paginator.count == 0
        html = by_operator.content.decode()
        assert log["bawahan"].nama_lengkap in html and "2 pegawai" in html

    def test_a_reversed_date_range_is_an_error(self, client, log):
        client.force_login(log["admin"])
        response = client.get(reverse("privasi:akses_list"), {"dari": date(2027, 2, 1), "sampai": date(2027, 1, 1)})
        assert "Tanggal akhir sebelum tanggal awal." in response.content.decode()
        assert response.context["page"].paginator.count == 0

    def test_the_export_is_itself_recorded(self, client, log):
        client.force_login(log["admin"])
        response = client.get(reverse("privasi:akses_list"), {"format": "xlsx"})
        assert response["Content-Disposition"].endswith('.xlsx"')
        assert Akses.objects.filter(pengakses=log["admin"], jenis=Akses.Jenis.EKSPOR).exists()

    def test_only_bkpsdm_searches(self, client, log):
        for user in (log["operator"], log["atasan"].user):
            client.force_login(user)
            assert client.get(reverse("privasi:akses_list")).status_code == 403

    def test_the_page_costs_the_same_queries_for_more_rows(self, client, log):
        def queries():
            client.force_login(log["admin"])
            client.get(reverse("privasi:akses_list"))
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("privasi:akses_list"))
            return len(captured)

        before = queries()
        for _ in range(20):
            _get(client, log["operator"], log["atasan"].get_absolute_url())
        assert queries() == before


def test_an_employee_sees_who_viewed_their_data_but_not_their_own_views(client, orang):
    bawahan = orang["bawahan"]
    _get(client, orang["operator"], bawahan.get_absolute_url())
    _get(client, orang["operator"], reverse("pegawai:export"))
    _get(client, bawahan.user, bawahan.get_absolute_url())
    page = _get(client, bawahan.user, reverse("privasi:data_saya"))
    rows = list(page.context["page"])
    assert [a.jenis for a in rows] == [Akses.Jenis.EKSPOR, Akses.Jenis.PROFIL]
    assert orang["operator"].nama in page.content.decode()
    # The atasan's page shows only what concerns the atasan (the export), never the bawahan's record.
    atasan_page = _get(client, orang["atasan"].user, reverse("privasi:data_saya"))
    assert [a.jenis for a in atasan_page.context["page"]] == [Akses.Jenis.EKSPOR]


def test_opening_an_employee_in_the_django_admin_is_recorded(client, orang):
    admin = orang["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    _get(client, admin, reverse("admin:pegawai_pegawai_change", args=[orang["bawahan"].pk]))
    akses, subjek = _only_record(Akses.Jenis.PROFIL, admin)
    assert subjek == {orang["bawahan"].pk} and akses.keterangan == "Admin Django"
