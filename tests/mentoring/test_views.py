import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring import services
from mentoring.models import PasanganMentoring, SesiMentoring, TargetMentoring, UmpanBalikMentoring
from pegawai.models import Golongan, StandarKompetensi
from pelatihan.models import CatatanJP
from tests.factories import (
    JabatanFactory,
    KompetensiFactory,
    PasanganMentoringFactory,
    PegawaiFactory,
    SesiMentoringFactory,
    UnitKerjaFactory,
    pimpinan,
)

pytestmark = pytest.mark.django_db
Status = PasanganMentoring.Status


@pytest.fixture
def pasangan(mentor, mentee):
    return PasanganMentoringFactory(mentor=mentor, mentee=mentee)


@pytest.fixture
def pasangan_lain(outsider, unit_lain):
    return PasanganMentoringFactory(
        mentor=outsider, mentee=PegawaiFactory(unit_kerja=unit_lain, golongan=Golongan.II_A)
    )


def _login(client, user):
    client.force_login(user)
    return client


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


# --- my pairs ---------------------------------------------------------------------------------


def test_my_pairs_show_both_roles_with_a_timeline(client, pasangan, mentor, unit):
    SesiMentoringFactory(pasangan=pasangan, topik="Menyusun SKP")
    as_mentee = PasanganMentoringFactory(mentee=mentor, mentor=PegawaiFactory(unit_kerja=unit, golongan=Golongan.IV_C))

    response = _login(client, mentor.user).get(reverse("mentoring:list"))

    assert response.status_code == 200
    assert response.context["sebagai_mentor"] == [pasangan]
    assert response.context["sebagai_mentee"] == [as_mentee]
    assert "Menyusun SKP" in response.text


def test_my_pairs_never_show_other_peoples_pairs(client, pasangan, outsider, pasangan_lain):
    response = _login(client, outsider.user).get(reverse("mentoring:list"))
    assert response.context["sebagai_mentor"] == [pasangan_lain]
    assert str(pasangan.mentee.nama_lengkap) not in response.text


def test_my_pairs_query_count_does_not_grow_with_pairs(client, mentor, unit):
    def add(n):
        for _ in range(n):
            p = PasanganMentoringFactory(mentor=mentor, mentee=PegawaiFactory(unit_kerja=unit, golongan=Golongan.II_A))
            SesiMentoringFactory.create_batch(2, pasangan=p)

    _login(client, mentor.user)
    add(2)
    few = _count_queries(client, reverse("mentoring:list"))
    add(6)
    assert _count_queries(client, reverse("mentoring:list")) == few


# --- overview -------------------------------------------------------------------------------


