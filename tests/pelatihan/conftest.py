from datetime import date

import pytest

from pelatihan.models import Pelatihan
from tests.factories import PegawaiFactory, PelatihanFactory, UnitKerjaFactory, admin_bkpsdm, operator_opd


@pytest.fixture
def kota(db):
    """Owner and colleague in one OPD, an outsider in another, their operator and BKPSDM."""
    dinkes, disdik = UnitKerjaFactory(kode="T-DINKES"), UnitKerjaFactory(kode="T-DISDIK")
    return {
        "dinkes": dinkes,
        "disdik": disdik,
        "owner": PegawaiFactory(unit_kerja=dinkes),
        "colleague": PegawaiFactory(unit_kerja=dinkes),
        "outsider": PegawaiFactory(unit_kerja=disdik),
        "operator": operator_opd(dinkes),
        "admin": admin_bkpsdm(),
    }


@pytest.fixture
def pelatihan(db):
    return PelatihanFactory(
        kuota=2,
        status=Pelatihan.Status.PENDAFTARAN,
        tanggal_mulai=date(2027, 3, 1),
        tanggal_selesai=date(2027, 3, 5),
    )
