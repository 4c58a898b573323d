from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def prune_retensi_task():
    return services.prune_retensi(now=timezone.now())
