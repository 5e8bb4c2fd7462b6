from django.utils.http import url_has_allowed_host_and_scheme

from wijkactie.core.forms import text_problem


def local_target(request, target: str) -> str:
    """`target` when it is a path on this site ("/beheer/…"), else "". Anything else that came
    with a request (another host, `javascript:`, a view name) is never redirected to."""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and not text_problem(target, multiline=False)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return ""
