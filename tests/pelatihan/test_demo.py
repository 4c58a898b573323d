import pytest
from django.core.management import call_command
from django.utils import timezone

from pelatihan.models import CatatanJP, Mitra, Pelatihan, Peserta, UmpanBalik

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_catalog_once():
    call_command("seed_demo", pegawai=80, password="kata-sandi-demo-uji")
    counts = [Mitra.objects.count(), Pelatihan.objects.count(), Peserta.objects.count(), CatatanJP.objects.count()]
    assert counts[1] >= 40 and counts[2] > 0 and UmpanBalik.objects.count() > 0
    assert Pelatihan.objects.perlu_ditinjau().count() == 1
    menunggu = Peserta.objects.menunggu_umpan_balik(timezone.localdate()).filter(pegawai__user__username="pegawai")
    assert menunggu.count() == 1
    assert CatatanJP.objects.menunggu_verifikasi().exists()
    call_command("seed_demo", pegawai=80, password="kata-sandi-demo-uji")
    assert counts == [
        Mitra.objects.count(),
        Pelatihan.objects.count(),
        Peserta.objects.count(),
        CatatanJP.objects.count(),
    ]
