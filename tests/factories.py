"""factory_boy factories; each sets only the fields its model requires."""

import itertools
from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group, Permission
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from akun.models import ADMIN_BKPSDM, OPERATOR_OPD, PIMPINAN, User
from akun.peran import ensure_groups
from pegawai.models import Golongan, Jabatan, Kompetensi, Pegawai, UnitKerja
from pelatihan.models import (
    KODE_RELEVANSI,
    Bentuk,
    CatatanJP,
    JawabanUmpanBalik,
    Mitra,
    Pelatihan,
    PertanyaanUmpanBalik,
    Peserta,
    UmpanBalik,
    ensure_pertanyaan,
)

PASSWORD = "kata-sandi-uji-panjang"
_serial = itertools.count(1)


def make_nip(*, lahir=date(1988, 9, 21), tmt=(2011, 1), perempuan=False, pppk=False) -> str:
    """A structurally valid, unique NIP (PNS) or NI PPPK."""
    serial = next(_serial)
    lahir = lahir + timedelta(days=serial // 999)
    sex = 2 if perempuan else 1
    if pppk:
        return f"{lahir:%Y%m%d}{max(tmt[0], 2019)}21{sex}{serial % 999 + 1:03d}"
    return f"{lahir:%Y%m%d}{tmt[0]}{tmt[1]:02d}{sex}{serial % 999 + 1:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    nama = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


def totp_device(user):
    """The account's confirmed authenticator (created if missing), as after enrolment."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)


def totp_code(device) -> str:
    """The authenticator's current code; forgets the last one used, so a test may log in twice a minute."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _with_group(user, name):
    # Transactional (browser) tests flush the groups that the migrations made; make them again.
    ensure_groups(Group, Permission)
    user.groups.add(Group.objects.get(name=name))
    return user


def admin_bkpsdm(**kwargs):
    return _with_group(UserFactory(**kwargs), ADMIN_BKPSDM)


def pimpinan(**kwargs):
    return _with_group(UserFactory(**kwargs), PIMPINAN)


def operator_opd(unit_kerja, **kwargs):
    return _with_group(UserFactory(unit_kerja=unit_kerja, **kwargs), OPERATOR_OPD)


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    kode = factory.Sequence(lambda n: f"UJI{n}")
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    jenis = UnitKerja.Jenis.DINAS


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    nama = factory.Sequence(lambda n: f"Jabatan Uji {n}")
    jenis = Jabatan.Jenis.PELAKSANA


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    nip = factory.LazyFunction(make_nip)
    nama = factory.Faker("name", locale="id_ID")
    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    jabatan = factory.SubFactory(JabatanFactory)
    golongan = Golongan.III_A
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..nip"))


class KompetensiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kompetensi

    kode = factory.Sequence(lambda n: f"T.UJI.{n:02d}")
    nama = factory.Sequence(lambda n: f"Kompetensi teknis uji {n}")
    jenis = Kompetensi.Jenis.TEKNIS


class MitraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mitra

    nama = factory.Sequence(lambda n: f"Mitra Uji {n}")
    jenis = Mitra.Jenis.PERGURUAN_TINGGI


class PelatihanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pelatihan

    judul = factory.Sequence(lambda n: f"Pelatihan Uji {n}")
    bentuk = Bentuk.PELATIHAN_TEKNIS
    mitra = factory.SubFactory(MitraFactory)
    tanggal_mulai = date(2027, 3, 1)
    tanggal_selesai = date(2027, 3, 5)
    jp = 40
    kuota = 30


# --- pegawai (issue 3) --------------------------------------------------------


def siasn_row(
    *,
    nip=None,
    nama="Yohanis Kalami",
    gol="III/a",
    unor="Dinas Kesehatan",
    satker="",
    jk="",
    tgl_lahir=None,
    jabatan="Pengadministrasi Perkantoran",
    jenis_jabatan="Pelaksana",
    status="Aktif",
) -> list:
    """One row of a SIASN "download data ASN" export, aligned to pegawai.impor.SIASN_HEADERS."""
    from pegawai.impor import SIASN_HEADERS

    nip = nip or make_nip()
    values = dict.fromkeys(SIASN_HEADERS, "")
    values.update(
        {
            "PNS ID": f"A8ACA7{nip[-6:]}3912E040640A040252AD",
            "NIP BARU": nip,
            "NAMA": nama,
            "TANGGAL LAHIR": tgl_lahir if tgl_lahir is not None else f"{nip[6:8]}-{nip[4:6]}-{nip[0:4]}",
            "JENIS KELAMIN": jk,
            "KEDUDUKAN HUKUM NAMA": status,
            "GOL AKHIR NAMA": gol,
            "JENIS JABATAN NAMA": jenis_jabatan,
            "JABATAN NAMA": jabatan,
            "UNOR NAMA": unor,
            "SATUAN KERJA KERJA NAMA": satker,
            "INSTANSI INDUK NAMA": "Pemerintah Kota Sorong",
        }
    )
    return [values[h] for h in SIASN_HEADERS]


# --- pelatihan (issue 4) ------------------------------------------------------


class PesertaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Peserta

    pelatihan = factory.SubFactory(PelatihanFactory)
    pegawai = factory.SubFactory(PegawaiFactory)


class CatatanJPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatatanJP

    pegawai = factory.SubFactory(PegawaiFactory)
    tahun = 2027
    tanggal = date(2027, 5, 10)
    judul = factory.Sequence(lambda n: f"Kursus daring uji {n}")
    bentuk = Bentuk.E_LEARNING
    jp = 10
    sumber = CatatanJP.Sumber.EKSTERNAL
    terverifikasi = True


def umpan_balik(peserta, *, skor=4, relevansi=None, saran="", rencana=""):
    """A completed participant's feedback with every active question scored `skor` (relevansi may differ)."""
    ensure_pertanyaan(PertanyaanUmpanBalik)
    ub = UmpanBalik.objects.create(peserta=peserta, saran=saran, rencana_penerapan=rencana)
    JawabanUmpanBalik.objects.bulk_create(
        JawabanUmpanBalik(
            umpan_balik=ub,
            pertanyaan=q,
            nilai=relevansi if relevansi is not None and q.kode == KODE_RELEVANSI else skor,
        )
        for q in PertanyaanUmpanBalik.objects.aktif()
    )
    return ub


# --- mentoring (issue 5) ------------------------------------------------------


def _hari_lalu(days):
    return factory.LazyFunction(lambda: date.today() - timedelta(days=days))


class PasanganMentoringFactory(factory.django.DjangoModelFactory):
    """An active pair in one unit: a IV/a mentor and a III/a mentee, started 60 days ago."""

    class Meta:
        model = "mentoring.PasanganMentoring"

    mentor = factory.SubFactory(PegawaiFactory, golongan=Golongan.IV_A)
    mentee = factory.SubFactory(
        PegawaiFactory, golongan=Golongan.III_A, unit_kerja=factory.SelfAttribute("..mentor.unit_kerja")
    )
    jenis = "orientasi"
    tanggal_mulai = _hari_lalu(60)
    tanggal_selesai = factory.LazyAttribute(lambda o: o.tanggal_mulai + timedelta(days=182))
    status = "aktif"
    dibuat_oleh = factory.SubFactory(UserFactory)


class SesiMentoringFactory(factory.django.DjangoModelFactory):
    """An unconfirmed session logged by the mentor."""

    class Meta:
        model = "mentoring.SesiMentoring"

    pasangan = factory.SubFactory(PasanganMentoringFactory)
    tanggal = _hari_lalu(10)
    durasi_menit = 90
    topik = "Pengenalan tugas jabatan"
    dicatat_oleh = factory.LazyAttribute(lambda o: o.pasangan.mentor.user)


# --- rencana (issue 6) --------------------------------------------------------


class TahunRencanaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rencana.TahunRencana"
        django_get_or_create = ("tahun",)

    tahun = 2027
    batas_pengajuan = date(2026, 12, 15)
    batas_persetujuan = date(2026, 12, 22)
    batas_verifikasi = date(2027, 1, 15)


class RencanaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rencana.RencanaPengembangan"

    pegawai = factory.SubFactory(PegawaiFactory)
    tahun = factory.SubFactory(TahunRencanaFactory)


class ItemRencanaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rencana.ItemRencana"

    rencana = factory.SubFactory(RencanaFactory)
    kompetensi = factory.SubFactory(KompetensiFactory)
    bentuk = Bentuk.PELATIHAN_TEKNIS
    jp = 12
    biaya = 1_500_000
    triwulan = 2


# --- evaluasi (issue 7) -------------------------------------------------------


def rencana(pegawai, *, status="diverifikasi", tahun=2027, items=2, jp=10, biaya=1_000_000):
    """A development plan in `status` with `items` items of `jp` JP and `biaya` each."""
    plan = RencanaFactory(pegawai=pegawai, tahun=TahunRencanaFactory(tahun=tahun), status=status)
    ItemRencanaFactory.create_batch(items, rencana=plan, jp=jp, biaya=biaya)
    return plan


class SiklusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluasi.SiklusEvaluasi"

    tahun = factory.SubFactory(TahunRencanaFactory)
    jenis = "semester_1"
    tanggal_mulai = date(2027, 6, 1)
    batas_penilaian_diri = date(2027, 6, 30)
    batas_penilaian_atasan = date(2027, 7, 15)


def peserta_lulus(pegawai, *, selesai=date(2027, 3, 5)):
    """A participant who completed (LULUS) a training that ended on `selesai`."""
    pelatihan = PelatihanFactory(tanggal_mulai=selesai - timedelta(days=4), tanggal_selesai=selesai)
    return PesertaFactory(pelatihan=pelatihan, pegawai=pegawai, status=Peserta.Status.LULUS, tanggal_selesai=selesai)
