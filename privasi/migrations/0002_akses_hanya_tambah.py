"""The access log is append-only in the database too: no UPDATE ever, DELETE only from the retention task.

PostgreSQL: a trigger refuses UPDATE, and DELETE unless the transaction ran
`SET LOCAL privasi.pangkas = 'ya'` (privasi.services.prune_akses). TRUNCATE (test database flush) is
not affected. SQLite (the embedded quick start) refuses UPDATE only.
"""

from django.db import migrations

TABLES = ("privasi_akses", "privasi_aksessubjek")

# "%%" because schema_editor.execute passes the text through the driver's placeholder formatting.
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION privasi_hanya_tambah() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('privasi.pangkas', true) = 'ya' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'catatan akses data pribadi hanya dapat ditambah (%% ditolak)', TG_OP;
END
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(PG_FUNCTION)
        for table in TABLES:
            run(
                f"CREATE TRIGGER {table}_hanya_tambah BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION privasi_hanya_tambah()"
            )
    elif schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            run(
                f"CREATE TRIGGER {table}_hanya_tambah BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'catatan akses data pribadi hanya dapat ditambah'); END"
            )


def drop(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_hanya_tambah ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_hanya_tambah")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS privasi_hanya_tambah()")


class Migration(migrations.Migration):
    dependencies = [("privasi", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
