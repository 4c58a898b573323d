"""Naming a direct supervisor grants access, so an Operator names only people they may; the rest goes to BKPSDM."""

import pytest
from django.urls import reverse

from pegawai.impor import SIASN_HEADERS, import_pegawai
from pegawai.models import Jabatan, Pegawai, PermintaanAtasan, UnitKerja
from tests.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, admin_bkpsdm, make_nip, operator_opd

pytestmark = pytest.mark.django_db


@pytest.fixture
def kota():
    setda = UnitKerja.objects.get(kode="SETDA")
    dinkes = UnitKerjaFactory(nama="Dinas Uji Kesehatan")
    puskesmas = UnitKerjaFactory(nama="Puskesmas Uji", parent=dinkes)
    disdik = UnitKerjaFactory(nama="Dinas Uji Pendidikan")
    jpt = JabatanFactory(jenis=Jabatan.Jenis.JPT_PRATAMA)
    sekda = PegawaiFactory(unit_kerja=setda, jabatan=JabatanFactory(jenis=Jabatan.Jenis.JPT_MADYA))
    kepala = PegawaiFactory(unit_kerja=dinkes, jabatan=jpt)
    return {
        "dinkes": dinkes,
        "puskesmas": puskesmas,
        "sekda": sekda,
        "asisten": PegawaiFactory(unit_kerja=setda, jabatan=jpt),
        "kepala": kepala,
        "perawat": PegawaiFactory(unit_kerja=puskesmas, atasan=kepala),
        "guru": PegawaiFactory(unit_kerja=disdik),
        "operator": operator_opd(dinkes),
    }


def edit(client, pegawai, nip_atasan):
    data = {"nama": pegawai.nama, "unit_kerja": pegawai.unit_kerja_id, "nip_atasan": nip_atasan}
    return client.post(reverse("pegawai:edit", args=[pegawai.pk]), data, follow=True)


def test_an_operator_cannot_grant_someone_outside_their_scope_access_by_naming_them_atasan(client, kota):
    client.force_login(kota["operator"])
    response = edit(client, kota["perawat"], kota["guru"].nip)
    assert response.status_code == 200
    kota["perawat"].refresh_from_db()
    assert kota["perawat"].atasan == kota["kepala"]  # unchanged until BKPSDM decides
    permintaan = PermintaanAtasan.objects.get()
    assert (permintaan.pegawai, permintaan.nip_atasan, permintaan.diminta_oleh) == (
        kota["perawat"],
        kota["guru"].nip,
        kota["operator"],
    )
    # The would-be supervisor gains nothing.
    client.force_login(kota["guru"].user)
    assert client.get(reverse("pegawai:detail", args=[kota["perawat"].pk])).status_code == 404


def test_the_answer_does_not_tell_whether_a_nip_exists(client, kota):
    client.force_login(kota["operator"])
    nobody = make_nip(perempuan=True)
    answers = []
    for nip in (kota["guru"].nip, nobody):
        response = edit(client, kota["perawat"], nip)
        text = response.content.decode().replace(nip, "<NIP>")
        messages = [str(m).replace(nip, "<NIP>") for m in response.context["messages"]]
        answers.append((response.status_code, messages, text.count("<NIP>")))
        assert kota["guru"].nama not in response.content.decode()
    assert answers[0] == answers[1]
    assert "dikirim ke BKPSDM" in answers[0][1][0]


def test_an_operator_names_people_in_their_scope_and_the_heads_above_it_directly(client, kota):
    client.force_login(kota["operator"])
    edit(client, kota["perawat"], kota["kepala"].nip_tampil)
    edit(client, kota["kepala"], kota["sekda"].nip)  # a Kepala Dinas reports to the Sekda
    kota["perawat"].refresh_from_db()
    kota["kepala"].refresh_from_db()
    assert kota["perawat"].atasan == kota["kepala"] and kota["kepala"].atasan == kota["sekda"]
    assert not PermintaanAtasan.objects.exists()
    # An Asisten is not the head of the Setda: that choice is BKPSDM's.
    edit(client, kota["kepala"], kota["asisten"].nip)
    kota["kepala"].refresh_from_db()
    assert kota["kepala"].atasan == kota["sekda"] and PermintaanAtasan.objects.count() == 1


def test_a_sub_unit_operator_may_name_the_head_of_the_unit_above(client, kota):
    operator = operator_opd(kota["puskesmas"])
    staf = PegawaiFactory(unit_kerja=kota["puskesmas"])
    client.force_login(operator)
    edit(client, staf, kota["kepala"].nip)
    staf.refresh_from_db()
    assert staf.atasan == kota["kepala"]


def test_a_bad_nip_is_still_a_clear_form_error(client, kota):
    client.force_login(kota["operator"])
    response = edit(client, kota["perawat"], "1.98609E+17")
    assert "nip_atasan" in response.context["form"].errors
    assert not PermintaanAtasan.objects.exists()


