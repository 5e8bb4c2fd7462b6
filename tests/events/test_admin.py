"""Saves in Django admin go through the services: activity entries and phase history (issue 10)."""

from datetime import time, timedelta

from django.utils import timezone

from wijkactie.core.models import ActivityLog
from wijkactie.events.models import Event, ProgrammePart
from wijkactie.initiatives.models import Initiative, PhaseChange


def event_form(**changes):
    start = timezone.localtime(timezone.now() + timedelta(days=20)).replace(microsecond=0)
    data = {
        "slug": "nieuw-in-admin",
        "title": "Nieuw in admin",
        "programme_name": "Werken aan leefbare wijken",
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00:00",
        "ends_at_0": start.strftime("%Y-%m-%d"),
        "ends_at_1": "12:00:00",
        "location_kind": "online",
        "capacity": "20",
        "price_excl_vat": "0",
        "vat_rate": "21",
        "offer_hours": "48",
        "presence_threshold": "75",
        "accreditation_points_per_hour": "1",
        "contribution_title": "Doe mee",
        "full_notice": "Vol.",
        "is_published": "on",
        "requires_all_parts": "on",
        "parts-TOTAL_FORMS": "0",
        "parts-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_an_event_made_and_changed_in_admin_leaves_activity_entries(admin_client):
    response = admin_client.post("/admin/events/event/add/", event_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="nieuw-in-admin")
    assert ActivityLog.objects.filter(verb="event_created", object_ref=f"events.event:{event.pk}")
    response = admin_client.post(
        f"/admin/events/event/{event.pk}/change/", event_form(capacity="30")
    )
    assert response.status_code == 302
    assert ActivityLog.objects.filter(verb="event_updated", object_ref=f"events.event:{event.pk}")
    assert Event.objects.get(pk=event.pk).capacity == 30


def test_the_programme_is_read_only_in_admin_and_changes_in_the_office_only(
    admin_client, make_event
):
    """The office's editor versions a programme change and tells registrants; an inline or the
    part's own admin page writing past it would change the programme unseen."""
    event = make_event(is_published=False)
    part = ProgrammePart.objects.create(
        event=event, position=0, starts_at=time(10), ends_at=time(12), label="ochtenddeel"
    )
    posted = event_form(
        slug=event.slug,
        **{
            "parts-TOTAL_FORMS": "1",
            "parts-INITIAL_FORMS": "1",
            "parts-0-id": str(part.pk),
            "parts-0-event": str(event.pk),
            "parts-0-label": "veranderd",
        },
    )
    admin_client.post(f"/admin/events/event/{event.pk}/change/", posted)
    admin_client.post(f"/admin/events/event/{event.pk}/change/", event_form(slug=event.slug))
    assert list(event.parts.values_list("label", flat=True)) == ["ochtenddeel"]
    assert admin_client.get(f"/admin/events/programmepart/{part.pk}/change/").status_code == 200
    assert admin_client.get("/admin/events/programmepart/add/").status_code == 403
    admin_client.post(f"/admin/events/programmepart/{part.pk}/change/", {"label": "anders"})
    admin_client.post(f"/admin/events/programmepart/{part.pk}/delete/", {"post": "yes"})
    assert list(event.parts.values_list("label", flat=True)) == ["ochtenddeel"]


def test_a_phase_changed_in_admin_writes_the_phase_history(admin_client, fleur, themes):
    initiative = Initiative.objects.create(
        name="Moestuin", organisation=fleur.professional.organisation, phase=1, origin="bewoners"
    )
    page = admin_client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None and name not in ("themes", "created_by", "created_at", "updated_at")
    }
    data.update({"phase": "3", "organisation": initiative.organisation_id})
    response = admin_client.post(f"/admin/initiatives/initiative/{initiative.pk}/change/", data)
    assert response.status_code == 302, page.content.decode()[:200]
    initiative.refresh_from_db()
    assert initiative.phase == 3
    assert list(
        PhaseChange.objects.filter(initiative=initiative).values_list("phase", flat=True)
    ) == [3]
