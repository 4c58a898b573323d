"""Account flows with side effects (email)."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


def send_password_reset(*, username: str, domain: str, use_https: bool) -> bool:
    """Mail a reset link for the active account named `username` to that account's address; False if none."""
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return False
    context = {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        # The link names this one account; the token is tied to its current password and last login.
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
    body = render_to_string("registration/password_reset_email.html", context)
    send_mail(subject, body, None, [user.email])
    return True
