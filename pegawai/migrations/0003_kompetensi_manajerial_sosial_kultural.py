from django.db import migrations

from pegawai.referensi import KOMPETENSI, load_kompetensi


def load(apps, schema_editor):
    load_kompetensi(apps.get_model("pegawai", "Kompetensi"))


def unload(apps, schema_editor):
    apps.get_model("pegawai", "Kompetensi").objects.filter(kode__in=[k[0] for k in KOMPETENSI]).delete()


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0002_unit_kerja_kota_sorong")]
    operations = [migrations.RunPython(load, unload)]
