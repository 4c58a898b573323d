from django.contrib.auth.management import create_permissions
from django.db import migrations

from akun.peran import ensure_groups


def grant(apps, schema_editor):
    # The apps' model permissions exist only after their own migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Admin BKPSDM").permissions.remove(
        *Permission.objects.filter(
            content_type__app_label__in=["pegawai", "pelatihan", "mentoring", "rencana", "evaluasi"]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("akun", "0003_peran"),
        ("pegawai", "0010_impor_pratinjau_lama"),
        ("pelatihan", "0003_pertanyaan_umpan_balik_bawaan"),
        ("mentoring", "0002_progres_dan_penutupan"),
        ("rencana", "0002_rencana_tahunan_dan_dokumen"),
        ("evaluasi", "0001_evaluasi_dan_pengingat"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
