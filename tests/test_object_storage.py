"""Uploaded and generated files on S3-compatible object storage (moto's server on a local port)."""

import importlib
import urllib.request
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from pegawai.impor import SIASN_HEADERS
from pegawai.models import ImporPegawai, Pegawai, UnitKerja
from rencana.models import DokumenRencana, RencanaPengembangan
from sorong_asn import settings as project_settings
from tests.factories import (
    ItemRencanaFactory,
    PegawaiFactory,
    RencanaFactory,
    TahunRencanaFactory,
    admin_bkpsdm,
    make_nip,
    operator_opd,
    siasn_row,
)

pytestmark = pytest.mark.django_db
BUCKET = "sorong-asn-uji"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def project_storage(monkeypatch, **environment) -> dict:
    """STORAGES["default"] as sorong_asn/settings.py builds it from these environment variables."""
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    try:
        return importlib.reload(project_settings).STORAGES["default"]
    finally:
        for key in environment:
            monkeypatch.delenv(key)
        importlib.reload(project_settings)


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    client = boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id="uji", aws_secret_access_key="uji", region_name="us-east-1"
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": project_storage(
            monkeypatch,
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=s3_server,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="uji",
            AWS_SECRET_ACCESS_KEY="uji",
        ),
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_without_a_bucket_files_stay_in_the_media_folder(monkeypatch):
    storage = project_storage(monkeypatch, MEDIA_ROOT="/tmp/media-uji")
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_files_are_private_and_links_are_signed_and_short_lived(bucket, s3_server):
    name = default_storage.save("rencana/pdf/uji.pdf", ContentFile(b"%PDF-1.7 rahasia"))
    with pytest.raises(HTTPError) as refused:
        urllib.request.urlopen(f"{s3_server}/{BUCKET}/{name}", timeout=5)
    assert refused.value.code == 403
    signed = default_storage.url(name)
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["300"] and "X-Amz-Signature" in query
    with urllib.request.urlopen(signed, timeout=5) as response:
        assert response.read() == b"%PDF-1.7 rahasia"


def test_an_import_file_lives_in_the_bucket_only_while_the_job_needs_it(
    bucket, client, django_capture_on_commit_callbacks
):
    client.force_login(operator_opd(UnitKerja.objects.get(kode="DINKES")))
    rows = [",".join(SIASN_HEADERS), ",".join(str(v) for v in siasn_row(nip=make_nip()))]
    upload = SimpleUploadedFile("siasn.csv", "\n".join(rows).encode())
    response = client.post(reverse("pegawai:impor"), {"berkas": upload})
    impor = ImporPegawai.objects.get()
    # The worker (another host) reads the file from the bucket: the preview ran from there.
    assert keys(bucket) == {impor.berkas}
    assert client.get(response.url).context["hasil"].ringkasan.startswith("1 akan dibuat")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pegawai:impor_confirm", args=[impor.pk]))
    assert Pegawai.objects.count() == 1 and keys(bucket) == set()


def test_the_annual_plan_pdf_is_stored_in_the_bucket_and_streamed_through_the_scoped_view(
    bucket, client, django_capture_on_commit_callbacks
):
    tahun = TahunRencanaFactory(tahun=2027)
    rencana = RencanaFactory(pegawai=PegawaiFactory(), tahun=tahun, status=RencanaPengembangan.Status.DIVERIFIKASI)
    ItemRencanaFactory(rencana=rencana, jp=12)
    client.force_login(admin_bkpsdm())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rencana:dokumen_create", args=[2027]))
    dokumen = DokumenRencana.objects.get()
    assert dokumen.status == DokumenRencana.Status.SELESAI and keys(bucket) == {dokumen.berkas.name}
    download = client.get(reverse("rencana:dokumen_unduh", args=[dokumen.pk]))
    assert download["Cache-Control"] == "no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(PegawaiFactory().user)
    assert client.get(reverse("rencana:dokumen_unduh", args=[dokumen.pk])).status_code in (403, 404)
