"""Demo accounts: one per role, plus a NIP login for every demo employee."""

from base64 import b32decode
from binascii import hexlify

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from pegawai.models import Jabatan, Pegawai, UnitKerja

from .models import ADMIN_BKPSDM, OPERATOR_OPD, PIMPINAN, User

AKUN_DEMO = ("bkpsdm", "operator", "atasan", "pegawai", "pimpinan")
# The staff demo accounts need a second factor; they share this public demo secret (README: add it to an
# authenticator app, or run `manage.py kode_otp_demo`). Never seed demo data on a production database.
DEMO_TOTP_BASE32 = "SORONGASNDEMOBKPSDMKOTASORONG234"
DEMO_TOTP_SECRET = b32decode(DEMO_TOTP_BASE32)


def _pick_people():
    """Choose the employees behind the demo accounts from the generated data."""
    bkpsdm = UnitKerja.objects.get(kode="BKPSDM")
    dinkes = UnitKerja.objects.get(kode="DINKES")
    admin = (
        Pegawai.objects.filter(unit_kerja__path__startswith=bkpsdm.path, jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
        .order_by("nip")
        .first()
    )
    kepala_bkpsdm = Pegawai.objects.filter(unit_kerja=bkpsdm, jabatan__jenis=Jabatan.Jenis.JPT_PRATAMA).first()
    in_dinkes = Pegawai.objects.filter(unit_kerja__path__startswith=dinkes.path)
    operator = in_dinkes.filter(jabatan__jenis=Jabatan.Jenis.PELAKSANA).order_by("nip").first()
    atasan = (
        in_dinkes.filter(jabatan__jenis=Jabatan.Jenis.PENGAWAS, bawahan__isnull=False)
        .exclude(pk=operator.pk)
        .order_by("nip")
        .first()
    )
    bawahan = atasan.bawahan.exclude(pk=operator.pk).order_by("-golongan", "nip").first()
    return {"bkpsdm": admin, "operator": operator, "atasan": atasan, "pegawai": bawahan, "pimpinan": kepala_bkpsdm}


@transaction.atomic
def seed(*, password: str) -> dict[str, Pegawai]:
    hashed = make_password(password)
    # Every demo employee can log in with their NIP (one hash for all keeps 50,000 accounts fast).
    tanpa_akun = list(Pegawai.objects.filter(user__isnull=True).only("pk", "nip", "nama", "email"))
    people = _pick_people()
    demo_pks = {p.pk for p in people.values()}
    User.objects.bulk_create(
        [User(username=p.nip, nama=p.nama, email=p.email, password=hashed) for p in tanpa_akun if p.pk not in demo_pks],
        batch_size=5000,
        ignore_conflicts=True,
    )
    users = dict(User.objects.filter(username__in=[p.nip for p in tanpa_akun]).values_list("username", "pk"))
    for p in tanpa_akun:
        p.user_id = users.get(p.nip)
    Pegawai.objects.bulk_update([p for p in tanpa_akun if p.user_id], ["user"], batch_size=5000)

    groups = {g.name: g for g in Group.objects.filter(name__in=[ADMIN_BKPSDM, OPERATOR_OPD, PIMPINAN])}
    roles = {"bkpsdm": ADMIN_BKPSDM, "operator": OPERATOR_OPD, "pimpinan": PIMPINAN}
    for username, pegawai in people.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "nama": pegawai.nama_lengkap,
                "email": pegawai.email,
                "password": hashed,
                "unit_kerja": UnitKerja.objects.get(kode="DINKES") if username == "operator" else None,
                "is_staff": username == "bkpsdm",
            },
        )
        if username in roles:
            user.groups.set([groups[roles[username]]])
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Demo",
                defaults={"key": hexlify(DEMO_TOTP_SECRET).decode(), "confirmed": True, "last_t": -1},
            )
        Pegawai.objects.filter(user=user).exclude(pk=pegawai.pk).update(user=None)
        if pegawai.user_id and pegawai.user_id != user.pk:
            User.objects.filter(pk=pegawai.user_id, username=pegawai.nip).delete()
        pegawai.user = user
        pegawai.save(update_fields=["user"])
    return people
