from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services

# Stop claiming well before the soft time limit; the rest goes out on the next beat run.
BUDGET = settings.CELERY_TASK_SOFT_TIME_LIMIT * 0.75


# acks_late: a worker killed mid-run is redelivered; the run is idempotent, so that is safe.
@shared_task(acks_late=True)
def send_reminders_task():
    return services.send_reminders(now=timezone.now(), budget=BUDGET).baris()


@shared_task(acks_late=True)
def send_pengingat_task(pengingat_ids):
    return services.dispatch_reminders(now=timezone.now(), ids=pengingat_ids, budget=BUDGET).baris()
