"""Mentoring flows: proposing pairs under the rules, accepting, logging and confirming sessions, closing."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from pegawai.models import Pegawai

from .models import PasanganMentoring, PenilaianMentee, SesiMentoring, TargetMentoring, is_senior

Status = PasanganMentoring.Status
BERJALAN = [Status.USULAN, Status.AKTIF]
# The one-click proposal for a new employee: six months of orientation with these goals.
LAMA_ORIENTASI = timedelta(days=182)
TARGET_ORIENTASI = [
    "Memahami struktur organisasi, tugas dan fungsi unit kerja",
    "Menguasai uraian tugas jabatan dan SKP tahun berjalan",
    "Menerapkan nilai dasar BerAKHLAK dalam pekerjaan sehari-hari",
    "Menyelesaikan satu tugas mandiri dengan bimbingan mentor",
]


def _check_aturan(*, mentor, mentee, jenis, tanggal_mulai, tanggal_selesai) -> None:
    errors = {}
    if mentor.pk == mentee.pk:
        errors["mentor"] = "Mentor dan mentee tidak boleh orang yang sama."
    elif mentor.status != Pegawai.Status.AKTIF:
        errors["mentor"] = f"Mentor {mentor.nama_lengkap} tidak berstatus aktif ({mentor.get_status_display()})."
    elif mentor.golongan is None or mentee.golongan is None:
        errors["mentor"] = "Golongan mentor dan mentee harus terisi untuk menilai senioritas."
    elif not is_senior(mentor, mentee):
        syarat = (
            "golongan lebih tinggi"
            if settings.MENTORING_ATURAN_SENIORITAS == "golongan"
            else "golongan lebih tinggi, atau golongan sama dengan masa kerja lebih lama"
        )
        errors["mentor"] = f"Mentor harus lebih senior dari mentee ({syarat})."
    if mentee.status != Pegawai.Status.AKTIF:
        errors["mentee"] = f"Mentee {mentee.nama_lengkap} tidak berstatus aktif ({mentee.get_status_display()})."
    if tanggal_selesai < tanggal_mulai:
        errors["tanggal_selesai"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if errors:
        raise ValidationError(errors)
    beban = PasanganMentoring.objects.filter(mentor=mentor, status__in=BERJALAN).count()
    if beban >= settings.MENTORING_KAPASITAS_MENTOR:
        raise ValidationError(
            {
                "mentor": f"Mentor {mentor.nama_lengkap} sudah membimbing {beban} mentee "
                f"(kapasitas {settings.MENTORING_KAPASITAS_MENTOR})."
            }
        )
    if PasanganMentoring.objects.filter(mentee=mentee, jenis=jenis, status__in=BERJALAN).exists():
        raise ValidationError({"mentee": _pesan_jenis_ganda(mentee, jenis)})


def _pesan_jenis_ganda(mentee, jenis) -> str:
    label = PasanganMentoring.Jenis(jenis).label.lower()
    return f"{mentee.nama_lengkap} sudah punya pasangan mentoring {label} yang diusulkan atau aktif."


@transaction.atomic
def usulkan_pasangan(
    *, mentor, mentee, jenis, tujuan="", target=(), tanggal_mulai, tanggal_selesai, by
) -> PasanganMentoring:
    """Propose a pair after checking every rule; the mentor's row is locked so capacity holds under concurrency."""
    # Two proposals for a mentor's last slot queue here; the second one counts the first.
    mentor = Pegawai.objects.select_for_update().get(pk=mentor.pk)
    mentee = Pegawai.objects.get(pk=mentee.pk)
    _check_aturan(
        mentor=mentor, mentee=mentee, jenis=jenis, tanggal_mulai=tanggal_mulai, tanggal_selesai=tanggal_selesai
    )
    try:
        with transaction.atomic():
            pasangan = PasanganMentoring.objects.create(
                mentor=mentor,
                mentee=mentee,
                jenis=jenis,
                tujuan=tujuan,
                tanggal_mulai=tanggal_mulai,
                tanggal_selesai=tanggal_selesai,
                dibuat_oleh=by,
            )
    except IntegrityError:
        # A concurrent proposal for the same mentee and jenis won the race (unique constraint).
        raise ValidationError({"mentee": _pesan_jenis_ganda(mentee, jenis)}) from None
    TargetMentoring.objects.bulk_create([TargetMentoring(pasangan=pasangan, uraian=u) for u in target])
    return pasangan


@transaction.atomic
def terima_pasangan(*, pasangan, by) -> None:
    """The mentor accepts a proposal: usulan → aktif."""
    if pasangan.mentee.status != Pegawai.Status.AKTIF or pasangan.mentor.status != Pegawai.Status.AKTIF:
        raise ValidationError("Mentor dan mentee harus berstatus aktif.")
    updated = PasanganMentoring.objects.filter(pk=pasangan.pk, status=Status.USULAN).update(
        status=Status.AKTIF, diterima=timezone.now()
    )
    if not updated:
        raise ValidationError("Usulan ini sudah ditanggapi sebelumnya.")


@transaction.atomic
def batalkan_pasangan(*, pasangan, by, alasan) -> None:
    """Decline (mentor) or cancel (BKPSDM/Operator) a proposed or active pair; its slot is freed."""
    if not alasan.strip():
        raise ValidationError({"alasan": "Alasan pembatalan wajib diisi."})
    updated = PasanganMentoring.objects.filter(pk=pasangan.pk, status__in=BERJALAN).update(
        status=Status.DIBATALKAN, ditutup=timezone.now(), ditutup_oleh=by, catatan_penutup=alasan.strip()
    )
    if not updated:
        raise ValidationError("Pasangan ini sudah selesai atau dibatalkan.")


