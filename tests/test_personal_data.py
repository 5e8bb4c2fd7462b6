"""A person's request about their data: export everything under one address, then erase it."""

import io
import json

import pytest
from django.core.management import call_command

from tests.factories import register
from wijkactie.actie import services as actie_services
from wijkactie.actie.models import Scan
from wijkactie.core.models import OutgoingEmail
from wijkactie.events.models import Registration
from wijkactie.initiatives import services as initiative_services
from wijkactie.initiatives.models import CaseRevision, Initiative, PracticeCase
from wijkactie.invoices import services as invoice_services
from wijkactie.invoices.models import Invoice

pytestmark = pytest.mark.usefixtures("commits")


def run(*args) -> dict:
    out = io.StringIO()
    call_command("personal_data", *args, stdout=out)
    return json.loads(out.getvalue())


def test_export_then_erase(make_event, make_professional):
    email = "fleur@linie.test"
    event = make_event(capacity=5)
    paid = register(event, 1, organisation="Gemeente Elders", auto_confirm=True, email=email)
    invoice_services.issue_due_invoices()
    other_event = make_event(capacity=5)
    register(other_event, 2, organisation="Woonstichting De Linie", email="Fleur@Linie.test")
    user = make_professional(email)
    scan = actie_services.start_scan(
        author=user,
        level="professional",
        new_initiative=actie_services.NewInitiative("Moestuin", "Lunetten", 2, "bewoners"),
    )
    actie_services.save_answers(target=scan, answers={"A2": 3}, notes={"A2": "notitie"})
    case_data = {
        "kind": "vraagstuk",
        "title": "Casus",
        "situation": "S",
        "question": "Q",
        "municipality": "Utrecht",
        "contributor_name": "Fleur",
        "contributor_organisation": "X",
        "contributor_email": email,
        "may_use_in_session": True,
        "may_publish": True,
    }
    published = initiative_services.submit_case(data=case_data, themes=[])
    initiative_services.accept_case(case=published, actor=None, event=None, for_publication=True)
    initiative_services.publish_case(case=published, actor=None)
    initiative_services.edit_case(
        case=published, actor=None, changes={"situation": "Zonder naam"}, note="Naam weg."
    )
    initiative_services.submit_case(data={**case_data, "title": "Nog nieuw"}, themes=[])
    Initiative.objects.filter(pk=scan.initiative_id).update(
        contact_name="Fleur de Vries", contact_email=email
    )
    someone_else = register(event, 3, organisation="Gemeente Elders")

    exported = run(email)
    assert len(exported["registrations"]) == 2
    assert exported["registrations"][0]["invoices"] == [Invoice.objects.get().number]
    assert exported["account"]["name"] == "Fleur de Vries"
    assert exported["scans"][0]["notes"] == {"A2": "notitie"}
    assert sorted(c["title"] for c in exported["cases"]) == ["Casus", "Nog nieuw"]
    assert exported["initiative_contacts"] == [
        {"initiative": "Moestuin", "contact_name": "Fleur de Vries", "contact_email": email}
    ]
    assert exported["mails"]

    with pytest.raises(SystemExit):
        call_command("personal_data", email, "--erase", stdout=io.StringIO(), stderr=io.StringIO())
    counts = run(email, "--erase", "--yes")
    assert counts == {
        "registrations_anonymised": 2,
        "of_which_kept_for_invoices": 1,
        "mails_deleted": counts["mails_deleted"],
        "cases_anonymised": 1,
        "cases_deleted": 1,
        "account_deleted": 1,
        "scans_deleted": 1,
        "initiative_contacts_removed": 1,
    }
    assert counts["mails_deleted"] >= 3
    paid.refresh_from_db()
    assert paid.email.endswith("@geanonimiseerd.invalid") and paid.first_name == ""
    assert Invoice.objects.get().registration == paid  # the fiscal record stays
    assert not Scan.objects.exists()
    assert PracticeCase.objects.get().contributor_name == "(verwijderd)"
    assert not CaseRevision.objects.exists()  # the text the editors took out goes too
    assert not OutgoingEmail.objects.filter(to__iexact=email).exists()
    assert Registration.objects.get(pk=someone_else.pk).email == someone_else.email
    assert run(email) == {
        "email": email,
        "registrations": [],
        "mails": [],
        "account": None,
        "scans": [],
        "cases": [],
        "initiative_contacts": [],
    }