def test_bkpsdm_approves_a_request_with_history(client, kota):
    client.force_login(kota["operator"])
    edit(client, kota["perawat"], kota["guru"].nip)
    permintaan = PermintaanAtasan.objects.get()
    bkpsdm = admin_bkpsdm()
    client.force_login(bkpsdm)
    page = client.get(reverse("pegawai:permintaan_atasan")).content.decode()
    assert kota["guru"].nama_lengkap in page  # BKPSDM sees whom the NIP names
    url = reverse("pegawai:permintaan_atasan_decide", args=[permintaan.pk])
    assert client.post(url, {"keputusan": "setujui", "catatan": "Penugasan lintas OPD"}).status_code == 302
    kota["perawat"].refresh_from_db()
    assert kota["perawat"].atasan == kota["guru"]
    latest = kota["perawat"].riwayat.latest()
    assert latest.history_user == bkpsdm and latest.history_change_reason == "Permintaan atasan disetujui BKPSDM"
    permintaan.refresh_from_db()
    assert (permintaan.status, permintaan.diputuskan_oleh) == (PermintaanAtasan.Status.DISETUJUI, bkpsdm)
    # Decided once: a second click finds nothing waiting.
    assert client.post(url, {"keputusan": "tolak"}).status_code == 404


def test_bkpsdm_refuses_a_request_and_nothing_changes(client, kota):
    client.force_login(kota["operator"])
    edit(client, kota["perawat"], make_nip(perempuan=True))
    permintaan = PermintaanAtasan.objects.get()
    client.force_login(admin_bkpsdm())
    page = client.get(reverse("pegawai:permintaan_atasan")).content.decode()
    assert "Tidak ada pegawai dengan NIP ini" in page
    url = reverse("pegawai:permintaan_atasan_decide", args=[permintaan.pk])
    client.post(url, {"keputusan": "tolak", "catatan": "NIP tidak dikenal"})
    permintaan.refresh_from_db()
    kota["perawat"].refresh_from_db()
    assert permintaan.status == PermintaanAtasan.Status.DITOLAK and kota["perawat"].atasan == kota["kepala"]
    # The Operator follows the outcome on the same page.
    client.force_login(kota["operator"])
    selesai = client.get(reverse("pegawai:permintaan_atasan")).content.decode().split("permintaan-selesai")[1]
    assert "Ditolak" in selesai and "NIP tidak dikenal" in selesai


def test_an_approval_that_would_make_a_loop_is_refused_with_a_message(client, kota):
    client.force_login(kota["operator"])
    edit(client, kota["kepala"], kota["perawat"].nip)  # in scope, but the perawat reports to the kepala
    kota["kepala"].refresh_from_db()
    assert kota["kepala"].atasan is None
    permintaan = PermintaanAtasan.objects.create(
        pegawai=kota["kepala"], nip_atasan=kota["perawat"].nip, diminta_oleh=kota["operator"]
    )
    client.force_login(admin_bkpsdm())
    url = reverse("pegawai:permintaan_atasan_decide", args=[permintaan.pk])
    response = client.post(url, {"keputusan": "setujui"}, follow=True)
    assert "bawahan" in " ".join(str(m) for m in response.context["messages"])
    permintaan.refresh_from_db()
    assert permintaan.status == PermintaanAtasan.Status.MENUNGGU


def test_only_bkpsdm_decides_and_requests_stay_in_scope(client, kota):
    client.force_login(kota["operator"])
    edit(client, kota["perawat"], kota["guru"].nip)
    permintaan = PermintaanAtasan.objects.get()
    url = reverse("pegawai:permintaan_atasan_decide", args=[permintaan.pk])
    assert client.post(url, {"keputusan": "setujui"}).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(operator_opd(kota["guru"].unit_kerja))
    assert kota["perawat"].nama_lengkap not in client.get(reverse("pegawai:permintaan_atasan")).content.decode()
    client.force_login(kota["perawat"].user)
    assert client.get(reverse("pegawai:permintaan_atasan")).status_code == 403
    client.force_login(admin_bkpsdm())
    assert client.post(url, {"keputusan": "mungkin"}, follow=True).status_code == 200
    permintaan.refresh_from_db()
    assert permintaan.status == PermintaanAtasan.Status.MENUNGGU


def test_the_import_applies_the_same_rule_without_telling_who_exists(kota):
    def row(atasan_nip):
        values = dict.fromkeys(SIASN_HEADERS, "")
        nip = make_nip()
        values |= {"NIP BARU": nip, "NAMA": "Selfina Mobalen", "UNOR NAMA": kota["dinkes"].nama}
        return [*values.values(), atasan_nip]

    def check(atasan_nip):
        raw = "\n".join([",".join([*SIASN_HEADERS, "NIP ATASAN"]), ",".join(row(atasan_nip))]).encode()
        hasil = import_pegawai(raw=raw, filename="siasn.csv", user=kota["operator"], dry_run=True)
        return [g.replace(atasan_nip, "<NIP>") for g in hasil.galat]

    outside, nobody = check(kota["guru"].nip), check(make_nip(perempuan=True))
    assert outside == nobody and len(outside) == 1 and "ajukan atasan itu ke BKPSDM" in outside[0]
    assert check(kota["kepala"].nip) == [] and check(kota["sekda"].nip) == []
    assert not Pegawai.objects.filter(nama="Selfina Mobalen").exists()
