"""Requests from a person about their own data (AVG art. 15 and 17), by e-mail address.

`export` gathers everything the system holds under one address: registrations with their
attendance per part, mails and invoices, a professional account with its scans, contributed cases, and the initiatives that
name the address as their contact. `erase` removes or
anonymises it, except what the fiscal retention obligation keeps: an invoice stays as issued (it
names the attendee), so its registration is anonymised but not deleted, and the export says so.
Group participants have no e-mail address here, so they cannot be found by one; they are deleted
90 days after their session anyway.

This module reads and writes across the apps on purpose: a request is about a person, not an app.
Staff run it as `python -m wijkactie personal_data EMAIL [--erase --yes]`.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wijkactie.actie.models import Scan
from wijkactie.core.models import OutgoingEmail
from wijkactie.core.services import log_activity
from wijkactie.events.models import Registration
from wijkactie.events.retention import anonymise
from wijkactie.followup.models import Attendance, Certificate, EvaluationInvite
from wijkactie.initiatives.models import CaseRevision, Initiative, PracticeCase
from wijkactie.invoices.models import Invoice, InvoiceLine


def _registrations(email: str):
    return Registration.objects.filter(email__iexact=email).select_related("event", "organisation")


def export(email: str) -> dict:
    email = email.strip().lower()
    registrations = list(_registrations(email))
    user = get_user_model().objects.filter(username=email).select_related("professional").first()
    scans = list(Scan.objects.filter(author=user).select_related("initiative")) if user else []
    return {
        "email": email,
        "registrations": [
            {
                "event": r.event.title,
                "date": r.event.starts_at.isoformat(),
                "status": r.status,
                "name": r.full_name,
                "organisation": r.organisation.name,
                "role": r.role,
                "billing_address": r.billing_address,
                "billing_reference": r.billing_reference,
                "invoice_email": r.invoice_email,
                "registered_at": r.created_at.isoformat(),
                "attendance": [
                    {"part": a.part.label, "state": a.state, "source": a.source}
                    for a in Attendance.objects.filter(registration=r).select_related("part")
                ],
                # The answers themselves are stored without a link to anyone, so they cannot
                # be found (or given) for a person: only whether the link was used.
                "evaluation": [
                    {"invited_at": i.created_at.isoformat(), "answered": i.answered}
                    for i in EvaluationInvite.objects.filter(registration=r)
                ],
                "certificates": [
                    {"code": c.code, "hours": str(c.hours)}
                    for c in Certificate.objects.filter(registration=r)
                ],
                "invoices": sorted(
                    set(
                        InvoiceLine.objects.filter(registration=r).values_list(
                            "invoice__number", flat=True
                        )
                    )
                    | set(Invoice.objects.filter(registration=r).values_list("number", flat=True))
                ),
            }
            for r in registrations
        ],
        "mails": [
            {
                "kind": m.topic,
                "subject": m.subject,  # filled in once the mail is sent
                "created_at": m.created_at.isoformat(),
                "status": m.status,
            }
            for m in OutgoingEmail.objects.filter(to__iexact=email).order_by("created_at")
        ],
        "account": {
            "name": user.professional.name,
            "organisation": user.professional.organisation.name,
            "created_at": user.date_joined.isoformat(),
        }
        if user and hasattr(user, "professional")
        else None,
        "scans": [
            {
                "initiative": s.initiative.name if s.initiative_id else None,
                "level": s.level,
                "created_at": s.created_at.isoformat(),
                "answers": s.answers,
                "notes": s.notes,
                "chosen_approach": s.chosen_approach,
                "rationale": s.rationale,
            }
            for s in scans
        ],
        "cases": [
            {"title": c.title, "status": c.status, "created_at": c.created_at.isoformat()}
            for c in PracticeCase.objects.filter(contributor_email__iexact=email)
        ],
        "initiative_contacts": [
            {"initiative": i.name, "contact_name": i.contact_name, "contact_email": i.contact_email}
            for i in Initiative.objects.filter(contact_email__iexact=email)
        ],
    }


@transaction.atomic
def erase(email: str, *, actor=None) -> dict:
    """Writes: deletes the account (with its scans), mails and unused cases; anonymises the rest.

    Registrations are anonymised, never deleted: seat history and invoices depend on them.
    Cases that were accepted or published lose the contributor's name and e-mail; others go.
    """
    email = email.strip().lower()
    now = timezone.now()
    registrations = Registration.objects.filter(email__iexact=email, anonymised_at__isnull=True)
    refs = [f"events.registration:{pk}" for pk in registrations.values_list("pk", flat=True)]
    kept_for_invoices = (
        registrations.filter(Q(invoices__isnull=False) | Q(invoice_lines__isnull=False))
        .distinct()
        .count()
    )
    # First: seats go back to the queue (the mails this writes are deleted just below).
    anonymised = anonymise(registrations, now=now, actor=actor)
    mails, _ = OutgoingEmail.objects.filter(to__iexact=email).delete()
    mails += OutgoingEmail.objects.filter(object_ref__in=refs).delete()[0]
    cases = PracticeCase.objects.filter(contributor_email__iexact=email)
    in_use = cases.filter(status__in=[PracticeCase.Status.ACCEPTED, PracticeCase.Status.PUBLISHED])
    # Earlier texts may hold what the editors took out; only the public text stays.
    CaseRevision.objects.filter(case__in=list(in_use)).delete()
    cases_anonymised = in_use.update(
        contributor_name="(verwijderd)", contributor_email="verwijderd@geanonimiseerd.invalid"
    )
    cases_deleted = cases.exclude(pk__in=in_use.values("pk")).count()
    cases.exclude(pk__in=in_use.values("pk")).delete()
    contacts = Initiative.objects.filter(contact_email__iexact=email).update(
        contact_name="", contact_email=""
    )
    user = get_user_model().objects.filter(username=email).first()
    scans = Scan.objects.filter(author=user).count() if user else 0
    if user is not None:
        user.delete()
    counts = {
        "registrations_anonymised": anonymised,
        "of_which_kept_for_invoices": kept_for_invoices,
        "mails_deleted": mails,
        "cases_anonymised": cases_anonymised,
        "cases_deleted": cases_deleted,
        "account_deleted": int(user is not None),
        "scans_deleted": scans,
        "initiative_contacts_removed": contacts,
    }
    log_activity(actor=actor, verb="personal_data_erased", obj_ref="request", data=counts)
    return counts