@transaction.atomic
def ubah_sesi(*, sesi, perubahan: dict) -> None:
    """Change an unconfirmed session; the row lock keeps a confirmation from slipping in between."""
    sesi = SesiMentoring.objects.select_for_update().get(pk=sesi.pk)
    if sesi.is_dikonfirmasi:
        raise ValidationError("Sesi sudah dikonfirmasi dan terkunci; tidak dapat diubah.")
    for field, value in perubahan.items():
        setattr(sesi, field, value)
    sesi.save(update_fields=list(perubahan))


@transaction.atomic
def konfirmasi_sesi(*, sesi, by) -> None:
    """The other side confirms a session; the mentee's ledger gets the JP, and the session is locked."""
    sesi = (
        SesiMentoring.objects.select_for_update().select_related("pasangan__mentor", "pasangan__mentee").get(pk=sesi.pk)
    )
    if sesi.is_dikonfirmasi:
        raise ValidationError("Sesi ini sudah dikonfirmasi.")
    if not sesi.can_confirm(by):
        raise ValidationError("Sesi hanya dapat dikonfirmasi oleh pihak lain dari pasangan ini, bukan pencatatnya.")
    catatan = sesi.build_catatan_jp(by=by)
    catatan.save()
    sesi.catatan_jp = catatan
    sesi.dikonfirmasi_oleh = by
    sesi.dikonfirmasi_pada = timezone.now()
    sesi.save(update_fields=["catatan_jp", "dikonfirmasi_oleh", "dikonfirmasi_pada"])


@transaction.atomic
def tutup_pasangan(*, pasangan, by, penilaian, catatan="") -> None:
    """The mentor closes an active pair with a 1–5 score and reason per competence of the mentee."""
    sesi = pasangan.sesi.all()
    if sesi.filter(dikonfirmasi_pada__isnull=True).exists():
        raise ValidationError("Masih ada sesi yang belum dikonfirmasi; konfirmasi atau hapus dulu.")
    if not sesi.exists():
        raise ValidationError("Belum ada sesi yang dikonfirmasi; batalkan pasangan bila mentoring tidak berjalan.")
    updated = PasanganMentoring.objects.filter(pk=pasangan.pk, status=Status.AKTIF).update(
        status=Status.SELESAI, ditutup=timezone.now(), ditutup_oleh=by, catatan_penutup=catatan
    )
    if not updated:
        raise ValidationError("Pasangan ini tidak aktif lagi.")
    PenilaianMentee.objects.bulk_create(
        [PenilaianMentee(pasangan=pasangan, kompetensi=k, nilai=nilai, alasan=alasan) for k, nilai, alasan in penilaian]
    )


@dataclass(frozen=True)
class Calon:
    pegawai: Pegawai
    beban: int
    satu_opd: bool


class _Kandidat(NamedTuple):
    """A light candidate row: ranking thousands of employees needs no model instances."""

    pk: int
    golongan: int
    tmt_pengangkatan: date
    unit_kerja_id: int
    opd: str
    beban: int


def pegawai_baru(*, user, today: date):
    """Employees the user manages, appointed in the last 12 months, without a proposed or active pair."""
    return (
        Pegawai.objects.editable_by(user)
        .aktif()
        .filter(tmt_pengangkatan__gt=today - timedelta(days=365))
        .exclude(pk__in=PasanganMentoring.objects.filter(status__in=BERJALAN).values("mentee"))
    )


def _opd(path: str) -> str:
    return path.split("/")[0]


def saran_mentor(*, mentees, user, today: date, jumlah=3) -> dict[int, list[Calon]]:
    """Candidate mentors per mentee: same OPD and unit first, then lightest load, then nearest seniority."""
    ranks = [m.golongan // 10 for m in mentees if m.golongan is not None]
    if not ranks:
        return {m.pk: [] for m in mentees}
    rows = (
        Pegawai.objects.visible_to(user)
        .aktif()
        .filter(golongan__gte=min(ranks) * 10, tmt_pengangkatan__lte=today - timedelta(days=365))
        .annotate(beban=Count("sebagai_mentor", filter=Q(sebagai_mentor__status__in=BERJALAN)))
        .filter(beban__lt=settings.MENTORING_KAPASITAS_MENTOR)
        .values_list("pk", "golongan", "tmt_pengangkatan", "unit_kerja_id", "unit_kerja__path", "beban")
    )
    pool = [_Kandidat(pk, gol, tmt, unit, _opd(path), beban) for pk, gol, tmt, unit, path, beban in rows]
    terpilih = {}
    for mentee in mentees:
        opd = _opd(mentee.unit_kerja.path)
        calon = [k for k in pool if k.pk != mentee.pk and is_senior(k, mentee)]
        calon.sort(
            key=lambda k: (
                k.opd != opd,
                k.unit_kerja_id != mentee.unit_kerja_id,
                k.beban,
                # The nearest senior first: heads of OPD should not top every new employee's list.
                k.golongan // 10 - mentee.golongan // 10,
                k.tmt_pengangkatan,
            )
        )
        terpilih[mentee.pk] = [(k, k.opd == opd) for k in calon[:jumlah]]
    pegawai = Pegawai.objects.select_related("unit_kerja", "jabatan").in_bulk(
        {k.pk for pilihan in terpilih.values() for k, _ in pilihan}
    )
    return {
        pk: [Calon(pegawai[k.pk], k.beban, satu_opd) for k, satu_opd in pilihan] for pk, pilihan in terpilih.items()
    }
