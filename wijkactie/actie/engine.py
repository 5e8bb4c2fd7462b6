"""The ACTIE rules engine: answers in, bands, ACTIE-points and a suggested approach out.

Pure: no database, no request, no clock. The same content and input always give the same result,
which is what the result page, the PDF, the anonymous scan, the group view and `actie_evaluate`
all show.

An answer is a number 1–4 (a group's combined answer may be a mean, so floats are accepted), a
choice value, or None for "weet ik (nog) niet". A question that is absent counts as unknown too.
Unknown is never a low score: it is left out of every mean and fails every comparison.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from wijkactie.actie.content import (
    APPROACHES,
    LEVELS,
    ORIGINS,
    Content,
    Level,
    Point,
)

Answer = int | float | str | None


class InvalidScan(ValueError):
    """Input that the engine cannot evaluate; `problems` are Dutch messages, one per fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class ScanInput:
    level: str = "professional"
    origin: str | None = None
    phase: int | None = None
    intuitive_approach: str | None = None
    answers: Mapping[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True)
class PointResult:
    id: str
    area: str
    severity: str
    title: str
    body: str


@dataclass(frozen=True)
class AreaResult:
    id: str
    name: str
    band: str
    band_label: str
    band_text: str
    score: float | None
    answered: int
    scored_questions: int
    unknown: int
    points: tuple[PointResult, ...]


@dataclass(frozen=True)
class Option:
    approach: str
    label: str
    reason: str
    conditions_met: int
    conditions: int


