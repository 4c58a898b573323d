import pytest

from tests.factories import (
    ItemRencanaFactory,
    PegawaiFactory,
    RencanaFactory,
    TahunRencanaFactory,
    UnitKerjaFactory,
    admin_bkpsdm,
    operator_opd,
    pimpinan,
)


@pytest.fixture
def tahun(db):
    return TahunRencanaFactory(tahun=2027)


@pytest.fixture
def unit(db):
    return UnitKerjaFactory(nama="Dinas Kesehatan")


@pytest.fixture
def atasan(unit):
    return PegawaiFactory(unit_kerja=unit, nama="Yosina Atasan")


@pytest.fixture
def owner(atasan):
    """The plan's owner, a direct subordinate of `atasan`."""
    return PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan, nama="Elisabeth Pemilik")


@pytest.fixture
def colleague(atasan):
    return PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan, nama="Markus Rekan")


@pytest.fixture
def outsider(db):
    return PegawaiFactory(unit_kerja=UnitKerjaFactory(nama="Dinas Lain"), nama="Obed Luar")


@pytest.fixture
def admin(db):
    return admin_bkpsdm(nama="Admin BKPSDM")


@pytest.fixture
def operator(unit):
    return operator_opd(unit, nama="Operator Dinkes")


@pytest.fixture
def pimpinan_user(db):
    return pimpinan()


@pytest.fixture
def rencana(owner, tahun):
    rencana = RencanaFactory(pegawai=owner, tahun=tahun)
    ItemRencanaFactory(rencana=rencana, jp=12)
    ItemRencanaFactory(rencana=rencana, jp=10, biaya=2_000_000, triwulan=3)
    return rencana
