from celery import shared_task

from .models import DokumenRencana
from .tahunan import generate_dokumen


# The city-wide plan (6,000 employees, 276 pages) took 83 s of CPU; on a machine loaded 12 deep it took
# 500 s of wall time (docs/deploy.md). The limit leaves room for that, and stops a runaway render.
@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def render_rencana_task(dokumen_id):
    dokumen = DokumenRencana.objects.select_related("tahun", "unit_kerja").get(pk=dokumen_id)
    generate_dokumen(dokumen)