def test_the_overview_is_scoped_to_the_operators_opd(client, operator, pasangan, pasangan_lain):
    response = _login(client, operator).get(reverse("mentoring:semua"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [pasangan]


def test_admin_and_pimpinan_see_every_pair(client, admin, pasangan, pasangan_lain):
    assert len(_login(client, admin).get(reverse("mentoring:semua")).context["page"]) == 2
    assert len(_login(client, pimpinan()).get(reverse("mentoring:semua")).context["page"]) == 2


def test_a_pegawai_cannot_open_the_overview(client, mentee, pasangan):
    assert _login(client, mentee.user).get(reverse("mentoring:semua")).status_code == 403


def test_the_overview_filters_by_opd_jenis_status_and_no_session(client, admin, pasangan, pasangan_lain, unit):
    today = timezone.localdate()
    SesiMentoringFactory(pasangan=pasangan, tanggal=today - timedelta(days=3))
    karier = PasanganMentoringFactory(jenis=PasanganMentoring.Jenis.KARIER, status=Status.USULAN)
    _login(client, admin)
    url = reverse("mentoring:semua")

    def found(**params):
        return set(client.get(url, params).context["page"])

    assert found(opd=unit.pk) == {pasangan}
    assert found(jenis="karier") == {karier}
    assert found(status="usulan") == {karier}
    # pasangan_lain started 60 days ago and never met; pasangan met three days ago.
    assert found(tanpa_sesi="on") == {pasangan_lain}


def test_an_operator_cannot_filter_to_another_opd(client, operator, pasangan, pasangan_lain, unit_lain):
    response = _login(client, operator).get(reverse("mentoring:semua"), {"opd": unit_lain.pk})
    assert pasangan_lain not in set(response.context["page"])


def test_the_overview_query_count_does_not_grow_with_rows(client, admin):
    _login(client, admin)
    for _ in range(3):
        SesiMentoringFactory()
    few = _count_queries(client, reverse("mentoring:semua"))
    for _ in range(9):
        SesiMentoringFactory()
    assert _count_queries(client, reverse("mentoring:semua")) == few


def test_the_overview_exports_xlsx_with_nip_as_text_and_only_scoped_rows(client, operator, pasangan, pasangan_lain):
    response = _login(client, operator).get(reverse("mentoring:semua"), {"format": "xlsx"})

    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == pasangan.mentor.nip and rows[1][3] == pasangan.mentee.nip
    assert sheet["B2"].data_type == "s"


# --- detail ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mentor", "mentee", "operator", "admin"])
def test_the_pair_page_opens_for_the_pair_and_its_managers(client, pasangan, who, request):
    user = {"mentor": pasangan.mentor.user, "mentee": pasangan.mentee.user}.get(who) or request.getfixturevalue(who)
    response = _login(client, user).get(pasangan.get_absolute_url())
    assert response.status_code == 200
    assert pasangan.mentee.nama_lengkap in response.text


@pytest.mark.parametrize("who", ["outsider", "operator_lain"])
def test_the_pair_page_is_404_outside_the_scope(client, pasangan, who, request):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    assert _login(client, user).get(pasangan.get_absolute_url()).status_code == 404


# --- proposing ------------------------------------------------------------------------------


def _proposal(mentor, mentee, **extra):
    today = timezone.localdate()
    return {
        "mentee": mentee.nip_tampil,
        "mentor": mentor.nip,
        "jenis": "orientasi",
        "tujuan": "Mengenal organisasi",
        "target": "Memahami SKP\n\nMenguasai SIASN\n",
        "tanggal_mulai": today.isoformat(),
        "tanggal_selesai": (today + timedelta(days=180)).isoformat(),
        **extra,
    }


def test_the_operator_proposes_a_pair_by_nip(client, operator, mentor, mentee):
    response = _login(client, operator).post(reverse("mentoring:create"), _proposal(mentor, mentee))

    pasangan = PasanganMentoring.objects.get()
    assert response.status_code == 302 and response["Location"] == pasangan.get_absolute_url()
    assert (pasangan.mentor, pasangan.mentee, pasangan.status) == (mentor, mentee, Status.USULAN)
    assert list(pasangan.target.values_list("uraian", flat=True)) == ["Memahami SKP", "Menguasai SIASN"]


def test_an_operator_cannot_propose_for_another_opds_employee(client, operator, mentor, outsider):
    response = _login(client, operator).post(reverse("mentoring:create"), _proposal(mentor, outsider))
    assert response.status_code == 200
    assert "tidak ditemukan di lingkup Anda" in response.text
    assert not PasanganMentoring.objects.exists()


def test_a_rule_violation_is_shown_on_the_form_and_nothing_is_written(client, admin, mentor, mentee):
    response = _login(client, admin).post(reverse("mentoring:create"), _proposal(mentee, mentor))
    assert response.status_code == 200
    assert "Mentor harus lebih senior dari mentee" in response.text
    assert not PasanganMentoring.objects.exists()


def test_a_pegawai_cannot_propose_pairs(client, mentor, mentee):
    _login(client, mentee.user)
    assert client.get(reverse("mentoring:create")).status_code == 403
    assert client.post(reverse("mentoring:create"), _proposal(mentor, mentee)).status_code == 403


def test_suggestions_list_new_employees_with_candidates_and_propose_in_one_click(client, operator, mentor, mentee):
    _login(client, operator)
    response = client.get(reverse("mentoring:saran"))
    assert response.status_code == 200
    assert [(m, [c.pegawai for c in calon]) for m, calon in response.context["baris"]] == [(mentee, [mentor])]

    response = client.post(reverse("mentoring:usul_cepat"), {"mentee": mentee.pk, "mentor": mentor.pk})

    pasangan = PasanganMentoring.objects.get()
    assert response["Location"] == pasangan.get_absolute_url()
    assert pasangan.jenis == PasanganMentoring.Jenis.ORIENTASI and pasangan.target.count() == 4
    assert client.get(reverse("mentoring:saran")).context["baris"] == []


def test_the_one_click_proposal_is_404_for_another_opds_employee(client, operator_lain, mentor, mentee):
    response = _login(client, operator_lain).post(
        reverse("mentoring:usul_cepat"), {"mentee": mentee.pk, "mentor": mentor.pk}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("data", [{"mentee": "abc", "mentor": "1"}, {}])
def test_a_malformed_one_click_proposal_is_404_not_500(client, operator, data):
    assert _login(client, operator).post(reverse("mentoring:usul_cepat"), data).status_code == 404


def test_the_suggestion_page_is_only_for_managers(client, mentee):
    assert _login(client, mentee.user).get(reverse("mentoring:saran")).status_code == 403


# --- accepting and cancelling ---------------------------------------------------------------


def test_the_mentor_accepts_a_proposal(client, pasangan):
    PasanganMentoring.objects.filter(pk=pasangan.pk).update(status=Status.USULAN)
    _login(client, pasangan.mentor.user)
    assert client.get(reverse("mentoring:terima", args=[pasangan.pk])).status_code == 405

    client.post(reverse("mentoring:terima", args=[pasangan.pk]))

    pasangan.refresh_from_db()
    assert pasangan.status == Status.AKTIF


def test_only_the_mentor_accepts(client, pasangan, operator, outsider):
    PasanganMentoring.objects.filter(pk=pasangan.pk).update(status=Status.USULAN)
    url = reverse("mentoring:terima", args=[pasangan.pk])
    assert _login(client, pasangan.mentee.user).post(url).status_code == 403
    assert _login(client, operator).post(url).status_code == 403
    assert _login(client, outsider.user).post(url).status_code == 404
    pasangan.refresh_from_db()
    assert pasangan.status == Status.USULAN


def test_the_operator_cancels_with_a_reason(client, operator, pasangan):
    url = reverse("mentoring:batal", args=[pasangan.pk])
    _login(client, operator)
    response = client.post(url, {"alasan": ""}, follow=True)
    assert "Alasan pembatalan wajib diisi" in response.text
    pasangan.refresh_from_db()
    assert pasangan.status == Status.AKTIF

    client.post(url, {"alasan": "Mentee mutasi"})

    pasangan.refresh_from_db()
    assert pasangan.status == Status.DIBATALKAN


def test_the_mentee_cannot_cancel(client, pasangan):
    response = _login(client, pasangan.mentee.user).post(
        reverse("mentoring:batal", args=[pasangan.pk]), {"alasan": "x"}
    )
    assert response.status_code == 403


# --- sessions ---------------------------------------------------------------------------------


def _sesi_data(**extra):
    return {
        "tanggal": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "durasi_menit": "90",
        "topik": "Menyusun laporan bulanan",
        **extra,
    }


def test_either_side_logs_a_session(client, pasangan):
    _login(client, pasangan.mentee.user)
    response = client.post(reverse("mentoring:sesi_create", args=[pasangan.pk]), _sesi_data())
    assert response.status_code == 302
    sesi = SesiMentoring.objects.get()
    assert sesi.dicatat_oleh == pasangan.mentee.user and not sesi.is_dikonfirmasi


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"durasi_menit": "5"}, "Durasi harus antara 15 dan 480 menit"),
        ({"tanggal": "2999-01-01"}, "tidak boleh di masa depan"),
        ({"tanggal": "2001-01-01"}, "sebelum mentoring dimulai"),
        ({"topik": ""}, "tidak boleh kosong"),
    ],
)
def test_an_invalid_session_is_refused_with_a_clear_message(client, pasangan, data, message):
    response = _login(client, pasangan.mentor.user).post(
        reverse("mentoring:sesi_create", args=[pasangan.pk]), _sesi_data(**data)
    )
    assert response.status_code == 400
    assert message in response.text
    assert not SesiMentoring.objects.exists()


