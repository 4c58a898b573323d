from decimal import Decimal

import pytest

from pegawai.models import Pegawai
from pelatihan.models import CatatanJP, jp_bawaan, jp_status, with_jp, with_jp_kurang
from tests.factories import CatatanJPFactory, PegawaiFactory, make_nip

pytestmark = pytest.mark.django_db


@pytest.fixture
def pns():
    return PegawaiFactory()


@pytest.fixture
def pppk():
    return PegawaiFactory(nip=make_nip(pppk=True))


def test_it_sums_only_verified_records_of_the_year(pns):
    CatatanJPFactory(pegawai=pns, jp=12)
    CatatanJPFactory(pegawai=pns, jp=5)
    CatatanJPFactory(pegawai=pns, jp=30, terverifikasi=False)
    CatatanJPFactory(pegawai=pns, jp=40, tahun=2026)
    status = jp_status(pns, 2027)
    assert status.realisasi == Decimal(17)
    assert status.target == 20
    assert status.kurang == Decimal(3)
    assert not status.tercapai


def test_it_caps_what_counts_for_a_pppk_at_24(pppk):
    assert pppk.jenis_asn == Pegawai.JenisAsn.PPPK
    CatatanJPFactory(pegawai=pppk, jp=20)
    CatatanJPFactory(pegawai=pppk, jp=16)
    status = jp_status(pppk, 2027)
    assert status.realisasi == Decimal(36)
    assert status.dihitung == Decimal(24)
    assert status.batas == 24
    assert status.target is None
    assert status.kurang == 0


def test_a_pns_reaching_20_is_not_short(pns):
    CatatanJPFactory(pegawai=pns, jp=24)
    status = jp_status(pns, 2027)
    assert status.tercapai and status.persen == 100


def test_it_annotates_a_whole_list_in_one_query(pns, pppk, django_assert_num_queries):
    CatatanJPFactory(pegawai=pns, jp=8)
    CatatanJPFactory(pegawai=pppk, jp=30)
    CatatanJPFactory(pegawai=pppk, jp=5, terverifikasi=False)
    kosong = PegawaiFactory()
    with django_assert_num_queries(1):
        rows = {p.pk: p for p in with_jp_kurang(Pegawai.objects.all(), 2027)}
    assert rows[pns.pk].jp_realisasi == 8 and rows[pns.pk].jp_kurang == 12
    assert rows[pppk.pk].jp_realisasi == 30 and rows[pppk.pk].jp_dihitung == 24 and rows[pppk.pk].jp_kurang == 0
    assert rows[kosong.pk].jp_realisasi == 0 and rows[kosong.pk].jp_kurang == 20


def test_jp_status_reuses_the_annotation_without_a_query(pns, django_assert_num_queries):
    CatatanJPFactory(pegawai=pns, jp=8)
    pegawai = with_jp(Pegawai.objects.filter(pk=pns.pk), 2027).get()
    with django_assert_num_queries(0):
        assert jp_status(pegawai, 2027).realisasi == 8


def test_total_per_pegawai_groups_by_employee(pns, pppk):
    CatatanJPFactory(pegawai=pns, jp=8)
    CatatanJPFactory(pegawai=pns, jp=2)
    CatatanJPFactory(pegawai=pppk, jp=3)
    totals = {row["pegawai"]: row["total"] for row in CatatanJP.objects.total_per_pegawai(2027)}
    assert totals == {pns.pk: 10, pppk.pk: 3}


@pytest.mark.parametrize(
    ("bentuk", "internasional", "hari", "jp"),
    [
        ("seminar", False, 2, Decimal(8)),
        ("seminar", True, 1, Decimal(6)),
        ("workshop", False, 2, Decimal(10)),
        ("workshop", True, 1, Decimal(7)),
        ("pelatihan_teknis", False, 5, Decimal(40)),
        ("pelatihan_teknis", True, 5, Decimal(48)),
    ],
)
def test_it_converts_days_to_jp_as_lan_does(bentuk, internasional, hari, jp):
    assert jp_bawaan(bentuk=bentuk, internasional=internasional, hari=hari) == jp


def test_mentoring_rows_count_like_any_verified_record(pns):
    CatatanJPFactory(pegawai=pns, jp=6, sumber=CatatanJP.Sumber.MENTORING, bentuk="mentoring")
    CatatanJPFactory(pegawai=pns, jp=14, sumber=CatatanJP.Sumber.PELATIHAN, bentuk="pelatihan_teknis")
    assert jp_status(pns, 2027).tercapai
