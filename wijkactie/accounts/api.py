"""Who calls the staff API: a personal API key, sent as `Authorization: Token <key>`."""

from ninja.security import APIKeyHeader

from wijkactie.accounts.services import user_for_token


class StaffToken(APIKeyHeader):
    """A staff member's API key (made on /beheer/api-sleutels/). A missing or wrong key is 401."""

    param_name = "Authorization"

    def authenticate(self, request, key):
        scheme, _sep, raw = (key or "").partition(" ")
        if scheme != "Token" or not raw.strip():
            return None
        return user_for_token(raw.strip())


staff_token = StaffToken()
