"""What followup adds to the events' pages (connected in FollowupConfig.ready): the terugblik on
the public event page, the certificate, evaluation and materials on the personal page, and a
"Terugblik" label on the cards of past sessions."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.followup import evaluation, recap, results
from wijkactie.followup.certificates import attended_parts
from wijkactie.followup.models import EvaluationInvite, Material, Recap
from wijkactie.initiatives.models import PracticeCase


def recap_contents(event) -> dict:
    """The materials and the published cases of the afternoon (the staff page shows these too)."""
    return {
        "materials": list(Material.objects.filter(event=event)),
        "cases": list(
            PracticeCase.objects.filter(
                accepted_event=event, status=PracticeCase.Status.PUBLISHED
            ).order_by("title")
        ),
    }


def recap_context(event) -> dict:
    chosen = evaluation.settings_for(event)
    grade, rate, answered = results.headline(event) if chosen.on_recap else (None, None, 0)
    return {
        "event": event,
        **recap_contents(event),
        "grade": grade,
        "response_rate": rate,
        "answered": answered,
    }


def event_page(sender, *, event, request, **kwargs) -> str:
    found = recap.published_recap(event)
    if found is None:
        return ""
    context = recap_context(event) | {"recap": found}
    return render_to_string("followup/_recap.html", context, request=request)


def personal_page(sender, *, registration, request, **kwargs) -> str:
    event = registration.event
    now = timezone.now()
    if event.ends_at > now or event.cancelled_at:
        return ""
    parts = attended_parts(registration)  # attendance is the truth, as for the certificate
    invite = EvaluationInvite.objects.filter(registration=registration).first()
    published = recap.published_recap(event)
    materials = list(Material.objects.filter(event=event)) if published else []
    if not recap.was_there(registration):
        materials = [m for m in materials if m.audience == Material.Audience.PUBLIC]
    if not (parts or materials or invite):
        return ""
    return render_to_string(
        "followup/_personal.html",
        {
            "registration": registration,
            "parts": parts,
            "hours": sum(p.hours for p in parts),
            "invite": invite
            if invite and not invite.answered and evaluation.is_open(event, now)
            else None,
            "materials": materials,
            "recap": published,
        },
        request=request,
    )


def past_event_labels(sender, *, events, **kwargs) -> dict[int, str]:
    with_recap = Recap.objects.filter(
        event__in=[e.pk for e in events], is_published=True
    ).values_list("event_id", flat=True)
    return {pk: _("Terugblik") for pk in with_recap}