def test_only_the_pair_logs_sessions_and_only_while_active(client, pasangan, operator, outsider):
    url = reverse("mentoring:sesi_create", args=[pasangan.pk])
    assert _login(client, operator).post(url, _sesi_data()).status_code == 403
    assert _login(client, outsider.user).post(url, _sesi_data()).status_code == 404
    PasanganMentoring.objects.filter(pk=pasangan.pk).update(status=Status.SELESAI)
    assert _login(client, pasangan.mentor.user).post(url, _sesi_data()).status_code == 403
    assert not SesiMentoring.objects.exists()


def test_the_other_side_confirms_and_jp_shows_on_the_pair_page(client, pasangan):
    sesi = SesiMentoringFactory(pasangan=pasangan, durasi_menit=90)
    _login(client, pasangan.mentee.user)

    response = client.post(reverse("mentoring:sesi_konfirmasi", args=[sesi.pk]), follow=True)

    assert "2,0 JP dicatat" in response.text
    assert response.context["jp_total"] == 2
    assert CatatanJP.objects.get().pegawai == pasangan.mentee


def test_the_logger_cannot_confirm_and_a_second_confirmation_is_no_500(client, pasangan):
    sesi = SesiMentoringFactory(pasangan=pasangan)
    url = reverse("mentoring:sesi_konfirmasi", args=[sesi.pk])
    assert _login(client, pasangan.mentor.user).post(url).status_code == 403
    _login(client, pasangan.mentee.user)
    client.post(url)
    assert client.post(url).status_code == 403  # confirmed: nothing left to confirm
    assert CatatanJP.objects.count() == 1


