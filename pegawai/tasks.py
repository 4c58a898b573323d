import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError

from . import services

logger = logging.getLogger(__name__)

GAGAL_UMUM = "Berkas tidak dapat diproses karena kesalahan sistem; tidak ada data yang disimpan. Coba unggah ulang."


def _run(service, impor_id) -> None:
    try:
        service(impor_id=impor_id)
    except (OSError, DatabaseError, SoftTimeLimitExceeded):
        # A vanished or unreadable file, the database, the time limit: the page must end on
        # "gagal" with a message instead of a progress bar that never moves again.
        logger.exception("Impor pegawai %s gagal", impor_id)
        services.fail_upload(impor_id=impor_id, pesan=GAGAL_UMUM)


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def preview_upload_task(impor_id):
    _run(services.preview_upload, impor_id)


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def confirm_upload_task(impor_id):
    _run(services.confirm_upload, impor_id)
