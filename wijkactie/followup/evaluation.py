"""The evaluation after a session: only for people who were there, once per person, answers
without a name.

After the end, the worker asks everyone present at some part (through the outbox, with their
certificate attached); five days later it reminds, once, those who have not answered; after 14
days the link closes. An answer is stored without any link to the person (EvaluationAnswer): the
invitation only remembers *that* it was used.
"""

import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkactie.core import mails
from wijkactie.core.services import log_activity, queue_mail
from wijkactie.events.mails import manage_url
from wijkactie.events.models import Event, Registration
from wijkactie.followup.models import (
    Attendance,
    Evaluation,
    EvaluationAnswer,
    EvaluationInvite,
    PartTally,
)

OPEN_FOR = timedelta(days=14)
REMIND_AFTER = timedelta(days=5)
# Below this many answers the organisation type is not shown: with few answers it could tell
# who said what.
SHOW_ORGANISATION_TYPE_FROM = 5

DEFAULT_TEXTS = {
    "intro": gettext_lazy(
        "Wilt u ons vertellen wat u van de bijeenkomst vond? Het kost ongeveer drie minuten."
    ),
    "question_apply": gettext_lazy("Wat gaat u toepassen in uw werk?"),
    "question_improve": gettext_lazy("Wat kan beter?"),
    "question_topics": gettext_lazy("Welke onderwerpen wilt u in een volgende bijeenkomst?"),
}


class EvaluationRefused(Exception):
    """The link was used, or the evaluation is closed: the message says which, in Dutch."""


def settings_for(event: Event) -> Evaluation:
    """The event's evaluation settings (the defaults until the organiser changes them)."""
    return Evaluation.objects.filter(event=event).first() or Evaluation(event=event)


def text(evaluation: Evaluation, name: str) -> str:
    return getattr(evaluation, name) or str(DEFAULT_TEXTS[name])


def closes_at(event: Event) -> datetime:
    return event.ends_at + OPEN_FOR


def is_open(event: Event, now: datetime) -> bool:
    return event.ends_at <= now < closes_at(event)


def evaluation_url(invite: EvaluationInvite) -> str:
    return settings.SITE_URL + reverse("followup:evaluation", args=[invite.token])


def present_registrations(event: Event):
    """Confirmed, not anonymised, present at some part of the programme."""
    return (
        Registration.objects.filter(
            event=event,
            status=Registration.Status.CONFIRMED,
            anonymised_at__isnull=True,
            pk__in=Attendance.objects.filter(
                part__event=event, state=Attendance.State.PRESENT
            ).values("registration_id"),
        )
        .select_related("event")
        .order_by("pk")
    )


def send_evaluations(*, now: datetime | None = None) -> int:
    """The worker's job, every round: invite whoever was present and has no invitation yet,
    remind once after five days. Returns how many mails it queued.

    Writes: invitations (one per registration) and outbox mails (keyed, so never twice)."""
    now = now or timezone.now()
    events = Event.objects.filter(
        is_published=True,
        cancelled_at__isnull=True,
        ends_at__lte=now,
        ends_at__gt=now - OPEN_FOR,
    ).exclude(evaluation__is_on=False)
    queued = 0
    for event in events:
        with transaction.atomic():
            invited = set(
                EvaluationInvite.objects.filter(registration__event=event).values_list(
                    "registration_id", flat=True
                )
            )
            for registration in present_registrations(event).exclude(pk__in=invited):
                invite = EvaluationInvite.objects.create(
                    registration=registration, token=secrets.token_urlsafe(32)
                )
                queued += _queue(invite, registration, "evaluation")
            due = EvaluationInvite.objects.filter(
                registration__event=event,
                registration__anonymised_at__isnull=True,
                answered=False,
                reminded_at__isnull=True,
                created_at__lte=now - REMIND_AFTER,
            ).select_related("registration__event")
            for invite in due:
                queued += _queue(invite, invite.registration, "evaluation_reminder")
            due.update(reminded_at=now)
    return queued


def _queue(invite: EvaluationInvite, registration: Registration, kind: str) -> int:
    """The invitation carries the certificate; the reminder only the link."""
    attachments = (
        (mails.attach("followup.certificate", registration=registration),)
        if kind == "evaluation"
        else ()
    )
    return (
        queue_mail(
            template=f"followup/mail/{kind}.txt",
            context={
                "registration": registration,
                "event": registration.event,
                "invite_url": evaluation_url(invite),
                "manage_url": manage_url(registration),
                "contact_email": registration.event.contact_email
                or settings.WIJKACTIE_CONTACT_EMAIL,
                "closes_at": closes_at(registration.event),
            },
            language=registration.language,
            key=f"{kind}:{registration.pk}",
            topic=kind,
            to=registration.email,
            object_ref=f"events.registration:{registration.pk}",
            attachments=attachments,
        )
        is not None
    )


