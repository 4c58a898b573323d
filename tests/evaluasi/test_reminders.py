import io
import threading
from datetime import UTC, date, datetime, timedelta
from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from evaluasi import services
from evaluasi.models import EvaluasiProgres, Pengingat
from mentoring.models import PasanganMentoring, SesiMentoring
from pegawai.models import Pegawai
from tests.factories import (
    PegawaiFactory,
    SiklusFactory,
    UserFactory,
    admin_bkpsdm,
    peserta_lulus,
    rencana,
    umpan_balik,
)

pytestmark = pytest.mark.django_db
J = Pengingat.Jenis


def at(day: date, hour=9):
    """An aware moment on `day` in Sorong's time zone (Asia/Jayapura, UTC+9)."""
    return datetime(day.year, day.month, day.day, hour - 9, tzinfo=UTC)


def run(day: date):
    return services.send_reminders(now=at(day))


def kinds():
    return sorted(Pengingat.objects.values_list("jenis", "penerima__username"))


class FailingBackend:
    """An SMTP server that refuses every message (a real exception from smtplib)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


FAILING_MAILERS = {"default": {"BACKEND": "tests.evaluasi.test_reminders.FailingBackend"}}


def test_it_reminds_the_atasan_of_a_submitted_plan_and_the_employee_of_a_returned_one(bawahan, rekan, atasan):
    rencana(bawahan, status="diajukan")
    rencana(rekan, status="dikembalikan")
    hasil = run(date(2027, 2, 1))
    assert kinds() == sorted(
        [(J.RENCANA_MENUNGGU_PERSETUJUAN, atasan.user.username), (J.RENCANA_DIKEMBALIKAN, rekan.nip)]
    )
    assert hasil.terkirim == 2
    assert {m.to[0] for m in mail.outbox} == {"atasan@example.go.id", "rekan@example.go.id"}
    assert "[Sorong ASN]" in mail.outbox[0].subject


def test_it_sends_each_reminder_once_when_run_twice(bawahan, atasan):
    rencana(bawahan, status="diajukan")
    first = run(date(2027, 2, 1))
    second = run(date(2027, 2, 1))
    assert (first.terkirim, second.terkirim) == (1, 0)
    assert second.dilewati == 1
    assert len(mail.outbox) == 1
    assert Pengingat.objects.get().status == Pengingat.Status.SENT


def test_it_reminds_a_resubmitted_plan_again_because_its_version_changed(bawahan):
    plan = rencana(bawahan, status="diajukan")
    run(date(2027, 2, 1))
    plan.versi += 1
    plan.save()
    run(date(2027, 2, 2))
    assert Pengingat.objects.filter(jenis=J.RENCANA_MENUNGGU_PERSETUJUAN).count() == 2


def test_it_sends_one_weekly_verification_summary_per_admin(bawahan, rekan):
    admin = admin_bkpsdm(email="admin@bkpsdm.go.id")
    rencana(bawahan, status="disetujui")
    rencana(rekan, status="disetujui")
    run(date(2027, 2, 15))
    run(date(2027, 2, 16))  # same ISO week: nothing new
    row = Pengingat.objects.get(jenis=J.RENCANA_MENUNGGU_VERIFIKASI)
    assert row.penerima == admin
    assert row.judul.startswith("2 rencana 2027")
    run(date(2027, 2, 22))  # next week: reminded again
    assert Pengingat.objects.filter(jenis=J.RENCANA_MENUNGGU_VERIFIKASI).count() == 2


def test_it_sends_nothing_to_inactive_employees_or_accounts(bawahan, rekan, atasan):
    rencana(bawahan, status="dikembalikan")
    rencana(rekan, status="dikembalikan")
    Pegawai.objects.filter(pk=bawahan.pk).update(status=Pegawai.Status.PENSIUN)
    rekan.user.is_active = False
    rekan.user.save()
    run(date(2027, 2, 1))
    assert not Pengingat.objects.exists()
    assert mail.outbox == []


def test_it_keeps_a_reminder_in_app_only_when_there_is_no_email_address(atasan):
    tanpa_email = PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan)
    rencana(tanpa_email, status="dikembalikan")
    hasil = run(date(2027, 2, 1))
    assert (hasil.terkirim, hasil.dilewati) == (0, 1)
    assert Pengingat.objects.get().status == Pengingat.Status.NO_EMAIL


class TestEvaluationDeadlines:
    @pytest.fixture
    def evaluasi(self, bawahan):
        siklus = SiklusFactory()  # opens 1 June, self-assessment by 30 June, Atasan by 15 July
        rencana(bawahan)
        services.open_siklus(siklus=siklus)
        return EvaluasiProgres.objects.get()

    def test_it_says_nothing_before_the_reminder_window(self, evaluasi):
        with time_machine.travel(at(date(2027, 6, 22)), tick=False):
            call_command("send_reminders", stdout=io.StringIO())
        assert not Pengingat.objects.exists()

    def test_it_reminds_a_week_before_the_deadline_then_again_when_overdue(self, evaluasi, bawahan):
        with time_machine.travel(at(date(2027, 6, 23)), tick=False):
            services.send_reminders(now=timezone.now())
        assert kinds() == [(J.EVALUASI_JATUH_TEMPO, bawahan.nip)]
        with time_machine.travel(at(date(2027, 6, 30)), tick=False):
            services.send_reminders(now=timezone.now())
        assert Pengingat.objects.count() == 1
        with time_machine.travel(at(date(2027, 7, 1)), tick=False):
            services.send_reminders(now=timezone.now())
        assert kinds() == sorted([(J.EVALUASI_JATUH_TEMPO, bawahan.nip), (J.EVALUASI_TERLAMBAT, bawahan.nip)])
        assert len(mail.outbox) == 2

    def test_it_reminds_the_atasan_after_the_self_assessment_and_when_late(self, evaluasi, atasan):
        services.submit_penilaian_diri(evaluasi=evaluasi, item_selesai=1, hambatan="", today=date(2027, 6, 10))
        run(date(2027, 7, 16))
        assert kinds() == sorted([(J.EVALUASI_PERLU_DINILAI, atasan.nip), (J.EVALUASI_TERLAMBAT, atasan.nip)])


def test_it_asks_the_atasan_for_a_level_3_evaluation_three_months_after_the_training(bawahan, atasan):
    peserta_lulus(bawahan, selesai=date(2027, 3, 5))
    run(date(2027, 6, 4))
    assert not Pengingat.objects.exists()
    run(date(2027, 6, 5))
    assert kinds() == [(J.EVALUASI_L3, atasan.nip)]


def test_it_asks_for_level_1_feedback_until_it_is_given(bawahan, rekan):
    tanpa = peserta_lulus(bawahan, selesai=date(2027, 3, 5))
    sudah = peserta_lulus(rekan, selesai=date(2027, 3, 5))
    umpan_balik(sudah)
    run(date(2027, 3, 6))
    assert list(Pengingat.objects.values_list("jenis", "objek_id", "penerima")) == [
        (J.UMPAN_BALIK, tanpa.pk, bawahan.user_id)
    ]
    assert Pengingat.objects.get().tautan == reverse("pelatihan:umpan_balik", args=[tanpa.pk])


@override_settings(EVALUASI_BULAN_PASCAPELATIHAN=6)
def test_it_honours_a_configured_level_3_delay(bawahan):
    peserta_lulus(bawahan, selesai=date(2027, 3, 5))
    run(date(2027, 6, 5))
    assert not Pengingat.objects.exists()
    run(date(2027, 9, 5))
    assert Pengingat.objects.filter(jenis=J.EVALUASI_L3).count() == 1


def test_it_reminds_both_sides_of_a_mentoring_pair_after_more_than_30_silent_days(bawahan, atasan):
    pasangan = PasanganMentoring.objects.create(
        mentor=atasan,
        mentee=bawahan,
        jenis=PasanganMentoring.Jenis.ORIENTASI,
        tanggal_mulai=date(2027, 1, 1),
        tanggal_selesai=date(2027, 12, 31),
        status=PasanganMentoring.Status.AKTIF,
        dibuat_oleh=atasan.user,
    )
    SesiMentoring.objects.create(
        pasangan=pasangan, tanggal=date(2027, 3, 1), durasi_menit=60, topik="Orientasi", dicatat_oleh=atasan.user
    )
    run(date(2027, 3, 31))
    assert not Pengingat.objects.exists()
    run(date(2027, 4, 1))
    assert kinds() == sorted([(J.MENTORING_TANPA_SESI, atasan.nip), (J.MENTORING_TANPA_SESI, bawahan.nip)])
    run(date(2027, 4, 20))  # the same silent stretch: nothing new
    assert Pengingat.objects.count() == 2


@override_settings(MAILERS=FAILING_MAILERS, EVALUASI_PENGINGAT_MAKS_PERCOBAAN=3)
def test_it_retries_with_backoff_then_marks_the_reminder_failed(bawahan):
    rencana(bawahan, status="dikembalikan")
    start = at(date(2027, 2, 1))
    services.send_reminders(now=start)
    row = Pengingat.objects.get()
    assert (row.status, row.percobaan) == (Pengingat.Status.PENDING, 1)
    assert row.coba_lagi_pada == start + timedelta(minutes=5)
    assert "Connection unexpectedly closed" in row.galat_terakhir
    services.send_reminders(now=start + timedelta(minutes=1))  # too early for the retry
    row.refresh_from_db()
    assert row.percobaan == 1
    services.send_reminders(now=start + timedelta(minutes=5))
    row.refresh_from_db()
    assert (row.percobaan, row.coba_lagi_pada) == (2, start + timedelta(minutes=15))
    services.send_reminders(now=start + timedelta(minutes=15))
    row.refresh_from_db()
    assert (row.status, row.percobaan) == (Pengingat.Status.FAILED, 3)


def test_a_retried_reminder_is_sent_once_the_server_is_back(bawahan):
    rencana(bawahan, status="dikembalikan")
    start = at(date(2027, 2, 1))
    with override_settings(MAILERS=FAILING_MAILERS):
        services.send_reminders(now=start)
    hasil = services.send_reminders(now=start + timedelta(minutes=5))
    assert hasil.terkirim == 1
    assert Pengingat.objects.get().status == Pengingat.Status.SENT


def test_it_flags_a_reminder_whose_sender_died_mid_send_instead_of_resending(bawahan):
    rencana(bawahan, status="dikembalikan")
    services.plan_reminders(today=date(2027, 2, 1))
    Pengingat.objects.update(status=Pengingat.Status.SENDING, diklaim_pada=at(date(2027, 2, 1)))
    services.dispatch_reminders(now=at(date(2027, 2, 1)) + timedelta(minutes=11))
    assert Pengingat.objects.get().status == Pengingat.Status.UNKNOWN
    assert mail.outbox == []


def test_a_claimed_row_is_not_sent_by_a_second_sender(bawahan):
    rencana(bawahan, status="dikembalikan")
    services.plan_reminders(today=date(2027, 2, 1))
    Pengingat.objects.update(status=Pengingat.Status.SENDING, diklaim_pada=at(date(2027, 2, 1)))
    hasil = services.dispatch_reminders(now=at(date(2027, 2, 1)))
    assert hasil.terkirim == 0
    assert mail.outbox == []


@override_settings(EVALUASI_PENGINGAT_DIGEST=True)
def test_the_daily_digest_sends_one_email_per_person(bawahan, rekan, atasan):
    rencana(bawahan, status="diajukan")
    rencana(rekan, status="diajukan")
    hasil = run(date(2027, 2, 1))
    assert hasil.terkirim == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Sorong ASN] 2 pengingat Sorong ASN"


def test_the_command_ends_with_the_counts(bawahan, capsys):
    rencana(bawahan, status="dikembalikan")
    with time_machine.travel(at(date(2027, 2, 1)), tick=False):
        call_command("send_reminders")
        call_command("send_reminders")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-2:] == ["terkirim=1 dilewati=0", "terkirim=0 dilewati=1"]


def test_the_beat_schedule_runs_the_same_service():
    from django.conf import settings

    from evaluasi.tasks import send_reminders_task

    entry = settings.CELERY_BEAT_SCHEDULE["evaluasi-send-reminders"]
    assert entry["task"] == send_reminders_task.name


def test_planning_cost_does_not_grow_with_the_number_of_plans(django_assert_max_num_queries, atasan):
    staff = UserFactory()
    for _ in range(3):
        rencana(PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan), status="dikembalikan")
    with django_assert_max_num_queries(20):
        services.plan_reminders(today=date(2027, 2, 1))
    for _ in range(9):
        rencana(PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan), status="dikembalikan")
    with django_assert_max_num_queries(20):
        services.plan_reminders(today=date(2027, 2, 1))
    assert Pengingat.objects.count() == 12
    assert not Pengingat.objects.filter(penerima=staff).exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once(atasan):
    if connection.vendor != "postgresql":
        pytest.skip("Uji konkurensi butuh PostgreSQL (SQLite mengunci seluruh basis data); CI memakai PostgreSQL.")
    for _ in range(30):
        rencana(
            PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan, user__email="x@example.go.id"),
            status="dikembalikan",
        )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(services.send_reminders(now=at(date(2027, 2, 1))))
        except Exception as error:  # noqa: BLE001 — reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.terkirim for r in results) == 30
    assert len(mail.outbox) == 30
    assert Pengingat.objects.filter(status=Pengingat.Status.SENT).count() == 30


def test_a_spent_time_budget_leaves_the_rest_pending_for_the_next_run(bawahan):
    rencana(bawahan, status="dikembalikan")
    hasil = services.send_reminders(now=at(date(2027, 2, 1)), budget=0)
    assert hasil.terkirim == 0
    assert Pengingat.objects.get().status == Pengingat.Status.PENDING
    assert services.send_reminders(now=at(date(2027, 2, 1))).terkirim == 1
