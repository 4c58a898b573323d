from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from akun.models import User
from pegawai.models import (
    Golongan,
    Jabatan,
    Kompetensi,
    Pegawai,
    PenilaianKompetensi,
    StandarKompetensi,
    jpm,
    kategori_jpm,
    riwayat_perubahan,
)
from tests.factories import JabatanFactory, PegawaiFactory, admin_bkpsdm, make_nip

pytestmark = pytest.mark.django_db


def test_gaps_are_required_minus_actual_and_jpm_caps_at_the_standard():
    pegawai = PegawaiFactory()
    m01, m02, m03 = Kompetensi.objects.filter(kode__in=["M.01", "M.02", "M.03"]).order_by("kode")
    for k, level in ((m01, 3), (m02, 3), (m03, 2)):
        StandarKompetensi.objects.create(jabatan=pegawai.jabatan, kompetensi=k, level=level)
    for k, level in ((m01, 2), (m02, 4)):
        PenilaianKompetensi.objects.create(pegawai=pegawai, kompetensi=k, level=level, tanggal=date(2026, 1, 1))
    gaps = pegawai.kesenjangan()
    assert [(g.kompetensi.kode, g.gap) for g in gaps] == [("M.01", 1), ("M.02", -1), ("M.03", None)]
    assert jpm(gaps) == pytest.approx(83.3)
    assert kategori_jpm(jpm(gaps)) == "Cukup optimal"
    assert kategori_jpm(None) == "Belum dinilai"


def test_the_duk_copy_of_the_jenis_follows_the_position():
    jabatan = JabatanFactory(jenis=Jabatan.Jenis.PELAKSANA)
    pegawai = PegawaiFactory(jabatan=jabatan)
    assert pegawai.jenis_jabatan == Jabatan.Jenis.PELAKSANA
    jabatan.jenis = Jabatan.Jenis.FUNGSIONAL
    jabatan.save()
    pegawai.refresh_from_db()
    assert pegawai.jenis_jabatan == Jabatan.Jenis.FUNGSIONAL


def test_duk_order_is_golongan_then_jabatan_then_length_of_service():
    senior = PegawaiFactory(golongan=Golongan.IV_A, nip=make_nip(tmt=(2010, 1)))
    struktural = PegawaiFactory(golongan=Golongan.III_D, jabatan=JabatanFactory(jenis=Jabatan.Jenis.PENGAWAS))
    lama = PegawaiFactory(golongan=Golongan.III_D, nip=make_nip(tmt=(2012, 1)))
    baru = PegawaiFactory(golongan=Golongan.III_D, nip=make_nip(tmt=(2015, 1)))
    assert list(Pegawai.objects.urut_duk()) == [senior, struktural, lama, baru]


def test_a_pppk_golongan_on_a_pns_nip_is_refused():
    pegawai = PegawaiFactory.build(nip=make_nip(), golongan=Golongan.PPPK_IX, unit_kerja=None)
    with pytest.raises(ValidationError) as error:
        pegawai.clean()
    assert "golongan PPPK" in str(error.value)


def test_the_history_reads_old_and_new_values_with_names(client):
    admin = admin_bkpsdm()
    pegawai = PegawaiFactory()
    client.force_login(admin)
    lain = JabatanFactory(nama="Analis Kebijakan Ahli Muda")
    client.post(
        reverse("pegawai:edit", args=[pegawai.pk]),
        {"nama": pegawai.nama, "unit_kerja": pegawai.unit_kerja.pk, "jabatan": lain.pk, "golongan": Golongan.III_B},
    )
    latest = riwayat_perubahan(pegawai)[0]
    assert latest.oleh == str(admin)
    assert ("jabatan", pegawai.jabatan.nama, "Analis Kebijakan Ahli Muda") in latest.rincian
    assert ("golongan", "III/a", "III/b") in latest.rincian


def test_demo_data_gives_most_employees_standards_and_gaps(client):
    call_command("seed_demo", pegawai=80, password="kata-sandi-demo-uji", stdout=None)
    dinilai = Pegawai.objects.filter(penilaian_kompetensi__isnull=False).distinct().count()
    assert dinilai >= 0.7 * Pegawai.objects.count()
    with_gap = [
        p for p in Pegawai.objects.select_related("jabatan")[:40] if any((k.gap or 0) > 0 for k in p.kesenjangan())
    ]
    assert len(with_gap) >= 20
    teknis = StandarKompetensi.objects.filter(kompetensi__jenis="teknis", kompetensi__kode__startswith="T.KES")
    assert teknis.exists()
    client.force_login(User.objects.get(username="bkpsdm"))
    assert {client.get(p.get_absolute_url()).status_code for p in Pegawai.objects.all()} == {200}


def test_an_employee_created_in_bulk_has_an_empty_history_and_a_working_page(client):
    unit = PegawaiFactory().unit_kerja
    pegawai = Pegawai(nip="198609262015051001", nama="Tanpa Riwayat", unit_kerja=unit)
    pegawai.apply_nip()
    Pegawai.objects.bulk_create([pegawai])
    pegawai = Pegawai.objects.get(nama="Tanpa Riwayat")
    assert riwayat_perubahan(pegawai) == []
    client.force_login(admin_bkpsdm())
    assert client.get(pegawai.get_absolute_url()).status_code == 200
