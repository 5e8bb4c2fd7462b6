"""Demo data after a session: a past session of the programme with attendance per part, ten
evaluation answers and a terugblik with one material and two published cases."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wijkactie.events.demo import (
    CONTACT,
    PROGRAMME_SLUG,
    SEED_AUDIENCE,
    SEED_LOCATION,
    SEED_PROGRAMME,
    add_programme,
    at,
    fill,
)
from wijkactie.events.models import Event, Programme, Registration
from wijkactie.followup import attendance, evaluation, recap
from wijkactie.followup.models import Evaluation, EvaluationInvite
from wijkactie.initiatives import services as cases

PAST_SLUG = "actie-instrument-eerste-ronde"
PAST_INTRO = (
    "De eerste kennissessie over het ACTIE-instrument: hoe zie je of een bewonersinitiatief "
    "Animo, Contacten, Toerusting, Inbedding en Empathie heeft, en welke rol past de "
    "professional dan?"
)
REPORT = """Veertien professionals van corporaties, gemeenten en wijkteams werkten een dag met het
ACTIE-instrument.

**Wat we leerden**

- Begin bij *Animo*: zonder energie bij bewoners helpt geen enkele regeling.
- *Inbedding* is vaak het zwakste punt: wie kent het initiatief buiten de eigen kring?
- Vraag bij twijfel liever door dan dat u het initiatief overneemt.

In het middagdeel bespraken we twee casussen; die staan hieronder.
"""
ANSWERS = [
    (9, 5, 4, "De vijf letters gebruiken in mijn eerste gesprek met bewoners.", "", "Financiering"),
    (8, 4, 4, "Doorvragen op Inbedding.", "Meer tijd voor de casussen.", ""),
    (8, 4, 5, "", "De pauze was kort.", "Samenwerking met wijkteams"),
    (7, 3, 4, "De scan samen met het wijkteam invullen.", "", ""),
    (9, 5, 5, "Mijn rol bewuster kiezen.", "", "Jongeren en initiatieven"),
    (6, 3, 3, "", "Het geluid viel soms weg.", ""),
    (8, 4, 4, "Het gesprek over Empathie aangaan.", "", ""),
    (10, 5, 5, "Alles!", "", "Vervolgsessie met eigen casussen"),
    (7, 4, 3, "", "Minder theorie, meer praktijk.", ""),
    (8, 4, 4, "De groepsscan met collega's.", "", "Eenzaamheid in de buurt"),
]
CASES = [
    (
        "Moestuin achter de flat",
        "Drie bewoners beginnen een moestuin op het binnenterrein. Na een jaar trekt één van "
        "hen zich terug.",
        "Hoe houdt een klein initiatief het vol als een trekker stopt?",
    ),
    (
        "Buurtkamer in een leeg winkelpand",
        "Een corporatie stelt een leeg pand beschikbaar; bewoners willen er een buurtkamer van "
        "maken, maar er zijn zorgen over beheer en sleutels.",
        "Welke rol neemt de corporatie: aanjagen, faciliteren of loslaten?",
    ),
]


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text, written out by hand so the demo needs no PDF
    library (WeasyPrint needs Pango, and the demo must load without it)."""
    text = (
        "BT /F1 14 Tf 72 760 Td 18 TL "
        + " ".join(
            "({}) '".format(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
            for line in lines
        )
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed_followup(organisations, seed_event: Event | None) -> Event | None:
    """The past session, once (idempotent). Returns it."""
    if Event.objects.filter(slug=PAST_SLUG).exists():
        return None
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    day = timezone.localdate() - timedelta(days=10)  # the evaluation is still open
    later = timezone.localdate() + timedelta(days=400)
    with transaction.atomic():
        # Registered while it was still to come, through the capacity service; then moved back.
        event = Event.objects.create(
            slug=PAST_SLUG,
            title="Het ACTIE-instrument: eerste ronde",
            programme=programme,
            is_published=True,
            teaser=PAST_INTRO,
            introduction=PAST_INTRO,
            starts_at=at(later, 10, 30),
            ends_at=at(later, 14, 30),
            location_kind=Event.LocationKind.ONLINE,
            online_platform="Microsoft Teams",
            location_text=SEED_LOCATION,
            audience=SEED_AUDIENCE,
            price_excl_vat=seed_event.price_excl_vat if seed_event else 125,
            contact_name="Programmateam Werken aan leefbare wijken",
            contact_email=CONTACT,
            capacity=20,
        )
        add_programme(event, SEED_PROGRAMME)
        fill(event, organisations, people=14, confirm_all=True)
        Event.objects.filter(pk=event.pk).update(
            starts_at=at(day, 10, 30),
            ends_at=at(day, 14, 30),
            registration_closes_at=at(day, 9, 0),
        )
        event.refresh_from_db()
        _attendance(event)
        _evaluation(event)
        _recap(event, organisations)
    return event


def _attendance(event: Event) -> None:
    """Twelve at both parts, one only in the morning, one who did not come."""
    morning, afternoon = attendance.sessions(event)
    confirmed = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("pk")
    )
    for n, registration in enumerate(confirmed):
        states = {morning: "present", afternoon: "present"}
        if n == len(confirmed) - 2:
            states[afternoon] = "absent"
        if n == len(confirmed) - 1:
            states = {morning: "absent", afternoon: "absent"}
        for part, state in states.items():
            attendance.set_attendance(
                registration_id=registration.pk, part_id=part.pk, state=state, source="teams"
            )


def _evaluation(event: Event) -> None:
    """Invitations for whoever came, ten of them answered (without names)."""
    Evaluation.objects.create(event=event, on_recap=True)
    morning, afternoon = attendance.sessions(event)
    for n, registration in enumerate(evaluation.present_registrations(event)):
        invite = EvaluationInvite.objects.create(
            registration=registration, token=secrets.token_urlsafe(32)
        )
        if n >= len(ANSWERS):
            continue
        grade, useful_morning, useful_afternoon, apply, improve, topics = ANSWERS[n]
        evaluation.submit_evaluation(
            token=invite.token,
            answers=evaluation.Answers(
                grade,
                {morning.pk: useful_morning, afternoon.pk: useful_afternoon},
                apply,
                improve,
                topics,
            ),
        )


def _recap(event: Event, organisations) -> None:
    recap.add_material(
        event_id=event.pk,
        title="Dia's van het ochtenddeel",
        filename="actie-instrument-ochtenddeel.pdf",
        data=tiny_pdf(
            [
                "Het ACTIE-instrument",
                "Animo - Contacten - Toerusting - Inbedding - Empathie",
                "Werken aan leefbare wijken",
            ]
        ),
        audience="public",
    )
    for title, situation, question in CASES:
        case = cases.submit_case(
            data={
                "kind": "vraagstuk",
                "title": title,
                "situation": situation,
                "question": question,
                "municipality": "Oosterwolde",
                "contributor_name": "Demo-inbrenger",
                "contributor_organisation": organisations[0].name,
                "contributor_email": "inbrenger@linie.example",
                "may_use_in_session": True,
                "may_publish": True,
            },
            themes=[],
            event=event,
        )
        cases.accept_case(case=case, actor=None, event=event, for_publication=True)
        cases.publish_case(case=case, actor=None)
    recap.save_recap(event_id=event.pk, report=REPORT, is_published=True)