def test_a_confirmed_session_is_locked(client, pasangan):
    sesi = SesiMentoringFactory(pasangan=pasangan)
    services.konfirmasi_sesi(sesi=sesi, by=pasangan.mentee.user)
    response = _login(client, pasangan.mentor.user).post(reverse("mentoring:sesi_hapus", args=[sesi.pk]))
    assert response.status_code == 403
    assert SesiMentoring.objects.filter(pk=sesi.pk).exists()


def test_the_logger_deletes_an_unconfirmed_session(client, pasangan):
    sesi = SesiMentoringFactory(pasangan=pasangan)
    assert _login(client, pasangan.mentee.user).post(reverse("mentoring:sesi_hapus", args=[sesi.pk])).status_code == 403
    _login(client, pasangan.mentor.user).post(reverse("mentoring:sesi_hapus", args=[sesi.pk]))
    assert not SesiMentoring.objects.exists()


def test_a_session_outside_the_scope_is_404(client, pasangan, outsider):
    sesi = SesiMentoringFactory(pasangan=pasangan)
    assert _login(client, outsider.user).post(reverse("mentoring:sesi_konfirmasi", args=[sesi.pk])).status_code == 404


# --- progress ---------------------------------------------------------------------------------


def test_the_pair_ticks_a_goal_with_htmx(client, pasangan, outsider):
    target = TargetMentoring.objects.create(pasangan=pasangan, uraian="Memahami SKP")
    url = reverse("mentoring:target_centang", args=[target.pk])
    assert _login(client, outsider.user).post(url).status_code == 404

    response = _login(client, pasangan.mentee.user).post(url, headers={"HX-Request": "true"})

    assert response.status_code == 200 and "bi-check-square-fill" in response.text
    target.refresh_from_db()
    assert target.tercapai == timezone.localdate()


def _umpan_balik(**extra):
    return {
        "didengarkan": "5",
        "dihargai": "4",
        "bebas_berpendapat": "4",
        "berbasis_data": "3",
        "positif": "5",
        "banyak_bertanya": "4",
        "membantu_solusi": "4",
        "tahu_langkah": "5",
        "paham_tujuan": "5",
        "saran": "Lebih sering bertemu",
        **extra,
    }


