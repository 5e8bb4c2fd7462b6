"""What the evaluation says, for the organiser: counts, charts with their data table, open
answers and the export. Reads only; the answers carry no names."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Avg, Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkactie.accounts.models import Organisation
from wijkactie.core.charts import BarChart, bar_chart
from wijkactie.events.models import Event, ProgrammePart
from wijkactie.followup.attendance import sessions
from wijkactie.followup.evaluation import SHOW_ORGANISATION_TYPE_FROM
from wijkactie.followup.models import EvaluationAnswer, EvaluationInvite, PartTally


@dataclass(frozen=True)
class PartResult:
    part: ProgrammePart
    attended: int  # answers from people who were at this part
    average: float | None
    chart: BarChart


@dataclass(frozen=True)
class Results:
    invited: int
    answered: int
    reminded: int
    grade_average: float | None
    grade_chart: BarChart
    parts: list[PartResult]
    will_apply: list[str]
    improve: list[str]
    topics: list[str]
    organisation_types: list[tuple[str, int]]  # empty below five answers

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.invited) if self.invited else None


def _number(value: float | None) -> str:
    return "–" if value is None else number_format(value, 1)


def headline(event: Event) -> tuple[float | None, int | None, int]:
    """The grade and the response rate (percent) for the terugblik, and how many answered."""
    found = EvaluationAnswer.objects.filter(event=event).aggregate(
        average=Avg("grade"), n=Count("id")
    )
    invited = EvaluationInvite.objects.filter(registration__event=event).count()
    average = round(found["average"], 1) if found["n"] else None
    return average, (round(100 * found["n"] / invited) if invited else None), found["n"]


def results(event: Event) -> Results:
    answers = list(EvaluationAnswer.objects.filter(event=event))
    invites = EvaluationInvite.objects.filter(registration__event=event)
    grades = Counter(a.grade for a in answers)
    grade_average = round(sum(a.grade for a in answers) / len(answers), 1) if answers else None
    grade_chart = bar_chart(
        _("Rapportcijfers"),
        ngettext(
            "%(n)s antwoord; gemiddeld cijfer %(average)s.",
            "%(n)s antwoorden; gemiddeld cijfer %(average)s.",
            len(answers),
        )
        % {"n": len(answers), "average": _number(grade_average)},
        [(str(grade), grades.get(grade, 0)) for grade in range(1, 11)],
    )
    tallies = {(t.part_id, t.score): t.count for t in PartTally.objects.filter(event=event)}
    parts = []
    for part in sessions(event):
        counted = Counter({s: tallies.get((part.pk, s), 0) for s in range(1, 6)})
        scored = sum(counted.values())
        average = round(sum(s * n for s, n in counted.items()) / scored, 1) if scored else None
        name = part.title or part.label
        parts.append(
            PartResult(
                part=part,
                attended=scored + tallies.get((part.pk, 0), 0),
                average=average,
                chart=bar_chart(
                    _("Hoe nuttig: %(part)s") % {"part": name},
                    _(
                        "%(n)s scores van 1 (niet nuttig) tot 5 (heel nuttig); gemiddeld %(average)s."
                    )
                    % {"n": scored, "average": _number(average)},
                    [(str(score), counted.get(score, 0)) for score in range(1, 6)],
                    height=120,
                ),
            )
        )
    kinds = dict(Organisation.Kind.choices)
    types = (
        sorted(Counter(str(kinds.get(a.organisation_type, _("Onbekend"))) for a in answers).items())
        if len(answers) >= SHOW_ORGANISATION_TYPE_FROM
        else []
    )
    return Results(
        invited=invites.count(),
        answered=invites.filter(answered=True).count(),
        reminded=invites.filter(reminded_at__isnull=False).count(),
        grade_average=grade_average,
        grade_chart=grade_chart,
        parts=parts,
        will_apply=[a.will_apply for a in answers if a.will_apply],
        improve=[a.improve for a in answers if a.improve],
        topics=[a.topics for a in answers if a.topics],
        organisation_types=types,
    )


def export(event: Event) -> tuple[list[str], list[list]]:
    """One row per answer, in the order of their content: nothing tells who answered. How
    useful each part was is counted, not kept per answer (results, not this export)."""
    answers = list(EvaluationAnswer.objects.filter(event=event))
    show_types = len(answers) >= SHOW_ORGANISATION_TYPE_FROM
    kinds = dict(Organisation.Kind.choices)
    header = [
        _("Rapportcijfer"),
        _("Toepassen"),
        _("Kan beter"),
        _("Onderwerpen"),
    ]
    if show_types:
        header.append(_("Soort organisatie"))
    rows = []
    for answer in answers:
        row = [
            answer.grade,
            answer.will_apply,
            answer.improve,
            answer.topics,
        ]
        if show_types:
            row.append(str(kinds.get(answer.organisation_type, "")))
        rows.append(row)
    return header, rows
