"""The workflow matrix: every role × state × action is either allowed (one transition) or refused."""

import pytest
from django.urls import reverse

from rencana import services
from rencana.models import RencanaPengembangan, RiwayatStatus
from tests.factories import ItemRencanaFactory, PegawaiFactory, RencanaFactory, admin_bkpsdm

S = RencanaPengembangan.Status
ROLES = ["owner", "colleague", "atasan", "outsider", "admin", "operator", "pimpinan"]
ACTIONS = ["ajukan", "setujui", "kembalikan", "verifikasi", "ubah"]
# (role, state, action) → state after; everything not listed is refused.
ALLOWED = {
    ("owner", S.DRAF, "ajukan"): S.DIAJUKAN,
    ("owner", S.DIKEMBALIKAN, "ajukan"): S.DIAJUKAN,
    ("owner", S.DRAF, "ubah"): S.DRAF,
    ("owner", S.DIKEMBALIKAN, "ubah"): S.DIKEMBALIKAN,
    ("atasan", S.DIAJUKAN, "setujui"): S.DISETUJUI,
    ("atasan", S.DIAJUKAN, "kembalikan"): S.DIKEMBALIKAN,
    ("admin", S.DISETUJUI, "verifikasi"): S.DIVERIFIKASI,
    ("admin", S.DISETUJUI, "kembalikan"): S.DIKEMBALIKAN,
}


@pytest.fixture
def users(owner, colleague, atasan, outsider, admin, operator, pimpinan_user):
    return {
        "owner": owner.user,
        "colleague": colleague.user,
        "atasan": atasan.user,
        "outsider": outsider.user,
        "admin": admin,
        "operator": operator,
        "pimpinan": pimpinan_user,
    }


def _post(client, rencana, action):
    if action == "ubah":
        data = {
            "versi": rencana.versi,
            "item-TOTAL_FORMS": "1",
            "item-INITIAL_FORMS": "0",
            "item-0-kompetensi": rencana.item.first().kompetensi_id,
            "item-0-bentuk": "seminar",
            "item-0-jp": "4",
            "item-0-biaya": "0",
            "item-0-triwulan": "1",
            "item-0-prioritas": "2",
        }
        return client.post(reverse("rencana:edit", args=[rencana.pk]), data)
    return client.post(
        reverse("rencana:aksi", args=[rencana.pk, action]), {"versi": rencana.versi, "catatan": "Mohon diperbaiki."}
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("role", ROLES)
def test_it_allows_exactly_the_matrix(client, users, rencana, role, state, action):
    RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=state)
    rencana.refresh_from_db()
    client.force_login(users[role])
    response = _post(client, rencana, action)
    rencana.refresh_from_db()
    expected = ALLOWED.get((role, state, action))
    if expected is None:
        assert response.status_code in (403, 404), (role, state, action)
        assert rencana.status == state
        assert not RiwayatStatus.objects.filter(rencana=rencana).exists()
    else:
        assert response.status_code == 302, (role, state, action)
        assert rencana.status == expected
        if action != "ubah":
            assert RiwayatStatus.objects.get(rencana=rencana).ke == expected


def test_it_records_who_when_from_to_and_note(client, rencana, atasan):
    RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIAJUKAN)
    client.force_login(atasan.user)
    client.post(reverse("rencana:aksi", args=[rencana.pk, "kembalikan"]), {"versi": 1, "catatan": "JP kurang."})
    riwayat = RiwayatStatus.objects.get(rencana=rencana)
    assert (riwayat.dari, riwayat.ke, riwayat.oleh, riwayat.catatan) == (
        S.DIAJUKAN,
        S.DIKEMBALIKAN,
        atasan.user,
        "JP kurang.",
    )
    assert riwayat.waktu is not None
    response = client.get(rencana.get_absolute_url())
    assert "JP kurang." in response.content.decode()


def test_it_refuses_a_return_without_a_note(client, rencana, atasan):
    RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIAJUKAN)
    client.force_login(atasan.user)
    response = client.post(
        reverse("rencana:aksi", args=[rencana.pk, "kembalikan"]), {"versi": 1, "catatan": "  "}, follow=True
    )
    assert "Catatan wajib diisi" in response.content.decode()
    rencana.refresh_from_db()
    assert rencana.status == S.DIAJUKAN


