"""`make backup` and `make restore FILE=…`: the database and the files, in one timestamped archive.

backup:  pg_dump (custom format) of DATABASE_URL, the files of the media folder (or, with object
         storage, a listing of the bucket: key, size, ETag — the bucket keeps its own versions),
         and the row count of every table, into BACKUP_DIR/sorong-asn-YYYYmmdd-HHMMSS.tar.
restore: pg_restore into DATABASE_URL (existing objects are dropped first, in one transaction),
         the media files back into MEDIA_ROOT, then every table's row count compared with the
         archive's; exits 1 on any difference. Retention and scheduling: docs/deploy.md.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sorong_asn.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.storage import FileSystemStorage, default_storage  # noqa: E402
from django.db import connection  # noqa: E402


def pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("Cadangan memerlukan PostgreSQL (DATABASE_URL=postgres://…); untuk SQLite salin db.sqlite3.")
    return {
        **os.environ,
        "PGHOST": str(db["HOST"] or "127.0.0.1"),
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"],
        "PGDATABASE": db["NAME"],
    }


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def backup() -> Path:
    env = pg_env()
    target_dir = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"sorong-asn-{stamp}.tar"
    manifest = {"dibuat": stamp, "database": env["PGDATABASE"], "baris": row_counts()}
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(target, "w") as archive:
        dump = Path(scratch) / "database.dump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"], env=env, check=True
        )
        archive.add(dump, "database.dump")
        if isinstance(default_storage, FileSystemStorage):
            media = Path(settings.MEDIA_ROOT)
            files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
            for path in files:
                archive.add(path, f"media/{path.relative_to(media)}")
            manifest["media"] = {"jenis": "folder", "berkas": len(files)}
        else:
            bucket = default_storage.bucket
            listing = [
                {"key": o.key, "size": o.size, "etag": o.e_tag, "diubah": o.last_modified.isoformat()}
                for o in bucket.objects.all()
            ]
            add_bytes(archive, "media-listing.json", json.dumps(listing, indent=1).encode())
            manifest["media"] = {"jenis": "bucket", "bucket": bucket.name, "berkas": len(listing)}
        add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    print(
        f"{target}: {sum(manifest['baris'].values()):,} baris dalam {len(manifest['baris'])} tabel, "
        f"{manifest['media']['berkas']} berkas ({manifest['media']['jenis']})."
    )
    return target


def restore(path: str) -> None:
    env = pg_env()
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path) as archive:
        archive.extractall(scratch, filter="data")
        manifest = json.loads((Path(scratch) / "manifest.json").read_text())
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={env['PGDATABASE']}",
                str(Path(scratch) / "database.dump"),
            ],
            env=env,
            check=True,
        )
        media = Path(scratch) / "media"
        if media.exists():
            for source in (p for p in media.rglob("*") if p.is_file()):
                destination = Path(settings.MEDIA_ROOT) / source.relative_to(media)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(source.read_bytes())
    connection.close()
    restored = row_counts()
    differences = {t: (n, restored.get(t)) for t, n in manifest["baris"].items() if restored.get(t) != n}
    print(
        f"Dipulihkan ke {env['PGDATABASE']}: {sum(restored.values()):,} baris dalam {len(restored)} tabel "
        f"(cadangan {manifest['dibuat']}), {manifest['media']['berkas']} berkas ({manifest['media']['jenis']})."
    )
    if differences:
        for table, (expected, found) in differences.items():
            print(f"  BEDA {table}: cadangan {expected}, kini {found}")
        raise SystemExit(1)
    print("Jumlah baris setiap tabel sama dengan cadangan.")


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "backup":
        backup()
    elif len(sys.argv) == 3 and sys.argv[1] == "restore":
        restore(sys.argv[2])
    else:
        raise SystemExit("Pakai: python ops/backup.py backup | python ops/backup.py restore FILE.tar")
