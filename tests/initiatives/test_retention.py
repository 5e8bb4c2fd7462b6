from datetime import timedelta

from django.utils import timezone

from wijkactie.core.models import OutgoingEmail
from wijkactie.initiatives import services
from wijkactie.initiatives.models import CaseRevision, InitiativeImport, PracticeCase
from wijkactie.initiatives.retention import purge_initiatives_data


def test_declined_cases_and_stale_imports_go(
    fleur, time_machine, django_capture_on_commit_callbacks
):
    data = {
        "kind": "vraagstuk",
        "title": "T",
        "situation": "S",
        "question": "Q",
        "municipality": "Utrecht",
        "contributor_name": "Fleur",
        "contributor_organisation": "Woonstichting De Linie",
        "contributor_email": "fleur@linie.test",
        "may_use_in_session": True,
        "may_publish": True,
    }
    declined = services.submit_case(data=data, themes=[])
    services.decline_case(case=declined, actor=None, reason="Past niet.")
    kept = services.submit_case(data=data, themes=[])
    services.edit_case(case=kept, actor=None, changes={"situation": "Anders"}, note="Naam weg.")
    InitiativeImport.objects.create(
        organisation=fleur.professional.organisation, created_by=fleur, filename="x.csv"
    )
    start = timezone.now()

    time_machine.move_to(start + timedelta(days=8), tick=False)
    assert purge_initiatives_data() == {
        "declined_cases": 0,
        "stale_imports": 1,
        "case_revisions": 0,
    }
    time_machine.move_to(start + timedelta(days=366), tick=False)
    counts = purge_initiatives_data()
    assert (counts["declined_cases"], counts["case_revisions"]) == (1, 1)
    assert not CaseRevision.objects.exists()
    assert list(PracticeCase.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not OutgoingEmail.objects.filter(
        object_ref=f"initiatives.practicecase:{declined.pk}"
    ).exists()
