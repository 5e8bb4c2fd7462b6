"""The evaluation after a session (issue 13): only for people who were there, once, one
reminder, answers without a name; staff results and export; certificates and their check."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from wijkactie.accounts.models import Organisation
from wijkactie.core import mails
from wijkactie.core.models import OutgoingEmail
from wijkactie.events.models import ProgrammePart, Registration
from wijkactie.events.retention import anonymise
from wijkactie.followup import attendance, certificates, evaluation
from wijkactie.followup.models import (
    Certificate,
    Evaluation,
    EvaluationAnswer,
    EvaluationInvite,
    PartTally,
)


def attend(event, person, *labels):
    """Present at the session parts named `labels`, absent at the others."""
    for part in attendance.sessions(event):
        attendance.set_attendance(
            registration_id=person.pk,
            part_id=part.pk,
            state="present" if part.label in labels else "absent",
        )


@pytest.fixture
def attended(session):
    """Anouk at both parts, Karim at the morning only, Sanne at neither, Esra unknown."""
    event, people = session
    attend(event, people["anouk"], "ochtenddeel", "middagdeel")
    attend(event, people["karim"], "ochtenddeel")
    attend(event, people["sanne"])
    return event, people


def evaluation_mails(kind="evaluation"):
    return sorted(OutgoingEmail.objects.filter(topic=kind).values_list("to", flat=True))


def answer(client, invite, grade=8, **more):
    return client.post(
        reverse("followup:evaluation", args=[invite.token]), {"grade": grade, **more}
    )


def test_only_people_present_get_the_evaluation_once_and_one_reminder(attended, time_machine):
    event, people = attended
    time_machine.move_to(event.ends_at - timedelta(minutes=5), tick=False)
    assert evaluation.send_evaluations() == 0  # not before the end

    time_machine.move_to(event.ends_at + timedelta(minutes=1), tick=False)
    assert evaluation.send_evaluations() == 2
    assert evaluation_mails() == sorted([people["anouk"].email, people["karim"].email])
    assert evaluation.send_evaluations() == 0  # once

    evaluation.submit_evaluation(
        token=people["anouk"].evaluation_invite.token,
        answers=evaluation.Answers(8, {}, "", "", ""),
    )
    time_machine.move_to(event.ends_at + timedelta(days=4), tick=False)
    assert evaluation.send_evaluations() == 0
    time_machine.move_to(event.ends_at + timedelta(days=5, minutes=2), tick=False)
    assert evaluation.send_evaluations() == 1  # only Karim, who has not answered
    assert evaluation_mails("evaluation_reminder") == [people["karim"].email]
    time_machine.move_to(event.ends_at + timedelta(days=9), tick=False)
    assert evaluation.send_evaluations() == 0  # one reminder, no more
    assert EvaluationInvite.objects.filter(reminded_at__isnull=False).count() == 1


def test_the_invitation_carries_the_certificate_and_a_working_link(attended, client):
    event, people = attended
    evaluation.send_evaluations()
    row = OutgoingEmail.objects.get(topic="evaluation", to=people["karim"].email)
    rendered = mails.render(row)
    invite = people["karim"].evaluation_invite
    assert reverse("followup:evaluation", args=[invite.token]) in rendered.body
    assert "zonder uw naam" in rendered.body
    (pdf,) = rendered.attachments
    assert pdf.filename.startswith("certificaat-WA-") and pdf.mimetype == "application/pdf"
    assert client.get(reverse("followup:evaluation", args=[invite.token])).status_code == 200


def test_answering_twice_with_one_link_is_refused(attended, client):
    event, people = attended
    evaluation.send_evaluations()
    invite = people["karim"].evaluation_invite
    first = answer(client, invite, grade=7, improve="Meer tijd voor de casussen")
    assert first.status_code == 302  # then a page to reload without sending again
    assert "Dank u wel" in client.get(first["Location"]).content.decode()
    second = answer(client, invite, grade=1)
    assert second.status_code == 400
    assert "al ingevuld" in second.content.decode()
    assert list(EvaluationAnswer.objects.values_list("grade", flat=True)) == [7]


def test_an_answer_keeps_only_the_event_and_the_organisation_type_and_counts_the_parts(
    attended, client
):
    event, people = attended
    Organisation.objects.filter(pk=people["karim"].organisation_id).update(kind="corporatie")
    evaluation.send_evaluations()
    morning, afternoon = attendance.sessions(event)
    page = client.get(
        reverse("followup:evaluation", args=[people["karim"].evaluation_invite.token])
    )
    assert f"part_{morning.pk}" in page.content.decode()
    assert f"part_{afternoon.pk}" not in page.content.decode()  # he was not there
    answer(
        client,
        people["karim"].evaluation_invite,
        grade=9,
        **{f"part_{morning.pk}": 5, f"part_{afternoon.pk}": 1},
        will_apply="De vijf letters in mijn gesprekken",
    )
    stored = EvaluationAnswer.objects.get()
    assert (stored.event, stored.organisation_type) == (event, "corporatie")
    # How useful a part was is counted, not kept with the answer; a score for a part he
    # missed is dropped.
    tallies = PartTally.objects.values_list("part", "score", "count")
    assert list(tallies) == [(morning.pk, 5, 1)]
    assert stored.will_apply == "De vijf letters in mijn gesprekken"


def test_no_evaluation_row_references_a_registration():
    """The schema itself: an answer has no way back to a person."""
    fields = EvaluationAnswer._meta.get_fields()
    related = {f.related_model for f in fields if f.is_relation}
    assert Registration not in related
    assert {f.related_model._meta.label for f in fields if f.is_relation} == {"events.Event"}
    assert not [f.name for f in fields if f.get_internal_type() in {"DateTimeField", "DateField"}]
    assert EvaluationAnswer._meta.pk.get_internal_type() == "UUIDField"  # no order of arrival
    for field in fields:
        assert not any(word in field.name for word in ("name", "email", "registration", "token"))


def test_a_bad_or_missing_grade_is_told_and_nothing_is_lost(attended, client):
    event, people = attended
    evaluation.send_evaluations()
    page = answer(client, people["anouk"].evaluation_invite, grade=11, topics="Participatie")
    assert page.status_code == 400
    assert "Controleer de volgende punten" in page.content.decode()
    assert "Participatie" in page.content.decode()
    assert not EvaluationAnswer.objects.exists()


def test_the_evaluation_closes_after_fourteen_days(attended, client, time_machine):
    event, people = attended
    evaluation.send_evaluations()
    time_machine.move_to(event.ends_at + timedelta(days=14, minutes=1), tick=False)
    invite = people["anouk"].evaluation_invite
    assert client.get(reverse("followup:evaluation", args=[invite.token])).status_code == 410
    assert answer(client, invite).status_code == 410
    assert evaluation.send_evaluations() == 0


def test_switched_off_no_evaluation_goes_out(attended):
    event, _people = attended
    Evaluation.objects.create(event=event, is_on=False)
    assert evaluation.send_evaluations() == 0


def answers_from(event, people, grades):
    """Invite and answer for as many people as grades, all present at the morning."""
    invites = []
    for n, grade in enumerate(grades):
        person = people[n]
        attend(event, person, "ochtenddeel")
        invite = EvaluationInvite.objects.create(registration=person, token=f"token-{person.pk}")
        evaluation.submit_evaluation(
            token=invite.token,
            answers=evaluation.Answers(grade, {}, f"toepassen {n}", "", ""),
        )
        invites.append(invite)
    return invites


def test_staff_see_the_grades_counts_and_open_answers_and_export_them(admin_client, session):
    event, named = session
    from tests.factories import register  # noqa: PLC0415

    people = list(named.values())
    event_future = type(event).objects.filter(pk=event.pk)
    starts, ends = event.starts_at, event.ends_at
    event_future.update(starts_at=starts + timedelta(days=60), ends_at=ends + timedelta(days=60))
    people.append(register(event, 5, first_name="Fleur", last_name="Bakker"))
    event_future.update(starts_at=starts, ends_at=ends)
    Organisation.objects.update(kind="corporatie")
    answers_from(event, people[:4], [8, 8, 6, 10])
    url = reverse("staff_followup:evaluation", args=[event.slug])
    page = admin_client.get(url).content.decode()
    assert "Rapportcijfers" in page and "4 antwoorden; gemiddeld cijfer 8,0." in page
    assert "toepassen 3" in page
    assert "Pas vanaf 5 antwoorden" in page  # organisation type held back

    answers_from(event, people[4:], [7])
    page = admin_client.get(url).content.decode()
    assert "Woningcorporatie: 5" in page
    export = admin_client.get(
        reverse("staff_followup:evaluation_export", args=[event.slug, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Rapportcijfer" and rows[0][-1] == "Soort organisatie"
    assert sorted(row[0] for row in rows[1:]) == [6, 7, 8, 8, 10]
    csv = admin_client.get(reverse("staff_followup:evaluation_export", args=[event.slug, "csv"]))
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("Rapportcijfer;")


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_certificate_names_only_the_attended_parts_and_their_hours(attended, client):
    event, people = attended
    ProgrammePart.objects.filter(event=event, label="ochtenddeel").update(
        title="Het ACTIE-instrument"
    )
    karim = people["karim"]
    response = client.get(reverse("followup:certificate", args=[karim.manage_token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Karim Amrani" in text
    assert "Het ACTIE-instrument" in text and "10.30–12.00" in text
    assert "13.00" not in text  # the afternoon he missed
    assert "1,5 uur" in text
    code = Certificate.objects.get(registration=karim).code
    assert code in text
    # Nobody gets one for a session they were not at.
    sanne = people["sanne"]
    assert client.get(reverse("followup:certificate", args=[sanne.manage_token])).status_code == 404


def test_the_verification_page_answers_for_a_real_code_and_404s_for_others(attended, client):
    event, people = attended
    certificate = certificates.issue_certificate(registration_id=people["anouk"].pk)
    page = client.get(reverse("followup:verify_code", args=[certificate.code.lower()]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "A. d. V." in body and event.title in body and ">3<" in body
    assert "Anouk" not in body and people["anouk"].email not in body
    assert client.get(reverse("followup:verify_code", args=["WA-AAAA-BBBB"])).status_code == 404
    assert client.get(reverse("followup:verify_code", args=["nonsense"])).status_code == 404


def test_a_certificate_survives_anonymisation_as_a_hash(attended, client):
    event, people = attended
    certificate = certificates.issue_certificate(registration_id=people["anouk"].pk)
    anonymise(Registration.objects.filter(pk=people["anouk"].pk), now=event.ends_at)
    url = reverse("followup:verify_code", args=[certificate.code])
    page = client.get(url).content.decode()
    assert "A. d. V." not in page and "niet meer bewaard" in page and ">3<" in page
    assert "De naam klopt." in client.post(url, {"naam": "anouk de vries"}).content.decode()
    assert "klopt niet" in client.post(url, {"naam": "Karim Amrani"}).content.decode()
    assert not Certificate.objects.filter(name_hash__contains="Anouk").exists()


def test_erasing_a_person_closes_the_evaluation_link_and_keeps_the_certificate_as_a_hash(
    attended, client
):
    from wijkactie.site import personal_data  # noqa: PLC0415

    event, people = attended
    evaluation.send_evaluations()
    karim = people["karim"]
    certificate = certificates.issue_certificate(registration_id=karim.pk)
    exported = personal_data.export(karim.email)["registrations"][0]
    assert exported["evaluation"][0]["answered"] is False
    assert exported["certificates"] == [{"code": certificate.code, "hours": "1.50"}]

    token = karim.evaluation_invite.token
    personal_data.erase(karim.email)
    assert client.get(reverse("followup:evaluation", args=[token])).status_code == 404
    assert client.get(reverse("followup:certificate", args=[karim.manage_token])).status_code == 404
    with pytest.raises(evaluation.EvaluationRefused):
        evaluation.submit_evaluation(token=token, answers=evaluation.Answers(5, {}, "", "", ""))
    page = client.get(reverse("followup:verify_code", args=[certificate.code])).content.decode()
    assert "K. A." not in page and "1,5" in page


def test_an_invitation_for_someone_corrected_to_absent_is_not_sent(attended):
    from wijkactie.core.sending import send_email  # noqa: PLC0415

    event, people = attended
    evaluation.send_evaluations()
    attend(event, people["karim"])  # the organiser corrects: he was not there after all
    row = OutgoingEmail.objects.get(topic="evaluation", to=people["karim"].email)
    OutgoingEmail.objects.filter(pk=row.pk).update(status=OutgoingEmail.Status.QUEUED)
    assert send_email(email_id=row.pk) == OutgoingEmail.Status.FAILED
    row.refresh_from_db()
    assert "bestaat niet meer" in row.last_error


def test_the_organiser_words_the_questions_and_switches_the_headline(
    attended, admin_client, client
):
    event, people = attended
    url = reverse("staff_followup:evaluation", args=[event.slug])
    assert admin_client.get(url).status_code == 200
    saved = admin_client.post(
        url,
        {
            "is_on": "on",
            "intro": "Drie vragen over de ochtend en de middag.",
            "question_apply": "Wat neemt u mee naar uw wijk?",
            "question_improve": "",
            "question_topics": "",
            "on_recap": "on",
        },
    )
    assert saved.status_code == 302
    evaluation.send_evaluations()
    page = client.get(
        reverse("followup:evaluation", args=[people["anouk"].evaluation_invite.token])
    )
    body = page.content.decode()
    assert "Drie vragen over de ochtend en de middag." in body
    assert "Wat neemt u mee naar uw wijk?" in body
    assert "Wat kan beter?" in body  # left empty: the default
    assert Evaluation.objects.get(event=event).on_recap is True
    refused = admin_client.post(url, {"intro": "x" * 2001, "question_apply": "\u202e"})
    assert (
        refused.status_code == 400 and "Controleer de volgende punten" in refused.content.decode()
    )


def test_the_demo_has_a_past_session_with_its_terugblik_on_the_programme_page(client, demo):
    from wijkactie.events.demo import PROGRAMME_SLUG  # noqa: PLC0415
    from wijkactie.followup.demo import PAST_SLUG  # noqa: PLC0415
    from wijkactie.followup.models import Attendance, Material  # noqa: PLC0415

    programme = client.get(reverse("events:programme", args=[PROGRAMME_SLUG])).content.decode()
    assert f"/bijeenkomsten/{PAST_SLUG}/#terugblik-kop" in programme
    page = client.get(f"/bijeenkomsten/{PAST_SLUG}/").content.decode()
    assert "Terugblik" in page and "Dia&#x27;s van het ochtenddeel" in page
    assert page.count("/casussen/") >= 2
    assert "Deelnemers gaven gemiddeld een 8,0 (10 antwoorden" in page
    assert EvaluationAnswer.objects.filter(event__slug=PAST_SLUG).count() == 10
    assert Attendance.objects.filter(part__event__slug=PAST_SLUG).exists()
    material = Material.objects.get(event__slug=PAST_SLUG)
    download = client.get(reverse("followup:material", args=[PAST_SLUG, material.pk]))
    assert PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()


def test_an_english_participant_gets_the_evaluation_and_certificate_in_english(attended):
    event, people = attended
    Registration.objects.filter(pk=people["anouk"].pk).update(language="en")
    evaluation.send_evaluations()
    rendered = mails.render(OutgoingEmail.objects.get(topic="evaluation", to=people["anouk"].email))
    assert rendered.subject == f"What did you think of {event.title}?"
    assert "stored without your name" in rendered.body
    (pdf,) = rendered.attachments
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Certificate of attendance" in text and "In total 3 hours." in text


@pytest.mark.django_db(transaction=True)  # the sender runs after commit, as in production
def test_staff_can_neither_read_nor_keep_an_evaluation_link(attended, admin_client, time_machine):
    """Finding (issue 22): programme staff read every attendee's once-only evaluation link in
    the mail preview, and could open it or answer as that person."""
    event, people = attended
    time_machine.move_to(event.ends_at + timedelta(minutes=1), tick=False)
    evaluation.send_evaluations()
    token = people["anouk"].evaluation_invite.token
    for email in OutgoingEmail.objects.filter(topic="evaluation"):
        page = admin_client.get(f"/beheer/mail/{email.pk}/").content.decode()
        assert token not in page and "/evaluatie/" not in page
        email.refresh_from_db()
        assert token not in email.body_text and token not in str(email.context)
        assert admin_client.get(f"/admin/core/outgoingemail/{email.pk}/change/").status_code == 200
        assert (
            token
            not in admin_client.get(
                f"/admin/core/outgoingemail/{email.pk}/change/"
            ).content.decode()
        )
