from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from akun.models import SesiLogin
from evaluasi.models import Pengingat
from pegawai.models import ImporPegawai
from privasi import services
from rencana.models import DokumenRencana
from tests.factories import PegawaiFactory, TahunRencanaFactory, UnitKerjaFactory, UserFactory, admin_bkpsdm

pytestmark = pytest.mark.django_db

OLD = datetime(2025, 1, 15, 9, tzinfo=timezone.get_fixed_timezone(9 * 60))
NOW = datetime(2027, 3, 1, 9, tzinfo=timezone.get_fixed_timezone(9 * 60))


def _pengingat(user, status, periode):
    return Pengingat.objects.create(
        jenis=Pengingat.Jenis.UMPAN_BALIK,
        objek_id=1,
        penerima=user,
        periode=periode,
        judul="t",
        pesan="p",
        status=status,
    )


def test_settled_reminders_go_after_their_period_and_pending_ones_stay(time_machine):
    user = UserFactory()
    time_machine.move_to(OLD, tick=False)
    sent = _pengingat(user, Pengingat.Status.SENT, "a")
    pending = _pengingat(user, Pengingat.Status.PENDING, "b")
    time_machine.move_to(NOW - timedelta(days=30), tick=False)
    recent = _pengingat(user, Pengingat.Status.SENT, "c")
    assert services.prune_pengingat(now=NOW) == 1
    assert set(Pengingat.objects.values_list("pk", flat=True)) == {pending.pk, recent.pk}
    assert not Pengingat.objects.filter(pk=sent.pk).exists()


def test_ended_import_jobs_go_with_their_files(time_machine):
    user = admin_bkpsdm()
    jobs = {}
    time_machine.move_to(OLD, tick=False)
    for status in ("selesai", "gagal", "siap", "menulis"):
        jobs[status] = ImporPegawai.objects.create(diunggah_oleh=user, nama_file=f"{status}.xlsx", status=status)
        jobs[status].path.parent.mkdir(parents=True, exist_ok=True)
        jobs[status].path.write_bytes(b"PK data pribadi")
    time_machine.move_to(NOW - timedelta(days=2), tick=False)
    fresh = ImporPegawai.objects.create(diunggah_oleh=user, nama_file="baru.xlsx", status="selesai")
    assert services.prune_impor(now=NOW) == 3
    assert set(ImporPegawai.objects.values_list("pk", flat=True)) == {jobs["menulis"].pk, fresh.pk}
    assert not jobs["siap"].path.exists()
    assert jobs["menulis"].path.exists()  # a running job is the sweeper's, not retention's


def test_superseded_pdfs_go_and_the_newest_per_year_and_unit_stays(time_machine):
    tahun, admin, unit = TahunRencanaFactory(tahun=2025), admin_bkpsdm(), UnitKerjaFactory()

    def dokumen(status="selesai", unit_kerja=None):
        return DokumenRencana.objects.create(
            tahun=tahun,
            unit_kerja=unit_kerja,
            status=status,
            diminta_oleh=admin,
            berkas=ContentFile(b"%PDF-1.4", name="rencana.pdf") if status == "selesai" else "",
        )

    time_machine.move_to(OLD, tick=False)
    superseded, failed, only_for_unit = dokumen(), dokumen("gagal"), dokumen(unit_kerja=unit)
    time_machine.move_to(OLD + timedelta(days=1), tick=False)
    newest_old = dokumen()
    assert services.prune_pdf(now=NOW) == 2
    assert set(DokumenRencana.objects.values_list("pk", flat=True)) == {newest_old.pk, only_for_unit.pk}
    assert not default_storage.exists(superseded.berkas.name)
    assert default_storage.exists(newest_old.berkas.name)
    assert failed.pk not in DokumenRencana.objects.values_list("pk", flat=True)


def test_expired_sessions_and_their_list_rows_go(client, time_machine):
    time_machine.move_to(OLD, tick=False)
    client.force_login(PegawaiFactory().user)
    assert Session.objects.count() == 1 and SesiLogin.objects.count() == 1
    time_machine.move_to(OLD + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False)
    services.prune_sesi(now=timezone.now())
    assert not Session.objects.exists() and not SesiLogin.objects.exists()


def test_the_daily_task_is_scheduled_and_safe_to_run_twice(capsys):
    entry = settings.CELERY_BEAT_SCHEDULE["privasi-retensi"]
    assert entry["task"] == "privasi.tasks.prune_retensi_task"
    call_command("prune_retensi")
    call_command("prune_retensi")
    assert capsys.readouterr().out.count("dihapus") == 2