@dataclass(frozen=True)
class Answers:
    grade: int
    usefulness: dict[int, int]  # part id → 1..5, only attended parts
    will_apply: str
    improve: str
    topics: str


def invite_for(token: str) -> EvaluationInvite | None:
    return (
        EvaluationInvite.objects.select_related("registration__event", "registration__organisation")
        .filter(token=token, registration__anonymised_at__isnull=True)
        .first()
    )


def attended_part_ids(registration: Registration) -> list[int]:
    return list(
        Attendance.objects.filter(
            registration=registration, state=Attendance.State.PRESENT
        ).values_list("part_id", flat=True)
    )


def submit_evaluation(*, token: str, answers: Answers, now: datetime | None = None) -> None:
    """Store one person's answers without a link to them, and mark their link as used.

    Writes: one EvaluationAnswer (event, organisation type, answers; the event's answers written
    again in content order), the parts' tallies, and the invitation's "answered". Refuses
    (EvaluationRefused): a used link, a closed evaluation."""
    now = now or timezone.now()
    with transaction.atomic():
        invite = (
            EvaluationInvite.objects.select_for_update()
            .select_related("registration__event", "registration__organisation")
            .filter(token=token, registration__anonymised_at__isnull=True)
            .first()
        )
        if invite is None:
            raise EvaluationRefused(_("Deze link hoort bij geen evaluatie."))
        if invite.answered:
            raise EvaluationRefused(
                _(
                    "Met deze link is de evaluatie al ingevuld. Dank u wel; u kunt maar één keer antwoorden."
                )
            )
        registration = invite.registration
        if not is_open(registration.event, now):
            raise EvaluationRefused(_("De evaluatie is gesloten."))
        attended = attended_part_ids(registration)
        Event.objects.select_for_update().filter(pk=registration.event_id).first()  # one at a time
        answer = EvaluationAnswer(
            event=registration.event,
            grade=answers.grade,
            will_apply=answers.will_apply,
            improve=answers.improve,
            topics=answers.topics,
            organisation_type=registration.organisation.kind if registration.organisation else "",
        )
        scores = {part: answers.usefulness.get(part, 0) for part in attended}
        _rewrite_in_content_order(registration.event_id, answer, scores)
        invite.answered = True
        invite.save(update_fields=["answered"])


def _content(answer: EvaluationAnswer) -> tuple:
    return (
        answer.grade,
        answer.will_apply,
        answer.improve,
        answer.topics,
        answer.organisation_type,
    )


def _rewrite_in_content_order(event_id: int, answer: EvaluationAnswer, scores: dict) -> None:
    """Add one answer and its part scores, then write all of the event's answers and tallies
    again, sorted by what they say: the rows' keys, SQLite's rowids and PostgreSQL's heap order
    then follow the content, never the order in which people answered (a later answer is not
    "the last row"). Chosen over holding answers back until several exist: nothing waits, the
    results are there at once. Costs one rewrite of the event's answers per answer (a few
    hundred rows at most)."""
    answers = [*EvaluationAnswer.objects.filter(event_id=event_id), answer]
    counts = Counter(
        {(t.part_id, t.score): t.count for t in PartTally.objects.filter(event_id=event_id)}
    )
    counts.update((part, score) for part, score in scores.items())
    EvaluationAnswer.objects.filter(event_id=event_id).delete()
    PartTally.objects.filter(event_id=event_id).delete()
    for row in answers:
        row.id = uuid.uuid4()
    EvaluationAnswer.objects.bulk_create(sorted(answers, key=_content))
    PartTally.objects.bulk_create(
        PartTally(event_id=event_id, part_id=part, score=score, count=n)
        for (part, score), n in sorted(counts.items())
    )


def save_evaluation_settings(*, event_id: int, values: dict, actor=None) -> Evaluation:
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.update_or_create(
            event_id=event_id, defaults=values
        )
        log_activity(
            actor=actor, verb="evaluation_settings_changed", obj_ref=f"events.event:{event_id}"
        )
    return evaluation
