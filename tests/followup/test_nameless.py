"""Issue 22: evaluation answers that cannot be tied to a person, even by someone with the
database. On main the invitation stored answered_at to the microsecond and the answer rows sat
on disk in the order people answered (SQLite's rowid, PostgreSQL's heap): three people
answering in turn were paired exactly, on both databases. Each answer also stored the exact
set of parts attended."""

from django.db import connection

from tests.followup.reports import yesterday_session
from wijkactie.followup import attendance, evaluation
from wijkactie.followup.models import EvaluationAnswer, EvaluationInvite, PartTally

# Three people and what each of them answers: a grade, how useful the morning was, a text.
SAYS = {
    "anouk": (9, 5, "De vijf letters in mijn gesprekken"),
    "karim": (6, 2, "Meer tijd voor de casussen"),
    "esra": (8, 4, ""),
}


def _present(event, people):
    for key in SAYS:
        for part in attendance.sessions(event):
            attendance.set_attendance(
                registration_id=people[key].pk, part_id=part.pk, state="present"
            )


def _on_disk(table: str, columns: str, event) -> list[tuple]:
    """The rows as they sit on disk, in SQLite's rowid or PostgreSQL's heap order."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE event_id = %s ORDER BY {position}",  # noqa: S608
            [event.pk],
        )
        return cursor.fetchall()


def _play(make_event, order: list[str]):
    """A session where the three answer in `order`; what the database holds afterwards."""
    event, people = yesterday_session(make_event)
    _present(event, people)
    evaluation.send_evaluations()
    morning = attendance.sessions(event)[0]
    for key in order:
        grade, useful, text = SAYS[key]
        evaluation.submit_evaluation(
            token=EvaluationInvite.objects.get(registration=people[key]).token,
            answers=evaluation.Answers(grade, {morning.pk: useful}, text, "", ""),
        )
    answers = _on_disk(
        EvaluationAnswer._meta.db_table,
        "grade, will_apply, improve, topics, organisation_type",
        event,
    )
    tallies = [
        (score, count)
        for _part, score, count in _on_disk(
            PartTally._meta.db_table, "part_id, score, count", event
        )
    ]
    return answers, tallies


def test_nothing_in_the_database_tells_the_order_in_which_people_answered(make_event):
    first = _play(make_event, ["anouk", "karim", "esra"])
    second = _play(make_event, ["esra", "anouk", "karim"])
    third = _play(make_event, ["karim", "esra", "anouk"])
    assert first == second == third  # rows, their content and where they sit: all the same
    answers, tallies = first
    assert [grade for grade, *_rest in answers] == [6, 8, 9]  # the order of their content
    # The afternoon (attended, not scored) and the morning's scores: counts, no set per person.
    assert sorted(tallies) == [(0, 3), (2, 1), (4, 1), (5, 1)]


def test_the_invitation_says_whether_it_was_answered_never_when(make_event):
    event, people = yesterday_session(make_event)
    _present(event, people)
    evaluation.send_evaluations()
    moments = {
        f.name
        for f in EvaluationInvite._meta.get_fields()
        if f.get_internal_type() in {"DateTimeField", "DateField", "TimeField"}
    }
    assert moments == {"created_at", "reminded_at"}  # the invitation's and the reminder's
    invite = EvaluationInvite.objects.get(registration=people["karim"])
    evaluation.submit_evaluation(token=invite.token, answers=evaluation.Answers(7, {}, "", "", ""))
    invite.refresh_from_db()
    assert invite.answered and invite.reminded_at is None
    assert {f.name for f in EvaluationAnswer._meta.get_fields()} == {
        "id",
        "event",
        "grade",
        "will_apply",
        "improve",
        "topics",
        "organisation_type",
    }