def test_it_records_the_approver_in_penyetuju(rencana, atasan):
    services.submit_rencana(rencana=rencana, by=rencana.pegawai.user)
    services.approve_rencana(rencana=rencana, by=atasan.user)
    assert rencana.status == S.DISETUJUI and rencana.penyetuju == atasan


def test_an_employee_without_atasan_goes_straight_to_verification(tahun, admin):
    kepala = PegawaiFactory()
    rencana = RencanaFactory(pegawai=kepala, tahun=tahun)
    ItemRencanaFactory(rencana=rencana)
    services.submit_rencana(rencana=rencana, by=kepala.user)
    assert rencana.status == S.DISETUJUI and rencana.penyetuju is None
    assert "langsung ke verifikasi" in rencana.riwayat_status.last().catatan
    services.verify_rencana(rencana=rencana, by=admin)
    assert rencana.status == S.DIVERIFIKASI


def test_nobody_verifies_their_own_plan(tahun):
    admin = admin_bkpsdm()
    pegawai = PegawaiFactory(user=admin)
    rencana = RencanaFactory(pegawai=pegawai, tahun=tahun, status=S.DISETUJUI)
    assert not rencana.can_verify(admin)
    assert services.verify_many(ids=[rencana.pk], by=admin) == 0


def test_an_empty_plan_cannot_be_submitted(client, owner, tahun):
    rencana = RencanaFactory(pegawai=owner, tahun=tahun)
    client.force_login(owner.user)
    response = client.post(reverse("rencana:aksi", args=[rencana.pk, "ajukan"]), {"versi": 1}, follow=True)
    assert "belum berisi kegiatan" in response.content.decode()
    rencana.refresh_from_db()
    assert rencana.status == S.DRAF


def test_a_second_approval_gets_a_clear_message_not_an_error(client, rencana, atasan):
    RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIAJUKAN)
    client.force_login(atasan.user)
    stale = RencanaPengembangan.objects.get(pk=rencana.pk)
    services.approve_rencana(rencana=RencanaPengembangan.objects.get(pk=rencana.pk), by=atasan.user)
    with pytest.raises(services.TransisiGagal, match="sudah berstatus"):
        # The stale object still says "diajukan", as in a second browser tab.
        services._move(rencana=stale, dari=(S.DIAJUKAN,), ke=S.DISETUJUI, by=atasan.user)
    response = client.post(reverse("rencana:aksi", args=[rencana.pk, "setujui"]), {"versi": 1}, follow=True)
    assert response.status_code == 200
    assert "sudah berstatus \u201cDisetujui atasan\u201d oleh" in response.content.decode()
    assert RiwayatStatus.objects.filter(rencana=rencana, ke=S.DISETUJUI).count() == 1


def test_a_stale_version_is_refused_on_a_transition(client, rencana, owner):
    client.force_login(owner.user)
    response = client.post(reverse("rencana:aksi", args=[rencana.pk, "ajukan"]), {"versi": 99}, follow=True)
    assert "sudah berstatus" in response.content.decode()
    rencana.refresh_from_db()
    assert rencana.status == S.DRAF


class TestReassignment:
    def test_a_new_atasan_inherits_pending_plans(self, client, rencana, atasan, unit):
        services.submit_rencana(rencana=rencana, by=rencana.pegawai.user)
        baru = PegawaiFactory(unit_kerja=unit, nama="Atasan Baru")
        owner = rencana.pegawai
        owner.atasan = baru
        owner.save()

        client.force_login(atasan.user)
        assert rencana.pegawai.nama not in client.get(reverse("rencana:antrean")).content.decode()
        assert client.post(reverse("rencana:aksi", args=[rencana.pk, "setujui"]), {"versi": 2}).status_code == 404
        assert services.approve_many(ids=[rencana.pk], by=atasan.user) == 0

        client.force_login(baru.user)
        assert rencana.pegawai.nama in client.get(reverse("rencana:antrean")).content.decode()
        client.post(reverse("rencana:aksi", args=[rencana.pk, "setujui"]), {"versi": 2})
        rencana.refresh_from_db()
        assert rencana.status == S.DISETUJUI and rencana.penyetuju == baru


def test_an_unknown_action_is_404(client, rencana):
    client.force_login(rencana.pegawai.user)
    assert client.post(reverse("rencana:aksi", args=[rencana.pk, "hapus"]), {"versi": 1}).status_code == 404
