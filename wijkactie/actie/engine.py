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
    questions: int = 0  # on the area's page, scored or not

    @property
    def answered_questions(self) -> int:
        """Of the questions the person saw, how many they answered (what they can check)."""
        return self.questions - self.unknown


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
    insufficient: bool = False  # too much unknown to suggest a colour: find out first


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
        self.area_spans: dict[str, tuple[float, float]] = {}
        self.indices: dict[str, float | None] = {}
        self.index_questions = {index.name: index.questions for index in level.indices}
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
        """True only when the condition holds whatever the unknown answers turn out to be."""
        return self.truth(condition) is True

    def truth(self, condition: dict) -> bool | None:
        """Three-valued: True, False, or None when the unknown answers decide it.

        A value built from answers is an interval: each unknown answer may be anything from 1
        to 4. A comparison is decided only when it comes out the same over the whole interval,
        so an unknown is never read as low (or high). `not` keeps undecided undecided; `all`
        and `any` follow Kleene's logic. Replacing answers by unknowns can therefore only turn
        a decided condition into an undecided one, never into the opposite.
        """
        if "all" in condition:
            parts = [self.truth(c) for c in condition["all"]]
            return False if False in parts else (None if None in parts else True)
        if "any" in condition:
            parts = [self.truth(c) for c in condition["any"]]
            return True if True in parts else (None if None in parts else False)
        if "not" in condition:
            inner = self.truth(condition["not"])
            return None if inner is None else not inner
        if "unknown_in_area" in condition:
            return any(
                self.answer(q.id) is None
                for q in self.level.questions_in(condition["unknown_in_area"])
            )
        if "suggestion" in condition:
            return None if self.suggestion is None else self.suggestion in condition["suggestion"]
        if "answer" in condition and "in" in condition:
            value = self.answer(condition["answer"])
            return None if value is None else value in condition["in"]
        if condition.get("initiative") == "origin":
            return None if self.scan.origin is None else self.scan.origin in condition["in"]
        if "answer" in condition:
            value = self.numeric(condition["answer"])
            span = ANSWER_SPAN if value is None else (value, value)
        elif "mean" in condition:
            span = _span([(1, self.numeric(q)) for q in condition["mean"]])
        elif "area" in condition:
            span = self.area_spans[condition["area"]]
        elif "index" in condition:
            span = _span([(1, self.scored(q)) for q in self.index_questions[condition["index"]]])
        elif condition.get("initiative") == "phase":
            phase = self.scan.phase
            span = PHASE_SPAN if phase is None else (phase, phase)
        else:  # pragma: no cover - the schema admits no other condition
            raise ValueError(f"unknown condition {condition}")
        low, high = _compare(span[0], condition), _compare(span[1], condition)
        if "eq" in condition and span[0] != span[1]:
            return None if span[0] <= condition["eq"] <= span[1] else False
        return low if low == high else None

    def closeness(self, condition: dict) -> tuple[int, int]:
        """How many parts of an `all` condition hold, out of how many (for undecided cases)."""
        parts = condition.get("all", [condition])
        return sum(self.holds(p) for p in parts), len(parts)


ANSWER_SPAN = (1.0, 4.0)
PHASE_SPAN = (1, 5)


def _span(weighted: list[tuple[float, float | None]]) -> tuple[float, float]:
    """The lowest and highest weighted mean the answers can still get (unknown: 1 to 4)."""
    total = sum(weight for weight, _ in weighted)
    if not total:
        return ANSWER_SPAN
    low = sum(w * (ANSWER_SPAN[0] if v is None else v) for w, v in weighted) / total
    high = sum(w * (ANSWER_SPAN[1] if v is None else v) for w, v in weighted) / total
    return low, high


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _compare(value: float, condition: dict) -> bool:
    if "lt" in condition:
        return value < condition["lt"]
    if "lte" in condition:
        return value <= condition["lte"]
    if "gt" in condition:
        return value > condition["gt"]
    if "gte" in condition:
        return value >= condition["gte"]
    return value == condition["eq"]


def context_for(content: Content, scan: ScanInput) -> tuple[_Context, dict]:
    """The scores and spans every condition reads, and per area (score, answered, scored, unknown)."""
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
        ctx.area_spans[area.id] = _span([(q.weight, ctx.scored(q.id)) for q in scored])
        area_stats[area.id] = (score, len(answered), len(scored), unknown)
    for index in level.indices:
        ctx.indices[index.name] = _mean([ctx.scored(q) for q in index.questions])
    return ctx, area_stats


def evaluate(content: Content, scan: ScanInput) -> Result:
    level = content.levels[scan.level]
    ctx, area_stats = context_for(content, scan)

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
                questions=len(level.questions_in(area.id)),
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
    # Rules are tried in order; an earlier rule the unknowns could still make true blocks the rest.
    chosen, open_rules = None, []
    for rule in rules.rules:
        truth = ctx.truth(rule.when)
        if truth is None:
            open_rules.append(rule)
        elif truth and not open_rules:
            chosen = rule
            break
    if open_rules and chosen is None:
        warnings = tuple(m.text for m in rules.modifiers if ctx.holds(m.when))
        return Suggestion(
            approach=None,
            label=rules.insufficient_label,
            reasons=(rules.insufficient,),
            undecided=True,
            options=(),
            warnings=warnings,
            insufficient=True,
        )
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
