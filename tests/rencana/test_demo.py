import pytest
from django.core.management import call_command
from django.db.models import Count

from akun.models import User
from rencana.models import RencanaPengembangan, RencanaTahunan, RiwayatStatus

S = RencanaPengembangan.Status
pytestmark = pytest.mark.django_db


def test_seed_demo_fills_next_years_plans_in_every_state_once():
    call_command("seed_demo", pegawai=150, password="kata-sandi-demo-uji")
    counts = dict(RencanaPengembangan.objects.values_list("status").annotate(n=Count("pk")))
    total = sum(counts.values())
    assert set(counts) == set(S.values)
    assert counts[S.DIVERIFIKASI] > total / 2 and total > 150 * 0.7
    atasan = User.objects.get(username="atasan").profil_pegawai
    assert RencanaPengembangan.objects.antrean_atasan(atasan).exists()
    assert RencanaPengembangan.objects.get(pegawai__user__username="pegawai").status == S.DRAF
    assert RencanaTahunan.objects.get().kepala_nip
    assert not RencanaPengembangan.objects.filter(item__isnull=True).exists()
    riwayat = RiwayatStatus.objects.count()

    call_command("seed_demo", pegawai=150, password="kata-sandi-demo-uji")
    assert RencanaPengembangan.objects.count() == total and RiwayatStatus.objects.count() == riwayat
