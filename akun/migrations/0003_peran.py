from django.contrib.auth.management import create_permissions
from django.db import migrations

from akun.peran import PERAN, ensure_groups


def create_groups(apps, schema_editor):
    # Permissions normally appear after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERAN).delete()


class Migration(migrations.Migration):
    dependencies = [("akun", "0002_user_unit_kerja"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(create_groups, delete_groups)]