@dataclass(frozen=True)
class Suggestion:
    approach: str | None
    label: str
    reasons: tuple[str, ...]
    undecided: bool
    options: tuple[Option, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    content_version: str
    level: str
    areas: tuple[AreaResult, ...]
    points: tuple[PointResult, ...]
    indices: dict[str, float | None]
    suggestion: Suggestion | None
    reflection: str
    phase_note: str
    phase_change_note: str

    def area(self, area_id: str) -> AreaResult:
        return next(a for a in self.areas if a.id == area_id)

    def as_dict(self) -> dict:
        data = asdict(self)
        for area in data["areas"]:
            area["score"] = None if area["score"] is None else round(area["score"], 2)
        data["indices"] = {k: None if v is None else round(v, 2) for k, v in self.indices.items()}
        return data


NO_INTUITION = "weet_niet"


def parse_input(content: Content, data: object) -> ScanInput:
    """Check a JSON-like scan document; raise InvalidScan with every problem found."""
    if not isinstance(data, dict):
        raise InvalidScan(["Het document moet een JSON-object zijn."])
    problems: list[str] = []
    known = {"level", "initiative", "intuitive_approach", "answers"}
    problems += [f"Onbekend veld '{key}'." for key in sorted(set(data) - known)]
    level_key = data.get("level", "professional")
    if not isinstance(level_key, str) or level_key not in LEVELS:
        # Say so, and still check the rest (against every level), so no problem hides another.
        problems.append(f"'level' moet een van {', '.join(LEVELS)} zijn.")
        level = None
    else:
        level = content.levels[level_key]

    origin = phase = None
    initiative = data.get("initiative") or {}
    if not isinstance(initiative, dict):
        problems.append("'initiative' moet een object zijn met 'origin' en 'phase'.")
        initiative = {}
    if initiative and level is not None and not level.about_initiative:
        problems.append(
            "Het organisatieniveau gaat niet over één initiatief: laat 'initiative' weg."
        )
    origin = initiative.get("origin")
    if origin is not None and origin not in ORIGINS:
        problems.append(f"'initiative.origin' moet een van {', '.join(ORIGINS)} zijn.")
    phase = initiative.get("phase")
    if phase is not None and (isinstance(phase, bool) or phase not in range(1, 6)):
        problems.append("'initiative.phase' moet een heel getal van 1 tot en met 5 zijn.")

    intuition = data.get("intuitive_approach")
    if intuition == NO_INTUITION:  # "weet ik nog niet", as the web form offers it
        intuition = None
    if intuition is not None and intuition not in APPROACHES:
        problems.append(
            f"'intuitive_approach' moet een van {', '.join(APPROACHES)}, "
            f"{NO_INTUITION} of null zijn."
        )

    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        problems.append('\'answers\' moet een object zijn, bijvoorbeeld {"A2": 4, "C1": null}.')
        answers = {}
    for qid, value in answers.items():
        owner = level or next(
            (each for each in content.levels.values() if each.has_question(qid)), None
        )
        if owner is None or not owner.has_question(qid):
            problems.append(f"Vraag {qid} bestaat niet op dit niveau.")
            continue
        problems += _answer_problems(owner, qid, value, allow_fraction=False)
    if problems:
        raise InvalidScan(problems)
    return ScanInput(
        level=level_key,
        origin=origin,
        phase=phase,
        intuitive_approach=intuition,
        answers=dict(answers),
    )


def _answer_problems(level: Level, qid: str, value: Answer, *, allow_fraction: bool) -> list[str]:
    if value is None:
        return []
    question = level.question(qid)
    if question.is_choice:
        allowed = [c.value for c in question.choices]
        if value not in allowed:
            return [f"Vraag {qid}: kies een van {', '.join(allowed)} of null."]
        return []
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [f"Vraag {qid}: antwoord met 1, 2, 3, 4 of null (weet ik niet)."]
    if not 1 <= value <= 4 or (not allow_fraction and value != int(value)):
        return [f"Vraag {qid}: antwoord met 1, 2, 3, 4 of null (weet ik niet)."]
    return []


class _Context:
    """What a condition can read: raw answers, area scores, indices, initiative, suggestion."""

    def __init__(self, level: Level, scan: ScanInput):
        self.level = level
        self.scan = scan
        self.area_scores: dict[str, float | None] = {}
        self.indices: dict[str, float | None] = {}
        self.suggestion: str | None = None

    def answer(self, qid: str) -> Answer:
        return self.scan.answers.get(qid)

    def numeric(self, qid: str) -> float | None:
        value = self.answer(qid)
        return None if value is None or isinstance(value, str) else float(value)

    def scored(self, qid: str) -> float | None:
        value = self.numeric(qid)
        if value is None:
            return None
        return 5 - value if self.level.question(qid).reversed else value

    def holds(self, condition: dict) -> bool:
        if "all" in condition:
            return all(self.holds(c) for c in condition["all"])
        if "any" in condition:
            return any(self.holds(c) for c in condition["any"])
        if "not" in condition:
            return not self.holds(condition["not"])
        if "unknown_in_area" in condition:
            return any(
                self.answer(q.id) is None
                for q in self.level.questions_in(condition["unknown_in_area"])
            )
        if "suggestion" in condition:
            return self.suggestion in condition["suggestion"]
        if "answer" in condition and "in" in condition:
            return self.answer(condition["answer"]) in condition["in"]
        if condition.get("initiative") == "origin":
            return self.scan.origin in condition["in"]
        if "answer" in condition:
            value = self.numeric(condition["answer"])
        elif "mean" in condition:
            value = _mean([self.numeric(q) for q in condition["mean"]])
        elif "area" in condition:
            value = self.area_scores.get(condition["area"])
        elif "index" in condition:
            value = self.indices.get(condition["index"])
        elif condition.get("initiative") == "phase":
            value = self.scan.phase
        else:  # pragma: no cover - the schema admits no other condition
            raise ValueError(f"unknown condition {condition}")
        return _compare(value, condition)

    def closeness(self, condition: dict) -> tuple[int, int]:
        """How many parts of an `all` condition hold, out of how many (for undecided cases)."""
        parts = condition.get("all", [condition])
        return sum(self.holds(p) for p in parts), len(parts)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _compare(value: float | None, condition: dict) -> bool:
    if value is None:
        return False  # unknown is never low, never high
    if "lt" in condition:
        return value < condition["lt"]
    if "lte" in condition:
        return value <= condition["lte"]
    if "gt" in condition:
        return value > condition["gt"]
    if "gte" in condition:
        return value >= condition["gte"]
    return value == condition["eq"]


def evaluate(content: Content, scan: ScanInput) -> Result:
    level = content.levels[scan.level]
    ctx = _Context(level, scan)

    area_stats = {}
    for area in content.areas:
        scored = [q for q in level.questions_in(area.id) if q.scored]
        answered = [(q, ctx.scored(q.id)) for q in scored if ctx.scored(q.id) is not None]
        weight = sum(q.weight for q, _ in answered)
        enough = scored and len(answered) / len(scored) >= content.min_answered
        score = sum(q.weight * v for q, v in answered) / weight if enough else None
        unknown = sum(1 for q in level.questions_in(area.id) if ctx.answer(q.id) is None)
        ctx.area_scores[area.id] = score
        area_stats[area.id] = (score, len(answered), len(scored), unknown)
    for index in level.indices:
        ctx.indices[index.name] = _mean([ctx.scored(q) for q in index.questions])

    suggestion = _suggest(content, level, ctx)
    ctx.suggestion = suggestion.approach if suggestion else None
    points = tuple(_point_result(p) for p in level.points if ctx.holds(p.when))

    areas = []
    for area in content.areas:
        score, answered, scored, unknown = area_stats[area.id]
        band = content.insufficient if score is None else content.band_for(score)
        areas.append(
            AreaResult(
                id=area.id,
                name=area.name,
                band=band.id,
                band_label=band.label,
                band_text=band.text,
                score=score,
                answered=answered,
                scored_questions=scored,
                unknown=unknown,
                points=tuple(p for p in points if p.area == area.id),
            )
        )

    reflection = ""
    if level.approach and suggestion and suggestion.approach and scan.intuitive_approach:
        if scan.intuitive_approach != suggestion.approach:
            reflection = level.approach.reflection.format(
                intuition=content.approach_label(scan.intuitive_approach),
                suggestion=content.approach_label(suggestion.approach),
            )
    about_initiative = level.about_initiative
    return Result(
        content_version=content.version,
        level=level.key,
        areas=tuple(areas),
        points=points,
        indices=dict(ctx.indices),
        suggestion=suggestion,
        reflection=reflection,
        phase_note=content.phase(scan.phase).note if about_initiative and scan.phase else "",
        phase_change_note=content.phase_change_note if about_initiative else "",
    )


def _point_result(point: Point) -> PointResult:
    return PointResult(point.id, point.area, point.severity, point.title, point.body)


def _suggest(content: Content, level: Level, ctx: _Context) -> Suggestion | None:
    rules = level.approach
    if rules is None:
        return None
    chosen = next((r for r in rules.rules if ctx.holds(r.when)), None)
    if chosen:
        ctx.suggestion = chosen.approach
        warnings = tuple(m.text for m in rules.modifiers if ctx.holds(m.when))
        return Suggestion(
            approach=chosen.approach,
            label=content.approach_label(chosen.approach),
            reasons=(chosen.reason,),
            undecided=False,
            options=(),
            warnings=warnings,
        )
    # Undecided: the two approaches whose rules came closest, in rule order on ties.
    ranked = sorted(
        enumerate(rules.rules),
        key=lambda item: (-_ratio(ctx.closeness(item[1].when)), item[0]),
    )
    options: list[Option] = []
    for _, rule in ranked:
        if rule.approach not in {o.approach for o in options}:
            met, total = ctx.closeness(rule.when)
            options.append(
                Option(
                    rule.approach, content.approach_label(rule.approach), rule.reason, met, total
                )
            )
        if len(options) == 2:
            break
    warnings = tuple(m.text for m in rules.modifiers if ctx.holds(m.when))
    return Suggestion(
        approach=None,
        label=" / ".join(o.label for o in options),
        reasons=(rules.undecided,),
        undecided=True,
        options=tuple(options),
        warnings=warnings,
    )


def _ratio(pair: tuple[int, int]) -> float:
    met, total = pair
    return met / total


def evaluate_document(content: Content, data: object) -> Result:
    """Check a JSON-like document and evaluate it (the path of `actie_evaluate`)."""
    return evaluate(content, parse_input(content, data))
