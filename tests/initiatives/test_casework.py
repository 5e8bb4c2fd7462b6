"""The afternoon casework for the seed event: command, staff page, moving people, mails."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client

from wijkactie.accounts.models import Organisation
from wijkactie.actie.models import GroupSession
from wijkactie.events.models import Event, Registration
from wijkactie.initiatives.models import CaseGroup, CaseGroupMember, PracticeCase

SEED = "corporaties-en-bewonersinitiatieven"


@pytest.fixture
def seeded(demo):
    return Event.objects.get(slug=SEED)


@pytest.fixture
def staff(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.get(username="beheer"))
    return client


def test_command_dry_run_prints_groups_and_saves_nothing(seeded, capsys):
    call_command("assign_groups", SEED, "--size", "6", "--dry-run")
    result = json.loads(capsys.readouterr().out)
    confirmed = Registration.objects.filter(event=seeded, status="confirmed").count()
    assert confirmed == 40
    assert result["saved"] is False
    assert [len(g["members"]) for g in result["groups"]] == [6, 6, 6, 6, 6, 5, 5]
    assert sorted(m["registration"] for g in result["groups"] for m in g["members"]) == sorted(
        Registration.objects.filter(event=seeded, status="confirmed").values_list("pk", flat=True)
    )
    cases = list(PracticeCase.objects.filter(accepted_event=seeded).order_by("created_at", "pk"))
    assert [g["case"]["title"] for g in result["groups"][:4]] == [c.title for c in cases]
    contributor = Registration.objects.get(event=seeded, email=cases[0].contributor_email)
    assert contributor.pk in [m["registration"] for m in result["groups"][0]["members"]]
    assert CaseGroup.objects.count() == 0


def test_command_saves_groups_with_a_group_session_each(seeded, capsys):
    call_command("assign_groups", SEED, "--size", "8")
    result = json.loads(capsys.readouterr().out)
    assert result["saved"] is True
    assert CaseGroup.objects.filter(event=seeded).count() == 5
    assert CaseGroupMember.objects.filter(group__event=seeded).count() == 40
    sessions = GroupSession.objects.filter(event=seeded, case__isnull=False)
    assert sessions.count() == 5
    call_command("assign_groups", SEED, "--size", "10")  # again: replaces groups and sessions
    assert CaseGroup.objects.filter(event=seeded).count() == 4
    assert GroupSession.objects.filter(event=seeded, case__isnull=False).count() == 4


def test_command_refuses_an_unknown_event_and_a_silly_size(seeded):
    with pytest.raises(SystemExit) as unknown:
        call_command("assign_groups", "bestaat-niet", "--size", "6")
    assert unknown.value.code == 2
    with pytest.raises(SystemExit) as tiny:
        call_command("assign_groups", SEED, "--size", "1", "--dry-run")
    assert tiny.value.code == 2


def test_staff_assign_move_and_mail(seeded, staff, django_capture_on_commit_callbacks):
    cases = list(PracticeCase.objects.filter(accepted_event=seeded).order_by("created_at", "pk"))
    page = staff.get(f"/beheer/bijeenkomsten/{SEED}/middag/")
    assert page.status_code == 200
    response = staff.post(
        f"/beheer/bijeenkomsten/{SEED}/middag/", {"cases": [c.pk for c in cases[:3]], "size": "7"}
    )
    assert response.status_code == 302
    body = staff.get(f"/beheer/bijeenkomsten/{SEED}/middag/").content.decode()
    assert "6 groepen" in body
    assert "Waarom deze mensen:" in body
    assert "bracht deze casus in en zit daarom in deze groep." in body

    member = CaseGroupMember.objects.filter(group__number=2).first()
    staff.post(
        f"/beheer/bijeenkomsten/{SEED}/middag/verplaatsen/",
        {"registration": member.registration_id, "group": "1"},
    )
    member.refresh_from_db()
    assert member.group.number == 1

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/beheer/bijeenkomsten/{SEED}/middag/mailen/")
    assert len([m for m in mail.outbox if "middagdeel" in m.subject]) == 40
    one = next(
        m for m in mail.outbox if m.to == [member.registration.email] and "middagdeel" in m.subject
    )
    assert "groep 1" in one.subject
    assert member.group.session.code in one.body


def test_staff_form_errors(seeded, staff):
    response = staff.post(f"/beheer/bijeenkomsten/{SEED}/middag/", {"size": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies minstens één casus." in body
    assert "Een groep heeft minstens twee mensen." in body


@pytest.mark.parametrize("size", [20, 7])
def test_afternoon_page_queries_do_not_grow_with_groups(seeded, staff, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("assign_groups", SEED, "--size", str(size), stdout=io.StringIO())
    with CaptureQueriesContext(connection) as queries:
        staff.get(f"/beheer/bijeenkomsten/{SEED}/middag/")
    # session, user, event, the form's cases (asked twice: "any?" and the boxes), groups,
    # members, registrations, organisations: the same for 2 groups as for 6
    assert len(queries) == 9, [q["sql"][:70] for q in queries]


def test_a_join_code_collision_in_the_casework_is_retried_by_the_one_writer(seeded, monkeypatch):
    """Group sessions of the afternoon are made by actie's service, which retries a taken code."""
    facilitator = get_user_model().objects.get(username="beheer")
    taken = GroupSession.objects.create(
        facilitator=facilitator,
        organisation=Organisation.objects.first(),
        title="Bestaande sessie",
        case_summary="",
        content_version="2026.1",
        open_until=seeded.ends_at,
        code="AAAAAA",
    )
    codes = iter(["AAAAAA"] + [f"B{n:05d}" for n in range(100)])
    # The model field's default, as Django reads it (a cached property of the field).
    monkeypatch.setattr(GroupSession._meta.get_field("code"), "_get_default", lambda: next(codes))
    call_command("assign_groups", SEED, "--size", "8", stdout=io.StringIO())
    sessions = GroupSession.objects.filter(event=seeded, case_group__isnull=False)
    assert sessions.count() == 5
    assert sorted(sessions.values_list("code", flat=True)) == [f"B{n:05d}" for n in range(5)]
    assert GroupSession.objects.get(code="AAAAAA") == taken
