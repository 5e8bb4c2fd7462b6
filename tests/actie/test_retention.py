"""ACTIE data past its retention period is deleted; scans stay until their author deletes them."""

from datetime import timedelta

from django.utils import timezone

from wijkactie.actie import services
from wijkactie.actie.models import GroupSession, Participant, Scan, ShareLink
from wijkactie.actie.retention import purge_actie_data
from wijkactie.core.models import OutgoingEmail


def test_participants_links_and_signin_mails_go_scans_stay(fleur, make_scan, time_machine):
    scan = make_scan(fleur)
    services.create_share_link(scan=scan, days=7, include_notes=False)
    session = services.create_group_session(
        facilitator=fleur,
        data={"title": "Casus", "case_summary": "Een casus.", "hours_open": 3},
    )
    services.join_group(session=session, display_name="Ans", show_name=False, intuition="rood")
    OutgoingEmail.objects.create(
        idempotency_key="signin:x",
        topic="signin",
        to="fleur@linie.test",
        subject="s",
        body_text="b",
    )

    start = timezone.now()
    time_machine.move_to(start + timedelta(days=36), tick=False)  # link expired 29 days ago
    assert purge_actie_data() == {"group_participants": 0, "share_links": 0, "signin_mails": 1}

    time_machine.move_to(start + timedelta(days=38), tick=False)
    assert purge_actie_data() == {"group_participants": 0, "share_links": 1, "signin_mails": 0}

    time_machine.move_to(start + timedelta(days=91), tick=False)
    assert purge_actie_data()["group_participants"] == 1
    assert not Participant.objects.exists()
    assert GroupSession.objects.count() == 1
    assert Scan.objects.count() == 1
    assert not ShareLink.objects.exists()
