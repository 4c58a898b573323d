"""The employee import as a background job: upload → check → confirm, with progress (Celery eager in tests)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from kombu.exceptions import OperationalError

from pegawai import services
from pegawai.impor import SIASN_HEADERS, import_pegawai
from pegawai.models import ImporPegawai, Pegawai, UnitKerja
from pegawai.tasks import GAGAL_UMUM, confirm_upload_task, preview_upload_task
from pegawai.views import ANTREAN_MATI
from tests.factories import make_nip, operator_opd, siasn_row

UPLOAD = reverse("pegawai:impor")


def siasn_bytes(rows) -> bytes:
    return "\n".join([",".join(SIASN_HEADERS)] + [",".join(str(v) for v in r) for r in rows]).encode()


def siasn_file(rows, name="siasn.csv"):
    return SimpleUploadedFile(name, siasn_bytes(rows))


def job_url(name, impor):
    return reverse(f"pegawai:{name}", args=[impor.pk])


@pytest.fixture
def operator(db):
    return operator_opd(UnitKerja.objects.get(kode="DINKES"))


@pytest.fixture
def colleague(db):
    return operator_opd(UnitKerja.objects.get(kode="DINKES"))


def upload(client, user, rows) -> ImporPegawai:
    client.force_login(user)
    client.post(UPLOAD, {"berkas": siasn_file(rows)})
    return ImporPegawai.objects.get()


def stored_job(user, rows, *, status=ImporPegawai.Status.MENUNGGU) -> ImporPegawai:
    impor = services.store_upload(berkas=siasn_file(rows), user=user, buat_unit=False)
    ImporPegawai.objects.filter(pk=impor.pk).update(status=status)
    impor.refresh_from_db()
    return impor


@pytest.mark.django_db
def test_it_checks_the_upload_as_a_job_and_keeps_the_result(client, operator):
    client.force_login(operator)
    response = client.post(UPLOAD, {"berkas": siasn_file([siasn_row(), siasn_row()])})
    impor = ImporPegawai.objects.get()
    assert (impor.status, impor.progres) == (ImporPegawai.Status.SIAP, 100)
    assert impor.ringkasan.startswith("2 akan dibuat, 0 akan diperbarui, 0 tetap")
    assert [b["aksi"] for b in impor.hasil["baris"]] == ["baru", "baru"]
    assert default_storage.exists(impor.berkas)
    page = client.get(response.url)
    assert b"Konfirmasi impor" in page.content
    assert b'hx-trigger="every 1s"' not in page.content
    assert not Pegawai.objects.exists()


@pytest.mark.django_db
def test_it_writes_on_confirm_and_shows_the_result_on_the_job_page(client, operator):
    nip = make_nip()
    impor = upload(client, operator, [siasn_row(nip=nip)])
    response = client.post(job_url("impor_confirm", impor))
    assert response.url == job_url("impor_preview", impor)
    impor.refresh_from_db()
    assert (impor.status, impor.progres) == (ImporPegawai.Status.SELESAI, 100)
    assert impor.hasil["ditulis"] is True
    assert not default_storage.exists(impor.berkas)
    assert Pegawai.objects.get(nip=nip).unit_kerja.kode == "DINKES"
    page = client.get(response.url)
    assert "Impor selesai: 1 dibuat, 0 diperbarui, 0 tetap" in page.content.decode()


@pytest.mark.django_db
def test_it_polls_a_running_job_and_stops_when_it_ends(client, operator):
    client.force_login(operator)
    impor = stored_job(operator, [siasn_row()], status=ImporPegawai.Status.MEMERIKSA)
    ImporPegawai.objects.filter(pk=impor.pk).update(progres=40)
    running = client.get(job_url("impor_status", impor)).content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert 'value="40"' in running and "Sedang diperiksa" in running
    ImporPegawai.objects.filter(pk=impor.pk).update(status=ImporPegawai.Status.SIAP, progres=100)
    assert 'hx-trigger="every 1s"' not in client.get(job_url("impor_status", impor)).content.decode()


@pytest.mark.django_db
def test_it_polls_with_a_fixed_number_of_queries(client, operator, django_assert_max_num_queries):
    impor = upload(client, operator, [siasn_row() for _ in range(300)])
    with django_assert_max_num_queries(6):
        assert client.get(job_url("impor_status", impor)).status_code == 200


@pytest.mark.django_db
def test_it_hides_another_users_job(client, operator, colleague):
    impor = stored_job(operator, [siasn_row()], status=ImporPegawai.Status.SIAP)
    client.force_login(colleague)
    assert client.get(job_url("impor_preview", impor)).status_code == 404
    assert client.get(job_url("impor_status", impor)).status_code == 404
    assert client.post(job_url("impor_confirm", impor)).status_code == 404
    impor.refresh_from_db()
    assert impor.status == ImporPegawai.Status.SIAP
    assert ImporPegawai.objects.visible_to(colleague).count() == 0
    assert ImporPegawai.objects.visible_to(operator).get() == impor


@pytest.mark.django_db
def test_a_double_clicked_confirm_writes_once(client, operator):
    nip = make_nip()
    impor = upload(client, operator, [siasn_row(nip=nip)])
    assert services.claim_confirm(impor_id=impor.pk) is True
    # The second click arrives while the first is writing: it only shows the job, nothing is queued.
    second = client.post(job_url("impor_confirm", impor))
    assert second.status_code == 200
    assert b'hx-trigger="every 1s"' in second.content
    assert services.claim_confirm(impor_id=impor.pk) is False
    confirm_upload_task.delay(str(impor.pk))
    assert Pegawai.objects.filter(nip=nip).count() == 1
    assert client.post(job_url("impor_confirm", impor)).status_code == 404


@pytest.mark.django_db
def test_a_redelivered_check_runs_once(operator):
    impor = stored_job(operator, [siasn_row()])
    preview_upload_task.delay(str(impor.pk))
    ImporPegawai.objects.filter(pk=impor.pk).update(ringkasan="dari pemeriksaan pertama")
    preview_upload_task.delay(str(impor.pk))
    impor.refresh_from_db()
    assert (impor.status, impor.ringkasan) == (ImporPegawai.Status.SIAP, "dari pemeriksaan pertama")


@pytest.mark.django_db
def test_it_reports_progress_every_500_rows():
    seen = []
    rows = [siasn_row() for _ in range(1200)]
    hasil = import_pegawai(raw=siasn_bytes(rows), filename="x.csv", dry_run=True, progress=lambda *a: seen.append(a))
    assert hasil.ok
    assert seen == [(500, 1200), (1000, 1200)]


@pytest.mark.django_db
def test_progress_only_moves_forward_and_only_while_the_job_runs(operator):
    impor = stored_job(operator, [siasn_row()], status=ImporPegawai.Status.MEMERIKSA)
    report = services._reporter(impor.pk, status=ImporPegawai.Status.MEMERIKSA, sampai=95)
    report(600, 1200)
    impor.refresh_from_db()
    assert impor.progres == 47
    report(500, 1200)
    impor.refresh_from_db()
    assert impor.progres == 47
    ImporPegawai.objects.filter(pk=impor.pk).update(status=ImporPegawai.Status.GAGAL)
    report(1200, 1200)
    impor.refresh_from_db()
    assert impor.progres == 47


@pytest.mark.django_db
def test_a_file_with_errors_ends_as_gagal_with_every_error(client, operator):
    client.force_login(operator)
    response = client.post(UPLOAD, {"berkas": siasn_file([siasn_row(), siasn_row(nip="1.98609E+17")])})
    impor = ImporPegawai.objects.get()
    assert impor.status == ImporPegawai.Status.GAGAL
    assert impor.pesan == "Berkas ditolak; tidak ada data yang disimpan."
    assert impor.hasil["galat"][0].startswith("Baris 3, kolom NIP BARU")
    assert not default_storage.exists(impor.berkas)
    page = client.get(response.url).content.decode()
    assert "Berkas ditolak: 1 galat." in page and "Konfirmasi impor" not in page


@pytest.mark.django_db
def test_a_job_that_breaks_shows_gagal_never_a_500(client, operator):
    client.force_login(operator)
    impor = stored_job(operator, [siasn_row()])
    default_storage.delete(impor.berkas)
    preview_upload_task.delay(str(impor.pk))
    impor.refresh_from_db()
    assert (impor.status, impor.pesan) == (ImporPegawai.Status.GAGAL, GAGAL_UMUM)
    page = client.get(job_url("impor_preview", impor))
    assert page.status_code == 200
    assert GAGAL_UMUM in page.content.decode()
    assert not Pegawai.objects.exists()


@pytest.mark.django_db
def test_data_changed_since_the_preview_ends_as_gagal(client, operator):
    nip = make_nip()
    impor = upload(client, operator, [siasn_row(nip=nip, unor="UPTD Puskesmas Remu")])
    UnitKerja.objects.filter(kode="DINKES-REMU").update(nama="UPTD Puskesmas Remu Baru", singkatan="")
    client.post(job_url("impor_confirm", impor))
    impor.refresh_from_db()
    assert impor.status == ImporPegawai.Status.GAGAL
    assert impor.pesan.startswith("Data berubah sejak pratinjau")
    assert "unit kerja “UPTD Puskesmas Remu” tidak dikenal" in impor.hasil["galat"][0]
    assert not Pegawai.objects.filter(nip=nip).exists()


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_claim_the_job_once():
    if connection.vendor != "postgresql":
        pytest.skip("Perlu PostgreSQL: SQLite mengunci seluruh basis data sehingga tidak ada balapan.")
    unit, _ = UnitKerja.objects.get_or_create(kode="DINKES", defaults={"nama": "Dinas Kesehatan"})
    impor = stored_job(operator_opd(unit), [siasn_row()], status=ImporPegawai.Status.SIAP)
    barrier = threading.Barrier(4)

    def claim():
        barrier.wait()
        try:
            return services.claim_confirm(impor_id=impor.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [f.result() for f in [pool.submit(claim) for _ in range(4)]]
    assert sorted(results) == [False, False, False, True]
    impor.refresh_from_db()
    assert impor.status == ImporPegawai.Status.MENULIS


@pytest.mark.django_db
def test_the_upload_page_lists_the_users_own_jobs_in_every_state(client, operator, colleague):
    mine = stored_job(operator, [siasn_row()], status=ImporPegawai.Status.MEMERIKSA)
    stored_job(colleague, [siasn_row()], status=ImporPegawai.Status.SIAP)
    client.force_login(operator)
    riwayat = client.get(UPLOAD).context["riwayat"]
    assert [r.pk for r in riwayat] == [mine.pk]


@pytest.mark.django_db
def test_a_late_task_never_turns_a_finished_import_into_gagal(client, operator):
    impor = upload(client, operator, [siasn_row()])
    client.post(job_url("impor_confirm", impor))
    confirm_upload_task.delay(str(impor.pk))
    impor.refresh_from_db()
    assert impor.status == ImporPegawai.Status.SELESAI
    assert Pegawai.objects.count() == 1


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    # Only the hand-over to the broker is replaced; the job row and the view are real.
    monkeypatch.setattr(preview_upload_task, "apply_async", refuse)


@pytest.mark.django_db
def test_an_unreachable_queue_ends_the_job_as_gagal(client, operator, broker_down):
    impor = upload(client, operator, [siasn_row()])
    assert (impor.status, impor.pesan) == (ImporPegawai.Status.GAGAL, ANTREAN_MATI)
    assert not default_storage.exists(impor.berkas)
    assert ANTREAN_MATI in client.get(job_url("impor_preview", impor)).content.decode()
