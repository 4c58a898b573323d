from smtplib import SMTPException

from celery import shared_task

from . import services


# An SMTP outage delays the email instead of losing it.
@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=60, max_retries=5)
def send_password_reset_task(*, username, domain, use_https):
    services.send_password_reset(username=username, domain=domain, use_https=use_https)
