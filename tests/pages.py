"""The pages of the demo site, per kind of visitor, for tests that visit every page."""

from django.db.models import F
from django.utils import timezone

from tests.followup.reports import teams_report
from wijkactie.actie.models import GroupSession, Scan
from wijkactie.actie.services import create_share_link
from wijkactie.core.models import OutgoingEmail
from wijkactie.events.changes import snapshot
from wijkactie.events.checkin import checkin_code
from wijkactie.events.demo import SEED_SLUG
from wijkactie.events.models import Event, EventMessage, Programme, ProgrammeVersion
from wijkactie.followup.certificates import issue_certificate
from wijkactie.followup.demo import PAST_SLUG
from wijkactie.followup.imports import read_teams_report
from wijkactie.followup.models import EvaluationInvite
from wijkactie.initiatives.inventory import check_import, upload_import
from wijkactie.initiatives.models import Initiative, PracticeCase


def public_pages() -> list[str]:
    event = Event.objects.get(slug=SEED_SLUG)
    registration = event.registrations.filter(status="confirmed").first()
    case = PracticeCase.objects.filter(status=PracticeCase.Status.PUBLISHED).first()
    initiative = Initiative.objects.filter(visibility=Initiative.Visibility.PUBLIC).first()
    pages = [
        "/",
        f"/bijeenkomsten/{event.slug}/",
        f"/programmas/{Programme.objects.first().slug}/",
        "/beheer/inloggen/",
        f"/aanmelding/{registration.manage_token}/",
        f"/aanmelding/{registration.manage_token}/?actie=afmelden",
        "/privacy/",
        "/voorwaarden/",
        "/toegankelijkheid/",
        "/account/inloggen/",
        "/account/inloggen/wachtwoord/",
        "/account/aanmelden/",
        "/actie/",
        "/actie/over/",
        "/actie/snel/",
        "/g/",
        "/casussen/",
        "/casussen/insturen/",
        "/initiatieven/",
    ]
    colleague = (
        event.registrations.filter(status="confirmed", registered_by__isnull=False)
        .exclude(registered_by=F("pk"))
        .first()
    )
    if colleague:  # a booker's page with the group, and replacing one of them
        booker = colleague.registered_by.manage_token
        pages += [f"/aanmelding/{booker}/", f"/aanmelding/{booker}/?vervang={colleague.pk}"]
    past = Event.objects.get(slug=PAST_SLUG)
    there = past.registrations.filter(evaluation_invite__answered=False).first()
    certificate = issue_certificate(registration_id=there.pk)
    pages += [
        f"/bijeenkomsten/{past.slug}/",
        f"/aanmelding/{there.manage_token}/",
        f"/evaluatie/{EvaluationInvite.objects.get(registration=there).token}/",
        "/certificaat/",
        f"/certificaat/{certificate.code}/",
    ]
    pages.append(f"/casussen/{case.pk}/")
    pages.append(f"/casussen/volg/{case.follow_token}/")  # the contributor's own page
    scan = Scan.objects.filter(level="professional").order_by("created_at").first()
    pages.append(f"/actie/gedeeld/{create_share_link(scan=scan, days=7, include_notes=False)}/")
    pages.append(f"/g/{GroupSession.objects.first().code}/")  # joining a group session
    if initiative:
        pages.append(f"/initiatieven/{initiative.pk}/")
    return pages


def professional_pages(user) -> list[str]:
    scan = Scan.objects.filter(author=user, level="professional").order_by("-created_at").first()
    pages = [
        "/account/",
        "/actie/scans/",
        "/actie/scans/nieuw/",
        "/actie/groepen/",
        "/initiatieven/importeren/",
        "/initiatieven/nieuw/",
        f"/actie/scans/{scan.public_id}/",
        f"/actie/scans/{scan.public_id}/overzicht/",
        f"/actie/scans/{scan.public_id}/delen/",
        f"/actie/scans/{scan.public_id}/gebied/A/",
    ]
    pages += [
        f"/actie/scans/{scan.public_id}/start/",
        f"/actie/scans/{scan.public_id}/verwijderen/",
    ]
    first, second = Scan.objects.filter(author=user, initiative__isnull=False).order_by(
        "created_at"
    )[:2]
    pages.append(f"/actie/scans/{second.public_id}/vergelijk/{first.public_id}/")
    chosen = Scan.objects.filter(author=user, next_checkin__isnull=False).first()
    if chosen and chosen != scan:
        pages.append(f"/actie/scans/{chosen.public_id}/")  # its date field holds a value
    if scan.initiative_id:
        pages.append(f"/actie/initiatieven/{scan.initiative_id}/")
        pages.append(f"/initiatieven/{scan.initiative_id}/bewerken/")
    # An inventory checked with one bad row: its report, before anyone confirms it.
    rows = "naam;gemeente;fase\nBuurttuin De Linde;Arnhem;2\nSpeeltuin;Arnhem;7\n"
    pending = upload_import(author=user, filename="inventarisatie.csv", content=rows.encode())
    check_import(import_id=pending.pk)
    pages.append(f"/initiatieven/importeren/{pending.pk}/")
    group = GroupSession.objects.filter(facilitator=user).first()
    if group:
        pages.append(f"/actie/groepen/{group.public_id}/")
    return pages


