"""Demo data for the ACTIE-scan: a professional with an initiative scanned twice, and a group
session for the seed event's afternoon with three participants. Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from wijkactie.accounts.models import Organisation, Professional, Verification
from wijkactie.actie import services
from wijkactie.actie.content import registry
from wijkactie.actie.models import Participant, Scan

DEMO_EMAIL = "fleur@linie.demo"
DEMO_PASSWORD = "wijkactie-demo"  # noqa: S105 (demo account, printed by seed_demo)


def _answers(value: int, **overrides) -> dict:
    level = registry().current.levels["professional"]
    answers = {q.id: value for q in level.questions if not q.is_choice}
    answers.update(overrides)
    return answers


PENDING_EMAIL = "daan.visser@gmail.com"


def seed_actie(organisation: Organisation, event=None) -> str | None:
    """Create the demo data; returns the demo login, or None when it already exists."""
    User = get_user_model()
    if User.objects.filter(username=DEMO_EMAIL).exists():
        return None
    user = User.objects.create_user(DEMO_EMAIL, DEMO_EMAIL, DEMO_PASSWORD)
    # Fleur's membership was confirmed by staff; she coordinates her organisation and can
    # confirm a colleague who signed up with a private address.
    Professional.objects.create(
        user=user,
        organisation=organisation,
        name="Fleur de Vries",
        verified_by=Verification.STAFF,
        verified_at=timezone.now(),
        is_coordinator=True,
    )
    colleague = User.objects.create_user(PENDING_EMAIL, PENDING_EMAIL)
    Professional.objects.create(user=colleague, organisation=organisation, name="Daan Visser")

    first = services.start_scan(
        author=user,
        level="professional",
        new_initiative=services.NewInitiative(
            name="Buurtkamer De Zon", neighbourhood="De Gaarde", phase=1, origin="organisatie"
        ),
    )
    first.intuitive_approach = "blauw"
    first.save(update_fields=["intuitive_approach"])
    services.save_answers(
        target=first,
        answers=_answers(2, A1="sociaal", A3=1, A4=1, C2=1, T5=None, T7=3, I1=2, E7=1),
        notes={"T7": "Ik maak de flyers en de planning nog zelf."},
    )
    services.complete_scan(scan=first)
    services.record_choice(
        scan=first,
        approach="rood",
        rationale="De groep is nog klein; eerst samen opbouwen.",
        next_checkin=timezone.localdate() - timedelta(days=10),
    )
    Scan.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=180))

    second = services.rescan(scan=first)
    second.initiative.phase = 3
    second.initiative.save(update_fields=["phase"])
    second.phase = 3
    second.save(update_fields=["phase"])
    services.save_answers(
        target=second,
        answers=_answers(3, A1="beide", A3=3, C2=2, T5=2, T7=1, I1=2, I5=2),
    )
    services.complete_scan(scan=second)

    session = services.create_group_session(
        facilitator=user,
        data={
            "title": "Casus: moestuin op corporatiegrond",
            "case_summary": (
                "Vier bewoners willen een moestuin op een braakliggend stuk grond van de "
                "corporatie. Ze hebben een plan, maar geen geld en geen afspraken over beheer."
            ),
            "event": event,
            "origin": "bewoners",
            "phase": 2,
            "hours_open": 72,
        },
    )
    for name, show, value, intuition in (
        ("Anouk", True, 4, "wit"),
        ("Bram", False, 2, "blauw"),
        ("Chen", False, 3, "wit"),
    ):
        services.join_group(session=session, display_name=name, show_name=show, intuition=intuition)
        participant = Participant.objects.filter(session=session).order_by("-pk").first()
        services.save_answers(target=participant, answers=_answers(value, A1="doelgericht", I1=4))
        services.finish_participation(participant=participant)
    return DEMO_EMAIL
