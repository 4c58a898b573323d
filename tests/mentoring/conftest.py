from datetime import timedelta

import pytest
from django.utils import timezone

from pegawai.models import Golongan
from tests.factories import PegawaiFactory, UnitKerjaFactory, admin_bkpsdm, operator_opd


@pytest.fixture
def unit():
    return UnitKerjaFactory()


@pytest.fixture
def unit_lain():
    return UnitKerjaFactory()


@pytest.fixture
def mentor(unit):
    return PegawaiFactory(unit_kerja=unit, golongan=Golongan.IV_A)


@pytest.fixture
def mentee(unit):
    """A new employee (appointed three months ago) in the same unit."""
    return PegawaiFactory(
        unit_kerja=unit, golongan=Golongan.III_A, tmt_pengangkatan=timezone.localdate() - timedelta(days=90)
    )


@pytest.fixture
def outsider(unit_lain):
    return PegawaiFactory(unit_kerja=unit_lain, golongan=Golongan.IV_B)


@pytest.fixture
def admin():
    return admin_bkpsdm()


@pytest.fixture
def operator(unit):
    return operator_opd(unit)


@pytest.fixture
def operator_lain(unit_lain):
    return operator_opd(unit_lain)


@pytest.fixture
def rencana():
    today = timezone.localdate()
    return {"tanggal_mulai": today, "tanggal_selesai": today + timedelta(days=180)}