def test_the_mentee_gives_feedback_once(client, pasangan):
    url = reverse("mentoring:umpan_balik", args=[pasangan.pk])
    _login(client, pasangan.mentee.user)
    assert "Saya merasa didengarkan" in client.get(url).text

    response = client.post(url, _umpan_balik(didengarkan=""))
    assert "Pilih salah satu jawaban" in response.text
    client.post(url, _umpan_balik())
    response = client.post(url, _umpan_balik(didengarkan="1"), follow=True)

    assert "sudah Anda berikan" in response.text
    assert UmpanBalikMentoring.objects.get().didengarkan == 5
    assert str(UmpanBalikMentoring.objects.get().rata_rata) == "4.3"


def test_the_mentor_cannot_give_the_mentees_feedback(client, pasangan):
    assert (
        _login(client, pasangan.mentor.user).get(reverse("mentoring:umpan_balik", args=[pasangan.pk])).status_code
        == 403
    )


def test_the_mentor_closes_with_a_score_and_reason_per_competence(client, unit):
    jabatan = JabatanFactory()
    k1, k2 = KompetensiFactory(), KompetensiFactory()
    StandarKompetensi.objects.bulk_create([StandarKompetensi(jabatan=jabatan, kompetensi=k, level=3) for k in (k1, k2)])
    pasangan = PasanganMentoringFactory(mentee__jabatan=jabatan)
    services.konfirmasi_sesi(sesi=SesiMentoringFactory(pasangan=pasangan), by=pasangan.mentee.user)
    url = reverse("mentoring:tutup", args=[pasangan.pk])
    _login(client, pasangan.mentor.user)
    data = {f"nilai_{k1.pk}": "4", f"alasan_{k1.pk}": "Mandiri", f"nilai_{k2.pk}": "3", "catatan": "Tuntas"}

    response = client.post(url, data)
    assert response.status_code == 200 and f"Tulis alasan nilai {k2.nama}" in response.text
    data[f"alasan_{k2.pk}"] = "Perlu latihan"
    client.post(url, data)

    pasangan.refresh_from_db()
    assert pasangan.status == Status.SELESAI
    assert sorted(pasangan.penilaian.values_list("nilai", flat=True)) == [3, 4]


def test_only_the_mentor_closes(client, pasangan, operator):
    assert _login(client, pasangan.mentee.user).get(reverse("mentoring:tutup", args=[pasangan.pk])).status_code == 403
    assert _login(client, operator).get(reverse("mentoring:tutup", args=[pasangan.pk])).status_code == 403


# --- home and employee page -----------------------------------------------------------------


def test_the_home_card_counts_my_pairs_and_waiting_sessions(client, pasangan):
    SesiMentoringFactory(pasangan=pasangan)
    response = _login(client, pasangan.mentee.user).get(reverse("home"))
    assert response.context["mentoring_saya"] == {"aktif": 1, "usulan": 0, "menunggu": 1}
    assert "1 sesi menunggu konfirmasi Anda" in response.text


def test_the_home_card_counts_pairs_in_the_operators_scope(client, operator, pasangan, pasangan_lain):
    PasanganMentoringFactory(mentor=pasangan.mentor, status=Status.USULAN)
    response = _login(client, operator).get(reverse("home"))
    assert response.context["mentoring_lingkup"] == {"aktif": 1, "usulan": 1, "tanpa_sesi": 1}


def test_the_employee_page_shows_mentoring_jp(client, operator, pasangan):
    services.konfirmasi_sesi(sesi=SesiMentoringFactory(pasangan=pasangan, durasi_menit=135), by=pasangan.mentee.user)
    response = _login(client, operator).get(pasangan.mentee.get_absolute_url())
    assert response.context["mentoring_jp_tahun_ini"] == 3
    assert "3,0 JP" in response.text


def test_the_employee_section_hides_pairs_outside_the_viewers_scope(client, mentee, unit):
    other_unit = UnitKerjaFactory()
    visible = PasanganMentoringFactory(mentee=mentee, mentor=PegawaiFactory(unit_kerja=unit, golongan=Golongan.IV_B))
    response = _login(client, mentee.user).get(mentee.get_absolute_url())
    assert list(response.context["mentoring_pasangan"]) == [visible]
    assert other_unit.nama not in response.text


