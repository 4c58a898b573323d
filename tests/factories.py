"""factory_boy factories; each sets only the fields its model requires."""

import itertools
from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group, Permission

from akun.models import ADMIN_BKPSDM, OPERATOR_OPD, PIMPINAN, User
from akun.peran import ensure_groups
from pegawai.models import Golongan, Jabatan, Kompetensi, Pegawai, UnitKerja
from pelatihan.models import Bentuk, Mitra, Pelatihan

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


# --- pelatihan (issue 4) ------------------------------------------------------


# --- mentoring (issue 5) ------------------------------------------------------


# --- rencana (issue 6) --------------------------------------------------------


# --- evaluasi (issue 7) -------------------------------------------------------


def tahun_rencana(tahun=2027):
    from rencana.models import TahunRencana

    obj, _ = TahunRencana.objects.get_or_create(
        tahun=tahun,
        defaults={
            "batas_pengajuan": date(tahun, 1, 31),
            "batas_persetujuan": date(tahun, 2, 15),
            "batas_verifikasi": date(tahun, 2, 28),
        },
    )
    return obj


def rencana(pegawai, *, status="diverifikasi", tahun=2027, items=2, jp=10, biaya=1_000_000):
    """A development plan with `items` items of `jp` JP each."""
    from rencana.models import ItemRencana, RencanaPengembangan

    plan = RencanaPengembangan.objects.create(pegawai=pegawai, tahun=tahun_rencana(tahun), status=status)
    kompetensi = KompetensiFactory()
    ItemRencana.objects.bulk_create(
        ItemRencana(rencana=plan, kompetensi=kompetensi, bentuk=Bentuk.PELATIHAN_TEKNIS, jp=jp, biaya=biaya, triwulan=1)
        for _ in range(items)
    )
    return plan


class SiklusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluasi.SiklusEvaluasi"

    tahun = factory.LazyFunction(tahun_rencana)
    jenis = "semester_1"
    tanggal_mulai = date(2027, 6, 1)
    batas_penilaian_diri = date(2027, 6, 30)
    batas_penilaian_atasan = date(2027, 7, 15)


def peserta_lulus(pegawai, *, selesai=date(2027, 3, 5), pelatihan=None):
    from pelatihan.models import Peserta

    pelatihan = pelatihan or PelatihanFactory(tanggal_mulai=selesai - timedelta(days=4), tanggal_selesai=selesai)
    return Peserta.objects.create(
        pelatihan=pelatihan, pegawai=pegawai, status=Peserta.Status.LULUS, tanggal_selesai=selesai
    )
