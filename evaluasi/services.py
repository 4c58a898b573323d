import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from itertools import batched
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from pelatihan.models import jp_status
from rencana.models import RencanaPengembangan

from . import pengingat
from .models import EvaluasiPascaPelatihan, EvaluasiProgres, Pengingat, SiklusEvaluasi

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass
class HasilPengingat:
    terkirim: int = 0
    dilewati: int = 0
    gagal: int = 0

    def baris(self) -> str:
        return f"terkirim={self.terkirim} dilewati={self.dilewati}"


def plan_reminders(*, today: date) -> tuple[int, int]:
    """Store a PENDING row for every due reminder not stored before; return (found, new)."""
    calon = pengingat.find_due(today)
    # Skipping known keys first is 25x faster than letting the database refuse 50,000 duplicates;
    # the unique constraint still makes a concurrent run's duplicate a no-op (ignore_conflicts).
    known = set(
        Pengingat.objects.filter(jenis__in={c.jenis for c in calon}).values_list(
            "jenis", "objek_id", "penerima_id", "periode"
        )
    )
    baru = [c.as_model() for c in calon if c[:4] not in known]
    Pengingat.objects.bulk_create(baru, batch_size=2000, ignore_conflicts=True)
    return len(calon), len(baru)


def send_reminders(*, now: datetime, budget: float | None = None) -> HasilPengingat:
    """Plan what is due today, then send every pending reminder once (the beat task and the command)."""
    found, new = plan_reminders(today=timezone.localdate(now))
    hasil = dispatch_reminders(now=now, budget=budget)
    hasil.dilewati += found - new
    return hasil


def dispatch_reminders(*, now: datetime, ids=None, budget: float | None = None) -> HasilPengingat:
    """Claim pending reminders with a conditional UPDATE, email them, record SENT, retry or FAILED.

    With a `budget` (seconds) it stops claiming once the time is spent; what is left stays PENDING
    for the next run, so a task never reaches its time limit holding claimed rows.
    """
    hasil = HasilPengingat()
    deadline = None if budget is None else time.monotonic() + budget
    lease = timedelta(minutes=settings.EVALUASI_PENGINGAT_SEWA_MENIT)
    # A sender that died between claim and SENT may or may not have mailed: never guess, flag it.
    Pengingat.objects.filter(status=Pengingat.Status.SENDING, diklaim_pada__lt=now - lease).update(
        status=Pengingat.Status.UNKNOWN, galat_terakhir="Pengirim terhenti sebelum mencatat hasil."
    )
    due = Pengingat.objects.filter(status=Pengingat.Status.PENDING).filter(
        Q(coba_lagi_pada__isnull=True) | Q(coba_lagi_pada__lte=now)
    )
    if ids is not None:
        due = due.filter(pk__in=ids)
    while (deadline is None or time.monotonic() < deadline) and (
        batch := list(due.order_by("pk").values_list("pk", flat=True)[:BATCH])
    ):
        token = uuid.uuid4()
        Pengingat.objects.filter(pk__in=batch, status=Pengingat.Status.PENDING).update(
            status=Pengingat.Status.SENDING, klaim=token, diklaim_pada=now, percobaan=F("percobaan") + 1
        )
        claimed = list(Pengingat.objects.filter(klaim=token).select_related("penerima__pegawai"))
        _send_claimed(claimed, token=token, now=now, hasil=hasil)
    return hasil


def _address(row: Pengingat) -> str:
    pegawai = getattr(row.penerima, "pegawai", None)
    return row.penerima.email or (pegawai.email if pegawai else "")


def _message(rows: list[Pengingat], address: str) -> EmailMessage:
    situs = settings.EVALUASI_SITUS_URL.rstrip("/")
    subject = rows[0].judul if len(rows) == 1 else f"{len(rows)} pengingat Sorong ASN"
    body = "\n\n".join(f"{r.judul}\n{r.pesan}\n{situs}{r.tautan}" for r in rows)
    body = f"Yth. {rows[0].penerima.get_full_name()},\n\n{body}\n\n— Sorong ASN, BKPSDM Kota Sorong"
    return EmailMessage(f"[Sorong ASN] {subject}", body, to=[address])


