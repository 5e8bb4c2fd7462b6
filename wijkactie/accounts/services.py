from django.utils import timezone

from wijkactie.accounts.models import ApiToken, hash_token
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
