from celery import shared_task
from django.utils import timezone

from . import services


# acks_late: a worker killed mid-run is redelivered; the run is idempotent, so that is safe.
@shared_task(acks_late=True)
def send_reminders_task():
    return services.send_reminders(now=timezone.now()).baris()


@shared_task(acks_late=True)
def send_pengingat_task(pengingat_ids):
    return services.dispatch_reminders(now=timezone.now(), ids=pengingat_ids).baris()
