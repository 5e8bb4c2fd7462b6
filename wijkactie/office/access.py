"""Access by construction: a staff page of one event names the event in its URL, and
`event_view` resolves it for the signed-in staff member before the view runs.

    @event_view
    @require_POST
    def event_publish(request, event): ...

The view receives the Event, never the slug: a view that cannot reach another programme's event
by its own query cannot leak it. An event the staff member may not see is a 404, the same as one
that does not exist (events.access.event_for); a signed-out visitor goes to the sign-in page.
tests/test_staff_isolation.py walks every staff route to hold this.
"""

from functools import wraps

from wijkactie.accounts.access import staff_required
from wijkactie.events.access import event_for


def event_view(view):
    @staff_required
    @wraps(view)
    def wrapper(request, slug: str, *args, **kwargs):
        return view(request, event_for(request.user, slug), *args, **kwargs)

    return wrapper
