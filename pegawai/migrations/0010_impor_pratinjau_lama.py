from django.db import migrations

PESAN = "Unggahan ini dibuat sebelum impor berjalan di latar belakang; unggah ulang berkasnya."


def retire_old_previews(apps, schema_editor):
    # Uploads waiting for confirmation were previewed inside the request and have no stored result,
    # so they cannot be confirmed as jobs: they are closed with a message asking for a new upload.
    ImporPegawai = apps.get_model("pegawai", "ImporPegawai")
    ImporPegawai.objects.filter(status="pratinjau").update(status="gagal", pesan=PESAN)


def restore_old_previews(apps, schema_editor):
    ImporPegawai = apps.get_model("pegawai", "ImporPegawai")
    ImporPegawai.objects.exclude(status="selesai").update(status="pratinjau", pesan="")


class Migration(migrations.Migration):
    dependencies = [
        ("pegawai", "0009_impor_pegawai_pekerjaan"),
    ]

    operations = [migrations.RunPython(retire_old_previews, restore_old_previews)]
