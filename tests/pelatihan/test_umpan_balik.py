from datetime import date

import pytest
from django.test import override_settings

from pelatihan.models import Pelatihan, PertanyaanUmpanBalik, Peserta, UmpanBalik
from pelatihan.services import PelatihanError, submit_umpan_balik, summarize_umpan_balik, update_umpan_balik
from tests.factories import PelatihanFactory, PesertaFactory, umpan_balik

pytestmark = pytest.mark.django_db

SELESAI = date(2027, 3, 5)


@pytest.fixture
def pelatihan():
    return PelatihanFactory(tanggal_mulai=date(2027, 3, 1), tanggal_selesai=SELESAI, status=Pelatihan.Status.SELESAI)


@pytest.fixture
def lulus(pelatihan):
    return PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS)


def nilai(skor=4):
    return {q.pk: skor for q in PertanyaanUmpanBalik.objects.aktif()}


def test_the_default_question_set_exists():
    kode = list(PertanyaanUmpanBalik.objects.values_list("kode", flat=True))
    assert kode == ["relevansi", "materi", "narasumber", "metode", "sarana"]


def test_a_completed_participant_gives_feedback_once(lulus):
    submit_umpan_balik(peserta=lulus, nilai=nilai(), saran="", rencana_penerapan="", today=date(2027, 3, 6))
    with pytest.raises(PelatihanError, match="sudah mengisi"):
        submit_umpan_balik(peserta=lulus, nilai=nilai(), saran="", rencana_penerapan="", today=date(2027, 3, 6))
    assert UmpanBalik.objects.count() == 1


@pytest.mark.parametrize("today", [date(2027, 3, 1), SELESAI])
def test_feedback_waits_for_the_end_of_the_training(lulus, today):
    with pytest.raises(PelatihanError, match="setelah pelatihan berakhir"):
        submit_umpan_balik(peserta=lulus, nilai=nilai(), saran="", rencana_penerapan="", today=today)


def test_only_completed_participants_give_feedback(pelatihan):
    peserta = PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.TIDAK_LULUS)
    with pytest.raises(PelatihanError, match="menyelesaikan"):
        submit_umpan_balik(peserta=peserta, nilai=nilai(), saran="", rencana_penerapan="", today=date(2027, 4, 1))


@override_settings(PELATIHAN_BATAS_UMPAN_BALIK_HARI=10)
def test_feedback_can_be_changed_until_the_deadline(lulus):
    ub = submit_umpan_balik(peserta=lulus, nilai=nilai(2), saran="a", rencana_penerapan="", today=date(2027, 3, 6))
    update_umpan_balik(umpan_balik=ub, nilai=nilai(5), saran="b", rencana_penerapan="", today=date(2027, 3, 15))
    assert set(ub.jawaban.values_list("nilai", flat=True)) == {5}
    with pytest.raises(PelatihanError, match="sudah lewat"):
        update_umpan_balik(umpan_balik=ub, nilai=nilai(1), saran="c", rencana_penerapan="", today=date(2027, 3, 16))


def test_pending_feedback_lists_completed_participants_after_the_end(pelatihan, lulus):
    sudah = PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS)
    umpan_balik(sudah)
    PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.TERDAFTAR)
    assert list(Peserta.objects.menunggu_umpan_balik(SELESAI)) == []
    assert list(Peserta.objects.menunggu_umpan_balik(date(2027, 3, 6))) == [lulus]
    assert list(Peserta.objects.menunggu_umpan_balik(date(2027, 12, 1))) == []


def test_results_stay_hidden_below_three_responses(pelatihan):
    for _ in range(2):
        umpan_balik(PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS), skor=1, saran="rahasia")
    ringkasan = summarize_umpan_balik(UmpanBalik.objects.filter(peserta__pelatihan=pelatihan))
    assert ringkasan.jumlah == 2
    assert not ringkasan.cukup
    assert ringkasan.pertanyaan == [] and ringkasan.saran == []
    assert not Pelatihan.objects.dengan_ringkasan().get().perlu_ditinjau


def test_it_aggregates_averages_distribution_and_comments(pelatihan):
    for skor, relevansi, saran in [(4, 2, "Tambah praktik"), (5, 3, ""), (3, 2, "Materi kurang sesuai")]:
        peserta = PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS)
        umpan_balik(peserta, skor=skor, relevansi=relevansi, saran=saran, rencana="Terapkan di seksi")
    ringkasan = summarize_umpan_balik(UmpanBalik.objects.filter(peserta__pelatihan=pelatihan))
    assert ringkasan.cukup and ringkasan.jumlah == 3
    per_kode = {r.pertanyaan.kode: r for r in ringkasan.pertanyaan}
    assert per_kode["materi"].rata == 4.0
    assert per_kode["materi"].distribusi == [0, 0, 1, 1, 1]
    assert round(ringkasan.rata_relevansi, 2) == 2.33
    assert ringkasan.perlu_ditinjau
    assert ringkasan.saran == ["Materi kurang sesuai", "Tambah praktik"]
    assert len(ringkasan.rencana_penerapan) == 3
    chart = ringkasan.chart
    assert chart["data"]["labels"][0] == "Relevansi materi dengan tugas saya"
    assert [d["data"][1] for d in chart["data"]["datasets"]] == [0, 0, 33, 33, 33]


def test_partner_results_are_hidden_below_three_responses_across_its_trainings(pelatihan):
    lain = PelatihanFactory(mitra=pelatihan.mitra)
    umpan_balik(PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS))
    umpan_balik(PesertaFactory(pelatihan=lain, status=Peserta.Status.LULUS))
    per_mitra = UmpanBalik.objects.filter(peserta__pelatihan__mitra=pelatihan.mitra)
    assert not summarize_umpan_balik(per_mitra).cukup
    umpan_balik(PesertaFactory(pelatihan=lain, status=Peserta.Status.LULUS))
    assert summarize_umpan_balik(per_mitra).cukup


def test_the_catalog_flags_low_relevance_in_one_query(pelatihan, django_assert_num_queries):
    baik = PelatihanFactory()
    for _ in range(3):
        umpan_balik(PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS), relevansi=2)
        umpan_balik(PesertaFactory(pelatihan=baik, status=Peserta.Status.LULUS), relevansi=4)
    with django_assert_num_queries(1):
        flags = {p.pk: p.perlu_ditinjau for p in Pelatihan.objects.dengan_ringkasan()}
    assert flags == {pelatihan.pk: True, baik.pk: False}
    assert list(Pelatihan.objects.perlu_ditinjau()) == [pelatihan]
    with override_settings(PELATIHAN_AMBANG_RELEVANSI=1.5):
        assert not Pelatihan.objects.perlu_ditinjau().exists()
