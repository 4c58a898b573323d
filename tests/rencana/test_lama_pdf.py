import pytest
from django.urls import reverse
from django.utils import timezone

from rencana.models import DokumenRencana

pytestmark = pytest.mark.django_db


def selesai(tahun, admin, detik, unit=None):
    return DokumenRencana.objects.create(
        tahun=tahun,
        unit_kerja=unit,
        diminta_oleh=admin,
        status=DokumenRencana.Status.SELESAI,
        durasi_detik=detik,
        selesai=timezone.now(),
    )


def test_before_any_render_the_page_quotes_the_measured_time(client, admin, tahun):
    client.force_login(admin)
    page = client.get(reverse("rencana:tahunan", args=[2027])).content.decode()
    assert "Untuk seluruh kota (± 6.000 pegawai) biasanya selesai dalam 1–2 menit." in page


def test_the_page_tells_the_median_of_the_last_renders_of_the_same_scope(client, admin, tahun, unit):
    for detik in (40.0, 52.4, 75.0):
        selesai(tahun, admin, detik)
    selesai(tahun, admin, 3.0, unit=unit)  # an OPD's document says nothing about the city's
    DokumenRencana.objects.create(tahun=tahun, diminta_oleh=admin, status=DokumenRencana.Status.GAGAL, durasi_detik=1)
    client.force_login(admin)
    page = client.get(reverse("rencana:tahunan", args=[2027])).content.decode()
    assert "Untuk seluruh kota biasanya selesai dalam ± 52 detik." in page
