"""Who may open the staff pages (`/beheer/`).

Two roles: **programme staff** (`is_staff`) prepare and run the events of the programmes they
organise (events.access scopes them), review cases and run the afternoon groups; **administrators**
(superusers) also manage organisations, partner periods, users, API keys and the outbox, and may
use Django admin. Someone signed in without the role gets 403; someone not signed in goes to the
site's own sign-in page.
"""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


def _requiring(allowed):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('staff_signin')}?{query}")
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = _requiring(lambda user: user.is_active and user.is_staff)
administrator_required = _requiring(is_administrator)
