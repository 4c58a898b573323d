from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.functional import cached_property

from sorong_asn.validators import validate_single_line

ADMIN_BKPSDM = "Admin BKPSDM"
OPERATOR_OPD = "Operator OPD"
PIMPINAN = "Pimpinan"


class User(AbstractUser):
    """An account. Employees log in with their NIP as username; staff accounts with any username.

    Atasan and Pegawai are not stored roles: they follow from the linked employee record.
    """

    first_name = None
    last_name = None
    nama = models.CharField("nama", max_length=150, blank=True, validators=[validate_single_line])
    unit_kerja = models.ForeignKey(
        "pegawai.UnitKerja",
        verbose_name="unit kerja (Operator OPD)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operator_set",
        help_text="Operator OPD mengelola unit kerja ini beserta sub-unitnya.",
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
        permissions = [
            ("lihat_semua_unit", "Melihat data seluruh instansi"),
            ("kelola_semua_unit", "Mengelola data seluruh instansi (Admin BKPSDM)"),
            ("kelola_unit", "Mengelola data unit kerja sendiri (Operator OPD)"),
        ]

    def __str__(self):
        return self.nama or self.username

    def get_full_name(self):
        return self.nama or self.username

    def get_short_name(self):
        return self.nama or self.username

    @cached_property
    def profil_pegawai(self):
        """The employee record of this account, or None for staff-only accounts."""
        try:
            return self.pegawai
        except ObjectDoesNotExist:
            return None

    @cached_property
    def is_admin_bkpsdm(self) -> bool:
        return self.is_active and self.has_perm("akun.kelola_semua_unit")

    @cached_property
    def is_operator_opd(self) -> bool:
        return self.is_active and self.unit_kerja_id is not None and self.has_perm("akun.kelola_unit")

    @cached_property
    def is_pimpinan(self) -> bool:
        return self.is_active and self.has_perm("akun.lihat_semua_unit") and not self.is_admin_bkpsdm

    @cached_property
    def is_atasan(self) -> bool:
        pegawai = self.profil_pegawai
        return pegawai is not None and pegawai.bawahan.aktif().exists()

    @property
    def sees_whole_instansi(self) -> bool:
        return self.is_active and self.has_perm("akun.lihat_semua_unit")

    @property
    def wajib_mfa(self) -> bool:
        """Staff roles (and Django-admin staff) must pass a second factor; employees may opt in."""
        return self.is_active and (
            self.is_staff
            or self.is_superuser
            or self.has_perm("akun.lihat_semua_unit")
            or self.has_perm("akun.kelola_semua_unit")
            or self.is_operator_opd
        )


class SesiLogin(models.Model):
    """Which sessions an account holds, so they can all be ended (password change, 2FA reset, role change).

    Written once at login; the idle time itself lives in the session, not here.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sesi_login")
    session_key = models.CharField(max_length=40, unique=True)
    alamat_ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    perangkat = models.CharField("perangkat", max_length=200, blank=True)
    dibuat = models.DateTimeField("masuk", auto_now_add=True)

    class Meta:
        verbose_name = "sesi login"
        verbose_name_plural = "sesi login"
        ordering = ["-dibuat"]

    def __str__(self):
        return f"{self.user} · {self.dibuat:%Y-%m-%d %H:%M}"
