"""Signal receivers: thin hooks from Django's auth events into akun.services."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from . import services
from .models import User


@receiver(user_logged_in)
def start_session(sender, request, user, **kwargs):
    services.start_session(request, user)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    services.forget_session(request.session.session_key)


@receiver(m2m_changed, sender=User.groups.through)
def end_sessions_on_role_change(sender, instance, action, reverse, pk_set, **kwargs):
    # A new or removed role applies from a fresh login, with its second factor and timeout.
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    users = User.objects.filter(pk__in=pk_set or ()) if reverse else [instance]
    for user in users:
        services.end_sessions(user)
