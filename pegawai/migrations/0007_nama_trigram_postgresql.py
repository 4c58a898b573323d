import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

# Django's icontains on PostgreSQL is UPPER(nama) LIKE UPPER('%…%'); this index serves it, so a name
# search over 50,000 employees does not scan the table. PostgreSQL only: SQLite has no trigram index.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS pegawai_nama_trgm ON pegawai_pegawai USING gin (UPPER(nama) gin_trgm_ops)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            for sql in CREATE:
                schema_editor.execute(sql)
    except DatabaseError as error:
        # A database role that may not create extensions still gets a working (slower) search.
        logger.warning("Indeks trigram nama pegawai tidak dibuat: %s", error)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pegawai_nama_trgm")


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0006_isi_jenis_jabatan")]

    operations = [migrations.RunPython(create, drop)]
