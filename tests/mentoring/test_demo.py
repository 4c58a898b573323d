import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from akun.models import User
from mentoring.models import PasanganMentoring, SesiMentoring, is_senior
from pelatihan.models import CatatanJP

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_about_60_pairs_in_every_state_and_is_idempotent():
    call_command("seed_demo", pegawai=200, password="kata-sandi-demo-uji")
    counts = dict(PasanganMentoring.objects.values_list("status").annotate(n=Count("pk")))
    sesi = SesiMentoring.objects.count()

    call_command("seed_demo", pegawai=200, password="kata-sandi-demo-uji")

    assert set(counts) == set(PasanganMentoring.Status.values)
    assert 50 <= sum(counts.values()) <= 60
    assert SesiMentoring.objects.count() == sesi
    assert PasanganMentoring.objects.tanpa_sesi(today=timezone.localdate()).exists()
    pairs = PasanganMentoring.objects.select_related("mentor", "mentee")
    assert all(is_senior(p.mentor, p.mentee) and p.mentor_id != p.mentee_id for p in pairs)
    # Every confirmed session credited its JP to the mentee's ledger, and nothing else did.
    confirmed = SesiMentoring.objects.filter(dikonfirmasi_pada__isnull=False)
    assert confirmed.filter(catatan_jp__isnull=True).count() == 0
    assert CatatanJP.objects.filter(sumber="mentoring").count() == confirmed.count()
    assert CatatanJP.objects.filter(sumber="mentoring").aggregate(Sum("jp"))["jp__sum"] > 0


def test_the_demo_pegawai_has_a_session_waiting_for_their_confirmation():
    call_command("seed_demo", pegawai=120, password="kata-sandi-demo-uji")
    pegawai = User.objects.get(username="pegawai").profil_pegawai

    pasangan = PasanganMentoring.objects.get(mentee=pegawai)

    assert pasangan.status == PasanganMentoring.Status.AKTIF
    assert pasangan.sesi.filter(dikonfirmasi_pada__isnull=False).exists()
    assert list(SesiMentoring.objects.menunggu_konfirmasi(pegawai)) == [pasangan.sesi.first()]
