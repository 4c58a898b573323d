from django.db import migrations

from pegawai.referensi import UNIT_KERJA, load_unit_kerja


def load(apps, schema_editor):
    load_unit_kerja(apps.get_model("pegawai", "UnitKerja"))


def unload(apps, schema_editor):
    UnitKerja = apps.get_model("pegawai", "UnitKerja")
    UnitKerja.objects.filter(kode__in=[row[0] for row in UNIT_KERJA], pegawai__isnull=True).order_by("-path").delete()


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
