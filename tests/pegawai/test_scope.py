import pytest

from pegawai.models import Pegawai, UnitKerja
from tests.factories import PegawaiFactory, UnitKerjaFactory, admin_bkpsdm, operator_opd, pimpinan

pytestmark = pytest.mark.django_db


@pytest.fixture
def kota():
    dinkes = UnitKerjaFactory(kode="X-DINKES")
    puskesmas = UnitKerjaFactory(kode="X-PKM", parent=dinkes)
    disdik = UnitKerjaFactory(kode="X-DISDIK")
    kepala = PegawaiFactory(unit_kerja=dinkes)
    perawat = PegawaiFactory(unit_kerja=puskesmas, atasan=kepala)
    guru = PegawaiFactory(unit_kerja=disdik)
    return {
        "dinkes": dinkes,
        "puskesmas": puskesmas,
        "disdik": disdik,
        "kepala": kepala,
        "perawat": perawat,
        "guru": guru,
    }


def visible(user):
    return set(Pegawai.objects.visible_to(user))


def test_operator_sees_their_opd_and_its_sub_units_only(kota):
    operator = operator_opd(kota["dinkes"])
    assert visible(operator) == {kota["kepala"], kota["perawat"]}


def test_operator_of_a_sub_unit_does_not_see_the_parent(kota):
    assert visible(operator_opd(kota["puskesmas"])) == {kota["perawat"]}


def test_admin_and_pimpinan_see_everyone(kota):
    assert visible(admin_bkpsdm()) == set(Pegawai.objects.all())
    assert visible(pimpinan()) == set(Pegawai.objects.all())


def test_atasan_sees_self_and_direct_subordinates(kota):
    assert visible(kota["kepala"].user) == {kota["kepala"], kota["perawat"]}


def test_employee_sees_only_self(kota):
    assert visible(kota["guru"].user) == {kota["guru"]}


def test_only_bkpsdm_and_the_operator_may_edit(kota):
    assert set(Pegawai.objects.editable_by(kota["kepala"].user)) == set()
    assert set(Pegawai.objects.editable_by(operator_opd(kota["disdik"]))) == {kota["guru"]}
    assert set(Pegawai.objects.editable_by(pimpinan())) == set()


def test_inactive_accounts_see_nothing(kota):
    user = kota["guru"].user
    user.is_active = False
    assert visible(user) == set()


def test_moving_a_unit_moves_its_subtree(kota):
    kota["dinkes"].parent = kota["disdik"]
    kota["dinkes"].save()
    puskesmas = UnitKerja.objects.get(pk=kota["puskesmas"].pk)
    assert puskesmas.path.startswith(kota["disdik"].path)
    assert set(UnitKerja.objects.subtree(kota["disdik"])) == {kota["disdik"], kota["dinkes"], puskesmas}


def test_the_opd_tree_of_kota_sorong_is_loaded():
    assert UnitKerja.objects.filter(parent__isnull=True).count() >= 45
    bkpsdm = UnitKerja.objects.get(kode="BKPSDM")
    assert UnitKerja.objects.subtree(bkpsdm).count() == 6
