import pytest
from django.core.management import call_command

from akun.models import User
from pegawai.models import Pegawai

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_role_accounts_and_is_idempotent(capsys):
    call_command("seed_demo", pegawai=120, password="kata-sandi-demo-uji")
    first = Pegawai.objects.count()
    call_command("seed_demo", pegawai=120, password="kata-sandi-demo-uji")
    assert Pegawai.objects.count() == first == 120
    out = capsys.readouterr().out
    assert "kata-sandi-demo-uji" in out
    atasan = User.objects.get(username="atasan")
    assert atasan.is_atasan
    assert User.objects.get(username="pegawai").profil_pegawai.atasan == atasan.profil_pegawai
    assert User.objects.get(username="bkpsdm").is_admin_bkpsdm
    operator = User.objects.get(username="operator")
    assert operator.is_operator_opd and operator.unit_kerja.kode == "DINKES"
    assert User.objects.get(username="pimpinan").is_pimpinan
    # Every demo employee can log in with their NIP.
    assert Pegawai.objects.filter(user__isnull=True).count() == 0
    assert all(p.jenis_asn in ("PNS", "PPPK") for p in Pegawai.objects.all())
    assert Pegawai.objects.filter(jenis_asn="PPPK").exists()


def test_if_empty_leaves_an_existing_database_alone(capsys):
    call_command("seed_demo", pegawai=60, password="kata-sandi-demo-uji")
    call_command("seed_demo", pegawai=200, if_empty=True)
    assert Pegawai.objects.count() == 60
    assert "tidak ditambahkan" in capsys.readouterr().out