def test_the_mentor_declines_a_proposal_with_a_reason(client, pasangan):
    PasanganMentoring.objects.filter(pk=pasangan.pk).update(status=Status.USULAN)
    _login(client, pasangan.mentor.user)
    assert "Tolak usulan" in client.get(pasangan.get_absolute_url()).text

    client.post(reverse("mentoring:batal", args=[pasangan.pk]), {"alasan": "Sedang tugas belajar"})

    pasangan.refresh_from_db()
    assert pasangan.status == Status.DIBATALKAN and pasangan.ditutup_oleh == pasangan.mentor.user


def test_the_logger_edits_a_session_until_it_is_confirmed(client, pasangan):
    sesi = SesiMentoringFactory(pasangan=pasangan, durasi_menit=60)
    url = reverse("mentoring:sesi_edit", args=[sesi.pk])
    assert _login(client, pasangan.mentee.user).get(url).status_code == 403
    _login(client, pasangan.mentor.user)
    assert client.get(url).status_code == 200
    assert "Durasi harus antara" in client.post(url, _sesi_data(durasi_menit="1000")).text

    client.post(url, _sesi_data(durasi_menit="120"))
    sesi.refresh_from_db()
    assert sesi.durasi_menit == 120

    services.konfirmasi_sesi(sesi=sesi, by=pasangan.mentee.user)
    assert client.post(url, _sesi_data(durasi_menit="45")).status_code == 403
    sesi.refresh_from_db()
    assert sesi.durasi_menit == 120 and str(sesi.catatan_jp.jp) == "2.7"


def test_a_session_confirmed_meanwhile_is_not_changed():
    sesi = SesiMentoringFactory()
    services.konfirmasi_sesi(sesi=sesi, by=sesi.pasangan.mentee.user)
    with pytest.raises(ValidationError, match="terkunci"):
        services.ubah_sesi(sesi=sesi, perubahan={"durasi_menit": 400})
    sesi.refresh_from_db()
    assert sesi.durasi_menit == 90


def test_posting_without_a_csrf_token_is_refused(pasangan):
    sesi = SesiMentoringFactory(pasangan=pasangan)
    client = Client(enforce_csrf_checks=True)
    client.force_login(pasangan.mentee.user)
    assert client.post(reverse("mentoring:sesi_konfirmasi", args=[sesi.pk])).status_code == 403
    assert not CatatanJP.objects.exists()


def test_session_text_is_escaped(client, pasangan):
    SesiMentoringFactory(pasangan=pasangan, topik='<script>alert(1)</script><img src=x onerror="alert(1)">')
    response = _login(client, pasangan.mentee.user).get(pasangan.get_absolute_url())
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_ids_in_pages_are_never_written_with_thousand_separators(client, operator, unit):
    # USE_THOUSAND_SEPARATOR would print 12345 as "12.345" and break every form field carrying an id.
    mentor = PegawaiFactory(pk=12345, unit_kerja=unit, golongan=Golongan.IV_A)
    baru = PegawaiFactory(
        pk=23456, unit_kerja=unit, golongan=Golongan.II_A, tmt_pengangkatan=timezone.localdate() - timedelta(days=9)
    )
    _login(client, operator)

    page = client.get(reverse("mentoring:saran")).text

    assert 'value="12345"' in page and 'value="23456"' in page and "12.345" not in page
    client.post(reverse("mentoring:usul_cepat"), {"mentee": "23456", "mentor": "12345"})
    assert (PasanganMentoring.objects.get().mentee, PasanganMentoring.objects.get().mentor) == (baru, mentor)


def test_it_leads_back_from_the_proposal_and_suggestion_pages(client, operator):
    _login(client, operator)
    for name in ("mentoring:create", "mentoring:saran"):
        assert f'href="{reverse("mentoring:list")}"' in client.get(reverse(name)).content.decode()