def staff_pages() -> list[str]:
    event = Event.objects.get(slug=SEED_SLUG)
    past = Event.objects.get(slug=PAST_SLUG)
    case = PracticeCase.objects.first()
    pages = [
        "/beheer/",
        f"/beheer/bijeenkomsten/{event.slug}/",
        f"/beheer/bijeenkomsten/{event.slug}/middag/",
        "/beheer/bijeenkomsten/nieuw/",
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        f"/beheer/bijeenkomsten/{event.slug}/voorbeeld/",
        f"/beheer/bijeenkomsten/{event.slug}/kopieren/",
        f"/beheer/bijeenkomsten/{event.slug}/aanmeldingen/",
        f"/beheer/bijeenkomsten/{event.slug}/wachtlijst/",
        f"/beheer/bijeenkomsten/{event.slug}/e-mail/",
        f"/beheer/bijeenkomsten/{event.slug}/facturen/",
        f"/beheer/bijeenkomsten/{event.slug}/berichten/",
        f"/beheer/bijeenkomsten/{event.slug}/annuleren/",
        f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/",
        f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/teams/",
        f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/inchecken/"
        f"{event.parts.filter(kind='session').first().pk}/",
        f"/beheer/inchecken/{checkin_code(event.registrations.filter(status='confirmed').first())}/",
        f"/beheer/aanmeldingen/{event.registrations.filter(status='confirmed').first().pk}/verplaatsen/",
        f"/beheer/aanmeldingen/{event.registrations.filter(status='confirmed').first().pk}/annuleren/",
        f"/beheer/aanmeldingen/{event.registrations.filter(status='confirmed').first().pk}/",
        f"/beheer/aanmeldingen/{past.registrations.filter(status='confirmed').first().pk}/",
        f"/beheer/aanmeldingen/{past.registrations.filter(status='confirmed').first().pk}/annuleren/",
        f"/beheer/bijeenkomsten/{past.slug}/aanwezigheid/",
        f"/beheer/bijeenkomsten/{past.slug}/evaluatie/",
        f"/beheer/bijeenkomsten/{past.slug}/terugblik/",
        f"/beheer/bijeenkomsten/{past.slug}/certificaten/",
        f"/beheer/bijeenkomsten/{event.slug}/evaluatie/",
        f"/beheer/bijeenkomsten/{event.slug}/terugblik/",
        "/beheer/mail/",
        "/beheer/casussen/",
        f"/beheer/casussen/{case.pk}/",
        "/beheer/organisaties/",
        "/beheer/api-sleutels/",
        "/beheer/initiatieven/dubbel/",
    ]
    message = EventMessage.objects.create(
        event=event, subject="Praktische informatie", body="Tot donderdag.", recipients=40
    )
    version = ProgrammeVersion.objects.create(
        event=event, number=1, snapshot=snapshot(event), created_at=timezone.now()
    )
    there = past.registrations.filter(status="confirmed")[:2]
    report = read_teams_report(
        event_id=past.pk,
        filename="Aanwezigheidsrapport.csv",
        data=teams_report([(r.full_name, r.email, [("10:28", "14:31")]) for r in there]),
    )
    pages += [
        f"/beheer/bijeenkomsten/{event.slug}/berichten/{message.pk}/",
        f"/beheer/bijeenkomsten/{event.slug}/wijziging/{version.number}/",
        f"/beheer/bijeenkomsten/{past.slug}/aanwezigheid/teams/{report.pk}/",
    ]
    mail = OutgoingEmail.objects.filter(topic="confirmation").first()
    if mail:
        pages.append(f"/beheer/mail/{mail.pk}/")
    return pages
