"""A group's answers side by side: the spread per question and the group's combined answers.

Pure: takes the answer dictionaries of the participants, returns numbers and rankings.
"""

import statistics
from collections import Counter
from dataclasses import dataclass

from wijkactie.actie.content import Level, Question


@dataclass(frozen=True)
class Spread:
    question: Question
    counts: tuple[int, int, int, int]  # how many answered 1, 2, 3, 4
    unknown: int
    answered: int
    deviation: float  # population standard deviation of the answers given
    low: int | None
    high: int | None

    @property
    def range(self) -> int:
        return 0 if self.low is None else self.high - self.low


def spreads(level: Level, answer_sets: list[dict]) -> list[Spread]:
    """Per scale question, in question order."""
    result = []
    for question in level.questions:
        if question.is_choice:
            continue
        given = [a[question.id] for a in answer_sets if a.get(question.id) is not None]
        unknown = sum(1 for a in answer_sets if question.id in a and a[question.id] is None)
        counts = tuple(sum(1 for v in given if v == n) for n in range(1, 5))
        result.append(
            Spread(
                question=question,
                counts=counts,
                unknown=unknown,
                answered=len(given),
                deviation=statistics.pstdev(given) if len(given) >= 2 else 0.0,
                low=min(given) if given else None,
                high=max(given) if given else None,
            )
        )
    return result


def divergence_ranking(level: Level, answer_sets: list[dict], limit: int = 5) -> list[Spread]:
    """The questions the group disagrees on most: largest deviation, then range, then most answers.

    Only questions with at least two answers count; a question everyone agrees on is no
    discussion starter.
    """
    candidates = [s for s in spreads(level, answer_sets) if s.answered >= 2 and s.deviation > 0]
    order = {q.id: i for i, q in enumerate(level.questions)}
    candidates.sort(key=lambda s: (-s.deviation, -s.range, -s.answered, order[s.question.id]))
    return candidates[:limit]


def combined_answers(level: Level, answer_sets: list[dict]) -> dict:
    """The group's answer per question: the mean of the numbers given, the most chosen choice.

    "Weet ik niet" and unanswered are left out; a question nobody answered stays unknown.
    """
    combined: dict = {}
    for question in level.questions:
        given = [a[question.id] for a in answer_sets if a.get(question.id) is not None]
        if not given:
            if any(question.id in a for a in answer_sets):
                combined[question.id] = None
            continue
        if question.is_choice:
            counts = Counter(given)
            top = max(counts.values())
            # ties go to the choice listed first in the content
            combined[question.id] = next(
                c.value for c in question.choices if counts.get(c.value) == top
            )
        else:
            combined[question.id] = sum(given) / len(given)
    return combined


def combined_intuition(intuitions: list[str]) -> str | None:
    given = [i for i in intuitions if i]
    if not given:
        return None
    counts = Counter(given)
    top = max(counts.values())
    leaders = [i for i in ("rood", "blauw", "wit") if counts.get(i) == top]
    return leaders[0] if len(leaders) == 1 else None
