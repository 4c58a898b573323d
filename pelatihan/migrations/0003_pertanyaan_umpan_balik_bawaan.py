from django.db import migrations

from pelatihan.models import ensure_pertanyaan


def create_questions(apps, schema_editor):
    ensure_pertanyaan(apps.get_model("pelatihan", "PertanyaanUmpanBalik"))


def remove_questions(apps, schema_editor):
    apps.get_model("pelatihan", "PertanyaanUmpanBalik").objects.filter(jawaban__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("pelatihan", "0002_ledger_sertifikat_umpan_balik")]

    operations = [migrations.RunPython(create_questions, remove_questions)]
