"""Two people acting on one plan at the same moment: exactly one transition, the other told why."""

import threading

import pytest
from django.db import connection

from rencana import services
from rencana.models import RencanaPengembangan, RiwayatStatus
from tests.factories import ItemRencanaFactory, PegawaiFactory, RencanaFactory, TahunRencanaFactory, admin_bkpsdm

S = RencanaPengembangan.Status
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="Row locks need PostgreSQL (CI sets DATABASE_URL to PostgreSQL)."
    ),
]


def _race(*actions):
    """Run the actions in threads released together; return what each raised (or None)."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            action()
        except services.TransisiGagal as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def submitted():
    atasan = PegawaiFactory()
    rencana = RencanaFactory(
        pegawai=PegawaiFactory(atasan=atasan, unit_kerja=atasan.unit_kerja), tahun=TahunRencanaFactory()
    )
    ItemRencanaFactory(rencana=rencana)
    RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DIAJUKAN)
    return rencana, atasan


def _fresh(pk):
    return RencanaPengembangan.objects.select_related("pegawai", "tahun").get(pk=pk)


def test_two_approvals_at_once_give_one_transition(submitted):
    rencana, atasan = submitted
    first, second = _fresh(rencana.pk), _fresh(rencana.pk)
    outcomes = _race(
        lambda: services.approve_rencana(rencana=first, by=atasan.user),
        lambda: services.approve_rencana(rencana=second, by=atasan.user),
    )
    assert sorted(o is None for o in outcomes) == [False, True]
    refused = next(o for o in outcomes if o is not None)
    assert "sudah berstatus" in str(refused)
    assert RiwayatStatus.objects.filter(rencana=rencana, ke=S.DISETUJUI).count() == 1
    assert _fresh(rencana.pk).versi == 2


def test_approve_and_return_at_once_give_one_transition(submitted):
    rencana, atasan = submitted
    first, second = _fresh(rencana.pk), _fresh(rencana.pk)
    _race(
        lambda: services.approve_rencana(rencana=first, by=atasan.user),
        lambda: services.return_rencana(rencana=second, by=atasan.user, catatan="Kurang JP"),
    )
    assert RiwayatStatus.objects.filter(rencana=rencana).count() == 1
    assert _fresh(rencana.pk).status in (S.DISETUJUI, S.DIKEMBALIKAN)


def test_bulk_and_single_approval_at_once_give_one_transition(submitted):
    rencana, atasan = submitted
    single = _fresh(rencana.pk)
    _race(
        lambda: services.approve_many(ids=[rencana.pk], by=atasan.user),
        lambda: services.approve_rencana(rencana=single, by=atasan.user),
    )
    assert RiwayatStatus.objects.filter(rencana=rencana, ke=S.DISETUJUI).count() == 1


def test_two_admins_verifying_at_once_give_one_transition(submitted):
    rencana, _ = submitted
    RencanaPengembangan.objects.filter(pk=rencana.pk).update(status=S.DISETUJUI)
    one, two = admin_bkpsdm(), admin_bkpsdm()
    _race(
        lambda: services.verify_many(ids=[rencana.pk], by=one),
        lambda: services.verify_many(ids=[rencana.pk], by=two),
    )
    assert RiwayatStatus.objects.filter(rencana=rencana, ke=S.DIVERIFIKASI).count() == 1
