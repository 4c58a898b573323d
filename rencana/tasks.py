from celery import shared_task

from .models import DokumenRencana
from .tahunan import generate_dokumen


@shared_task(acks_late=True, soft_time_limit=280, time_limit=300)
def render_rencana_task(dokumen_id):
    dokumen = DokumenRencana.objects.select_related("tahun", "unit_kerja").get(pk=dokumen_id)
    generate_dokumen(dokumen)
