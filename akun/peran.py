"""The staff roles as groups with permissions; Atasan and Pegawai follow from data instead."""

from .models import ADMIN_BKPSDM, OPERATOR_OPD, PIMPINAN

PERAN = {
    ADMIN_BKPSDM: ["lihat_semua_unit", "kelola_semua_unit"],
    PIMPINAN: ["lihat_semua_unit"],
    OPERATOR_OPD: ["kelola_unit"],
}


# Admin BKPSDM keeps reference data in the Django admin (e.g. the feedback question set). Records are
# never deleted there: employees are deactivated, plans and trainings change status.
APP_ADMIN_BKPSDM = ("pegawai", "pelatihan", "mentoring", "rencana", "evaluasi")


def ensure_groups(Group, Permission) -> None:
    for nama, codenames in PERAN.items():
        group, _ = Group.objects.get_or_create(name=nama)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="akun", codename__in=codenames))
    Group.objects.get(name=ADMIN_BKPSDM).permissions.add(
        *Permission.objects.filter(content_type__app_label__in=APP_ADMIN_BKPSDM).exclude(codename__startswith="delete_")
    )
