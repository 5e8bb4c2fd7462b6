"""The afternoon casework of a session: groups of registrants around practice cases, each with
an ACTIE group session. Each function says what it writes and sends.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkactie.actie import services as actie
from wijkactie.actie.models import GroupSession
from wijkactie.core.services import log_activity, queue_mail
from wijkactie.events.models import Event, Registration
from wijkactie.initiatives.grouping import Case, Person, assign_groups
from wijkactie.initiatives.models import (
    CaseGroup,
    CaseGroupMember,
    PracticeCase,
)


def afternoon_people(event: Event) -> list[Person]:
    registrations = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .select_related("organisation")
        .order_by("pk")
    )
    return [
        Person(
            id=r.pk,
            name=r.full_name,
            organisation=r.organisation.name if r.organisation_id else "",
            role=r.role,
            email=r.email,
        )
        for r in registrations
    ]


def afternoon_cases(case_ids: list[int]) -> list[Case]:
    cases = {c.pk: c for c in PracticeCase.objects.filter(pk__in=case_ids)}
    return [
        Case(id=c.pk, title=c.title, contributor_email=c.contributor_email)
        for c in (cases[i] for i in case_ids if i in cases)
    ]


@transaction.atomic
def save_afternoon_groups(
    *, event: Event, case_ids: list[int], size: int, actor
) -> list[CaseGroup]:
    """Divide the confirmed registrants into groups and prepare an ACTIE group session per group.

    Writes: replaces the event's groups, members and their group sessions, creates one group
    session per group (the acting staff member facilitates). Refuses (AssignmentError) what
    cannot be divided.
    """
    groups = assign_groups(afternoon_people(event), afternoon_cases(case_ids), size)
    # A new division replaces the old one, with the group sessions (and join codes) it made.
    old = CaseGroup.objects.filter(event=event)
    GroupSession.objects.filter(case_group__in=old).delete()
    old.delete()
    cases = PracticeCase.objects.in_bulk([g.case.id for g in groups if g.case])
    saved = []
    for group in groups:
        case = cases.get(group.case.id) if group.case else None
        session = actie.create_group_session(
            facilitator=actor,
            organisation=None,
            open_until=event.ends_at + timedelta(hours=2),
            data={
                "title": _("Groep %(n)s: %(title)s") % {"n": group.number, "title": case.title}
                if case
                else _("Groep %(n)s") % {"n": group.number},
                "case_summary": (case.situation if case else event.title)[:2000],
                "event": event,
                "case": case,
            },
        )
        row = CaseGroup.objects.create(
            event=event, number=group.number, case=case, explanation=group.reasons, session=session
        )
        CaseGroupMember.objects.bulk_create(
            [CaseGroupMember(group=row, registration_id=p.id) for p in group.members]
        )
        saved.append(row)
    log_activity(
        actor=actor,
        verb="afternoon_groups_assigned",
        obj_ref=f"events.event:{event.pk}",
        data={"groups": len(saved), "size": size},
    )
    return saved


@transaction.atomic
def move_member(*, event: Event, registration_id: int, group_number: int, actor) -> None:
    """Writes: one person's group (by hand, after the automatic division)."""
    member = CaseGroupMember.objects.select_related("group").get(
        registration_id=registration_id, group__event=event
    )
    member.group = CaseGroup.objects.get(event=event, number=group_number)
    member.save(update_fields=["group"])
    log_activity(
        actor=actor,
        verb="afternoon_member_moved",
        obj_ref=f"events.registration:{registration_id}",
        data={"group": group_number},
    )


@transaction.atomic
def mail_afternoon_groups(*, event: Event) -> int:
    """Sends: each member their group, case summary and join code (once per group and person)."""
    count = 0
    groups = CaseGroup.objects.filter(event=event).select_related("case", "session")
    for group in groups:
        for member in group.members.select_related("registration"):
            registration = member.registration
            queue_mail(
                template="initiatives/mail/afternoon_group.txt",
                context={
                    "event": event,
                    "group": group,
                    "registration": registration,
                    "join_url": settings.SITE_URL
                    + reverse("actie:participant_start", args=[group.session.code])
                    if group.session
                    else "",
                },
                language=registration.language,
                key=f"afternoon:{group.pk}:{registration.pk}",
                topic="afternoon_group",
                to=registration.email,
                object_ref=f"events.registration:{registration.pk}",
            )
            count += 1
    return count
