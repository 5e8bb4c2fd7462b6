from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from tests.factories import register
from wijkactie.core.models import ActivityLog, OutgoingEmail
from wijkactie.events import services
from wijkactie.events.models import Registration
from wijkactie.events.retention import purge_registrations

pytestmark = pytest.mark.usefixtures("commits")
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def past_events(make_event, partner):
    """Two events on 26 November 2026 (€ 125 for non-partners): one filled by a partner
    (free), one by a non-partner (paid); each with a seat taken, one waiting, one cancelled."""
    start = datetime(2026, 11, 26, 10, 30, tzinfo=AMS)
    made = {}
    with time_machine.travel(datetime(2026, 10, 1, tzinfo=AMS)):
        for kind, organisation, domain in (
            ("free", partner.name, "linie.test"),
            ("paid", "Onbekende Corporatie", "paid.test"),
        ):
            event = make_event(capacity=1, starts_at=start, ends_at=start + timedelta(hours=4))
            seated, waiting, gone = (
                register(event, n, organisation=organisation, domain=domain) for n in (1, 2, 3)
            )
            services.cancel_registration(registration_id=gone.pk)
            made[kind] = (seated, waiting, gone)
    return made


def personal(registration_id):
    r = Registration.objects.filter(pk=registration_id).first()
    return r and (r.first_name, r.last_name, r.email.endswith(".test"), r.anonymised_at is None)


def mails_about(registration) -> int:
    return OutgoingEmail.objects.filter(object_ref=f"events.registration:{registration.pk}").count()


def test_nothing_is_purged_before_its_time(past_events):
    with time_machine.travel(datetime(2026, 12, 20, tzinfo=AMS)):
        assert purge_registrations() == {"deleted": 0, "anonymised": 0, "mails_deleted": 0}
    assert Registration.objects.count() == 6
    assert not ActivityLog.objects.filter(verb="personal_data_purged").exists()


def test_waiting_list_entries_go_30_days_after_the_event(past_events):
    with time_machine.travel(datetime(2026, 12, 28, tzinfo=AMS)):
        counts = purge_registrations()
    free_waiting, paid_waiting = past_events["free"][1], past_events["paid"][1]
    assert counts["deleted"] == 2
    assert personal(free_waiting.pk) is None and personal(paid_waiting.pk) is None
    assert mails_about(free_waiting) == mails_about(paid_waiting) == 0
    seated = past_events["free"][0]
    assert personal(seated.pk) == ("Deelnemer1", "Achternaam1", True, True)
    assert mails_about(seated) == 1


def test_free_registrations_are_anonymised_after_a_year_paid_after_seven_fiscal_years(
    past_events,
):
    free_seated, _, free_cancelled = past_events["free"]
    paid_seated, _, _ = past_events["paid"]
    with time_machine.travel(datetime(2027, 11, 27, tzinfo=AMS)):
        counts = purge_registrations()
    # Mails: two waiting-list mails, a confirmation, and waiting + cancelled for the third.
    assert counts == {"deleted": 2, "anonymised": 2, "mails_deleted": 5}
    anonymous = Registration.objects.get(pk=free_seated.pk)
    assert (anonymous.first_name, anonymous.last_name, anonymous.billing_address) == ("", "", "")
    assert anonymous.email == f"anoniem-{free_seated.pk}@geanonimiseerd.invalid"
    assert (anonymous.organisation.name, anonymous.role) == (
        "Woonstichting De Linie",
        "gebiedsconsulent",
    )
    assert personal(free_cancelled.pk)[3] is False
    assert personal(paid_seated.pk) == ("Deelnemer1", "Achternaam1", True, True)
    assert paid_seated.price_excl_vat == Decimal("125.00")

    with time_machine.travel(datetime(2033, 12, 31, tzinfo=AMS)):
        assert purge_registrations()["anonymised"] == 0
    with time_machine.travel(datetime(2034, 1, 1, 12, tzinfo=AMS)):
        assert purge_registrations()["anonymised"] == 2
    assert personal(paid_seated.pk)[3] is False
    assert ActivityLog.objects.filter(verb="personal_data_purged").count() == 2


def test_anonymised_link_no_longer_opens_the_registration(client, past_events):
    token = past_events["free"][0].manage_token
    with time_machine.travel(datetime(2027, 12, 1, tzinfo=AMS)):
        call_command("purge_personal_data", stdout=open("/dev/null", "w"))
    assert client.get(f"/aanmelding/{token}/").status_code == 404
