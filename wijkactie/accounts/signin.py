"""Signing in by an e-mailed one-time link.

The token is Django's password-reset token with its own salt: it is bound to the user's last login,
so it stops working the moment it is used, and to the time it was made, so it expires after
WIJKACTIE_SIGNIN_LINK_MINUTES. Opening the link shows a button; only the POST signs in, so a mail
scanner that follows links cannot use it up.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import (
    base36_to_int,
    urlencode,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)

from wijkactie.core.models import OutgoingEmail
from wijkactie.core.services import queue_mail


class SignInTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "wijkactie.accounts.signin"

    def _make_hash_value(self, user, timestamp):
        last_login = "" if user.last_login is None else user.last_login.replace(microsecond=0)
        return f"{user.pk}{user.email}{user.is_active}{last_login}{timestamp}"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - issued
        return age <= settings.WIJKACTIE_SIGNIN_LINK_MINUTES * 60


signin_tokens = SignInTokenGenerator()


def signin_path(user, next_url: str = "") -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:link", args=[uid, signin_tokens.make_token(user)])
    return f"{path}?{urlencode({'next': next_url})}" if next_url else path


def user_from_link(uidb64: str, token: str):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or not signin_tokens.check_token(user, token):
        return None
    return user


MAILS_PER_QUARTER = 5


def queue_signin_mail(user, *, next_url: str = "") -> bool:
    """Mail a one-time sign-in link. Writes: one outbox row. Returns whether a mail was queued.

    Refuses (silently, so nobody learns anything) a sixth link to the same address within a
    quarter of an hour: the form cannot be used to flood someone's inbox.
    """
    recent = OutgoingEmail.objects.filter(
        topic="signin", to=user.email, created_at__gte=timezone.now() - timedelta(minutes=15)
    ).count()
    if recent >= MAILS_PER_QUARTER:
        return False
    path = signin_path(user, next_url)
    queue_mail(
        template="accounts/mail/signin.txt",
        context={
            "user": user,
            "url": settings.SITE_URL + path,
            "minutes": settings.WIJKACTIE_SIGNIN_LINK_MINUTES,
        },
        language=translation.get_language(),
        key=f"signin:{path}",
        topic="signin",
        to=user.email,
        object_ref=f"auth.user:{user.pk}",
    )
    return True