def _send_claimed(claimed: list[Pengingat], *, token, now: datetime, hasil: HasilPengingat) -> None:
    groups = defaultdict(list)
    for row in claimed:
        address = _address(row)
        key = (address, row.penerima_id) if settings.EVALUASI_PENGINGAT_DIGEST else (address, row.pk)
        groups[key].append(row)
    sent, no_email, failed = [], [], defaultdict(list)
    with mailers.default as connection:
        for (address, _), rows in groups.items():
            if not address:
                no_email += rows
                continue
            try:
                connection.send_messages([_message(rows, address)])
            except (SMTPException, OSError) as error:
                logger.warning("Pengingat gagal dikirim ke %s: %s", address, error)
                for row in rows:
                    failed[(row.percobaan, str(error)[:500])].append(row.pk)
            else:
                sent += [r.pk for r in rows]
    mine = Pengingat.objects.filter(klaim=token, status=Pengingat.Status.SENDING)
    mine.filter(pk__in=sent).update(status=Pengingat.Status.SENT, terkirim_pada=timezone.now())
    mine.filter(pk__in=[r.pk for r in no_email]).update(status=Pengingat.Status.NO_EMAIL)
    for (percobaan, error), pks in failed.items():
        if percobaan >= settings.EVALUASI_PENGINGAT_MAKS_PERCOBAAN:
            mine.filter(pk__in=pks).update(status=Pengingat.Status.FAILED, galat_terakhir=error)
        else:
            jeda = timedelta(minutes=settings.EVALUASI_PENGINGAT_JEDA_MENIT * 2 ** (percobaan - 1))
            mine.filter(pk__in=pks).update(
                status=Pengingat.Status.PENDING, coba_lagi_pada=now + jeda, galat_terakhir=error
            )
        hasil.gagal += len(pks)
    hasil.terkirim += len(sent)
    hasil.dilewati += len(no_email)


def _enqueue(ids: list[int]) -> None:
    from .tasks import send_pengingat_task

    send_pengingat_task.delay(ids)


def notify_soon(calon: list[pengingat.Calon]) -> None:
    """Store reminders now and try to send them after commit; with the broker down they wait for beat."""
    Pengingat.objects.bulk_create([c.as_model() for c in calon], ignore_conflicts=True)
    keys = Q(pk__in=[])
    for c in calon:
        keys |= Q(jenis=c.jenis, objek_id=c.objek_id, penerima_id=c.penerima_id, periode=c.periode)
    ids = list(Pengingat.objects.filter(keys, status=Pengingat.Status.PENDING).values_list("pk", flat=True))
    if ids:
        # robust: a broker outage is logged, never a 500 for a user whose data is already saved.
        transaction.on_commit(partial(_enqueue, ids), robust=True)


@transaction.atomic
def open_siklus(*, siklus: SiklusEvaluasi) -> int:
    """Add a progress evaluation for every verified plan of the cycle's year; return how many were new."""
    rencana = (
        RencanaPengembangan.objects.filter(tahun=siklus.tahun, status=RencanaPengembangan.Status.DIVERIFIKASI)
        .exclude(evaluasi__siklus=siklus)
        .annotate(target=Sum("item__jp"))
        .values_list("pk", "pegawai_id", "target")
    )
    baru = [EvaluasiProgres(siklus=siklus, rencana_id=pk, pegawai_id=p, jp_target=t) for pk, p, t in rencana]
    for chunk in batched(baru, 2000):
        EvaluasiProgres.objects.bulk_create(chunk, ignore_conflicts=True)
    return len(baru)


@transaction.atomic
def submit_penilaian_diri(*, evaluasi: EvaluasiProgres, item_selesai: int, hambatan: str, today: date) -> None:
    """Record the employee's self-assessment and tell the Atasan at once."""
    # The JP that count (PPPK capped), from the ledger's own rule.
    realisasi = jp_status(evaluasi.pegawai, evaluasi.siklus.tahun.tahun).dihitung
    # Conditional UPDATE: a double click or a second tab cannot submit twice.
    updated = EvaluasiProgres.objects.filter(pk=evaluasi.pk, status=EvaluasiProgres.Status.BELUM).update(
        status=EvaluasiProgres.Status.DINILAI_DIRI,
        item_selesai=item_selesai,
        hambatan=hambatan,
        jp_realisasi=realisasi,
        dinilai_diri_pada=timezone.now(),
    )
    if not updated:
        raise ValidationError("Penilaian diri untuk evaluasi ini sudah dikirim.")
    atasan = evaluasi.pegawai.atasan
    if atasan is not None and atasan.user_id:
        siklus = evaluasi.siklus
        notify_soon(
            [
                pengingat.perlu_dinilai(
                    evaluasi.pk, atasan.user_id, evaluasi.pegawai.nama, str(siklus), siklus.batas_penilaian_atasan
                )
            ]
        )


@transaction.atomic
def submit_penilaian_atasan(*, evaluasi: EvaluasiProgres, predikat: str, catatan: str, by) -> None:
    """Record the Atasan's rating, which closes the evaluation."""
    updated = EvaluasiProgres.objects.filter(pk=evaluasi.pk, status=EvaluasiProgres.Status.DINILAI_DIRI).update(
        status=EvaluasiProgres.Status.SELESAI,
        predikat=predikat,
        catatan_atasan=catatan,
        penilai=by.profil_pegawai,
        dinilai_atasan_pada=timezone.now(),
    )
    if not updated:
        raise ValidationError("Evaluasi ini tidak sedang menunggu penilaian atasan.")


@transaction.atomic
def record_evaluasi_l3(*, evaluasi: EvaluasiPascaPelatihan) -> None:
    """Save a level-3 evaluation once per completed training."""
    try:
        with transaction.atomic():
            evaluasi.save()
    except IntegrityError:
        raise ValidationError("Evaluasi pascapelatihan untuk pelatihan ini sudah diisi.") from None
