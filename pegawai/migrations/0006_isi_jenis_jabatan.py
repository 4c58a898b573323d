from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Pegawai = apps.get_model("pegawai", "Pegawai")
    Jabatan = apps.get_model("pegawai", "Jabatan")
    Pegawai.objects.filter(jabatan__isnull=False).update(
        jenis_jabatan=Subquery(Jabatan.objects.filter(pk=OuterRef("jabatan_id")).values("jenis")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0005_jenis_jabatan_urut_duk")]

    # Reversing needs nothing: undoing 0005 drops the column.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
