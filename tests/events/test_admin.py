"""Saves in Django admin go through the services: activity entries and phase history (issue 10)."""

from datetime import timedelta

from django.utils import timezone

from wijkactie.core.models import ActivityLog
from wijkactie.events.models import Event
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
        "contribution_title": "Doe mee",
        "full_notice": "Vol.",
        "is_published": "on",
        "requires_all_parts": "on",
        "parts-TOTAL_FORMS": "1",
        "parts-INITIAL_FORMS": "0",
        "parts-0-position": "0",
        "parts-0-starts_at": "10:00",
        "parts-0-ends_at": "12:00",
        "parts-0-kind": "session",
        "parts-0-label": "ochtenddeel",
        "parts-0-title": "",
    }
    data.update(changes)
    return data


def test_an_event_made_and_changed_in_admin_leaves_activity_entries(admin_client):
    response = admin_client.post("/admin/events/event/add/", event_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="nieuw-in-admin")
    assert event.parts.get().label == "ochtenddeel"
    assert ActivityLog.objects.filter(verb="event_created", object_ref=f"events.event:{event.pk}")
    part = event.parts.get()
    response = admin_client.post(
        f"/admin/events/event/{event.pk}/change/",
        event_form(
            capacity="30",
            **{
                "parts-INITIAL_FORMS": "1",
                "parts-0-id": str(part.pk),
                "parts-0-event": str(event.pk),
            },
        ),
    )
    assert response.status_code == 302
    assert ActivityLog.objects.filter(verb="event_updated", object_ref=f"events.event:{event.pk}")


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
