"""Divide an event's confirmed registrants into afternoon groups and print them as JSON.

    python -m wijkactie assign_groups corporaties-en-bewonersinitiatieven --size 6 [--dry-run]
    [--case ID ...]   (default: the cases accepted for this event, oldest first)

Without --dry-run the groups are saved (replacing earlier ones) and each gets an ACTIE group
session; the first superuser facilitates unless --facilitator names a user.
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from wijkactie.events.models import Event
from wijkactie.initiatives.grouping import AssignmentError, assign_groups
from wijkactie.initiatives.models import PracticeCase
from wijkactie.office import afternoon


class Command(BaseCommand):
    help = "Deel de bevestigde deelnemers van een bijeenkomst in middaggroepen in (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument("--size", type=int, required=True, help="gewenste groepsgrootte")
        parser.add_argument("--case", type=int, action="append", dest="cases", default=None)
        parser.add_argument("--dry-run", action="store_true", help="niets opslaan")
        parser.add_argument("--facilitator", help="gebruikersnaam van de begeleider")

    def handle(self, *args, event_slug, size, cases, dry_run, facilitator, **options):
        event = Event.objects.filter(slug=event_slug).first()
        if event is None:
            self.stderr.write(f"Onbekende bijeenkomst: {event_slug}")
            sys.exit(2)
        if cases is None:
            cases = list(
                PracticeCase.objects.filter(
                    accepted_event=event,
                    status__in=[PracticeCase.Status.ACCEPTED, PracticeCase.Status.PUBLISHED],
                )
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)
            )
        people = afternoon.afternoon_people(event)
        try:
            groups = assign_groups(people, afternoon.afternoon_cases(cases), size)
            if not dry_run:
                users = get_user_model().objects
                actor = (
                    users.get(username=facilitator)
                    if facilitator
                    else users.filter(is_superuser=True).order_by("pk").first()
                )
                afternoon.save_afternoon_groups(event=event, case_ids=cases, size=size, actor=actor)
        except AssignmentError as error:
            self.stderr.write(str(error))
            sys.exit(2)
        self.stdout.write(
            json.dumps(
                {
                    "event": event.slug,
                    "size": size,
                    "saved": not dry_run,
                    "groups": [
                        {
                            "number": g.number,
                            "case": {"id": g.case.id, "title": g.case.title} if g.case else None,
                            "members": [
                                {
                                    "registration": p.id,
                                    "name": p.name,
                                    "organisation": p.organisation,
                                    "role": p.role,
                                }
                                for p in g.members
                            ],
                            "reasons": g.reasons,
                        }
                        for g in groups
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
