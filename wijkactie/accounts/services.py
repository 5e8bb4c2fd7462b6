from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkactie.accounts.models import ApiToken, Organisation, Professional, hash_token
from wijkactie.core.services import log_activity


def create_api_token(*, user) -> str:
    """Create a staff API token. Writes: the token's hash. Returns the raw token (shown once)."""
    raw = ApiToken.generate_raw()
    ApiToken.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:8])
    log_activity(actor=user, verb="api_token_created", obj_ref=f"auth.user:{user.pk}")
    return raw


def user_for_token(raw: str):
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True, user__is_staff=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def organisation_named(name: str) -> Organisation:
    """The organisation with this name (any case), or a new one that staff still have to review."""
    name = " ".join(name.split())
    found = Organisation.objects.filter(name__iexact=name).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Organisation.objects.create(name=name, needs_review=True)
    except IntegrityError:
        return Organisation.objects.get(name__iexact=name)


def organisation_names() -> list[str]:
    return list(Organisation.objects.order_by("name").values_list("name", flat=True)[:500])


@transaction.atomic
def sign_up(*, email: str, name: str, organisation: str):
    """The user for this address; a new one (no password, a profile) when there is none.

    Writes: a user and its professional profile, only for a new address. An existing account is
    returned unchanged, so the sign-up form tells nobody whether an address is known.
    """
    user = get_user_model().objects.filter(username=email).first()
    if user is None:
        user = get_user_model().objects.create_user(username=email, email=email, password=None)
        Professional.objects.create(
            user=user, name=name, organisation=organisation_named(organisation)
        )
    return user


def save_profile(*, user, name: str, organisation: str) -> Professional:
    """Writes: the user's professional profile (created when missing, e.g. for staff)."""
    professional, _created = Professional.objects.update_or_create(
        user=user, defaults={"name": name, "organisation": organisation_named(organisation)}
    )
    return professional
