"""The ACTIE-instrument as content: versioned YAML files, checked and turned into plain objects.

Every file in `instrument/` named `<year>.<n>.yaml` is one content version. Loading checks it twice:
against `instrument/schema.json` (shape, required texts) and against itself (every question, area,
index and choice a rule mentions exists). A scan stores the version it was made with and is always
shown with that version's wording, so a published file is never edited, only succeeded.
"""

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jsonschema
import yaml

INSTRUMENT_DIR = Path(__file__).resolve().parent / "instrument"
APPROACHES = ("rood", "blauw", "wit")
ORIGINS = ("bewoners", "organisatie", "samen")
LEVELS = ("professional", "organisatie")
COMPARISONS = ("lt", "lte", "gt", "gte", "eq")


class ContentError(Exception):
    """A content file breaks the schema or refers to something that does not exist."""

    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    area: str
    about: str
    type: str
    text: str
    help: str = ""
    scored: bool = True
    weight: float = 1.0
    choices: tuple[Choice, ...] = ()

    @property
    def is_choice(self) -> bool:
        return self.type == "choice"

    @property
    def reversed(self) -> bool:
        return self.type == "scale4_reversed"

    def choice_label(self, value: str) -> str:
        return next((c.label for c in self.choices if c.value == value), value)


@dataclass(frozen=True)
class Point:
    id: str
    area: str
    severity: str
    when: dict
    title: str
    body: str


@dataclass(frozen=True)
class Rule:
    approach: str
    when: dict
    reason: str


@dataclass(frozen=True)
class Modifier:
    id: str
    when: dict
    text: str


@dataclass(frozen=True)
class ApproachRules:
    rules: tuple[Rule, ...]
    undecided: str
    insufficient_label: str
    insufficient: str
    modifiers: tuple[Modifier, ...]
    reflection: str


@dataclass(frozen=True)
class Index:
    name: str
    label: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    description: str
    about_initiative: bool
    questions: tuple[Question, ...]
    indices: tuple[Index, ...]
    points: tuple[Point, ...]
    approach: ApproachRules | None

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def questions_in(self, area_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.area == area_id)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    text: str
    below: float | None


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    definition: str


@dataclass(frozen=True)
class Phase:
    number: int
    label: str
    question: str
    note: str


@dataclass(frozen=True)
class Content:
    version: str
    published: str
    title: str
    citation: str
    source_note: str
    scale: tuple[Choice, ...]
    unknown_label: str
    min_answered: float
    bands: tuple[Band, ...]
    insufficient: Band
    approaches: dict[str, dict[str, str]]
    origins: dict[str, str]
    phases: tuple[Phase, ...]
    phase_change_note: str
    areas: tuple[Area, ...]
    levels: dict[str, Level] = field(default_factory=dict)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def phase(self, number: int) -> Phase:
        return next(p for p in self.phases if p.number == number)

    def band_for(self, score: float) -> Band:
        return next(b for b in self.bands if b.below is None or score < b.below)

    def approach_label(self, approach: str) -> str:
        return self.approaches[approach]["label"]


@cache
def _schema() -> dict:
    return json.loads((INSTRUMENT_DIR / "schema.json").read_text(encoding="utf-8"))


def validate(raw: Any, source: str = "content") -> None:
    """Raise ContentError listing every schema violation and every broken reference."""
    validator = jsonschema.Draft202012Validator(_schema())
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        raise ContentError(source, problems)
    problems = _reference_problems(raw)
    if problems:
        raise ContentError(source, problems)


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({v for v in values if v in seen or seen.add(v)})


def _condition_problems(
    condition: dict, at: str, level: dict, area_ids: list[str], *, allow_suggestion: bool
) -> list[str]:
    """Every reference in one (nested) condition that points nowhere."""
    problems: list[str] = []
    questions = {q["id"]: q for q in level["questions"]}
    for sub in (
        condition.get("all", [])
        + condition.get("any", [])
        + ([condition["not"]] if "not" in condition else [])
    ):
        problems += _condition_problems(sub, at, level, area_ids, allow_suggestion=allow_suggestion)
    mentioned = [condition["answer"]] if "answer" in condition else []
    mentioned += condition.get("mean", [])
    for qid in mentioned:
        question = questions.get(qid)
        if question is None:
            problems.append(f"{at}: onbekende vraag {qid}")
        elif "in" in condition:
            if question["type"] != "choice":
                problems.append(f"{at}: 'in' werkt alleen op een keuzevraag, niet op {qid}")
            else:
                values = {c["value"] for c in question["choices"]}
                for value in condition["in"]:
                    if value not in values:
                        problems.append(f"{at}: vraag {qid} kent de keuze {value} niet")
        elif question["type"] == "choice":
            problems.append(f"{at}: keuzevraag {qid} kan niet met een getal vergeleken")
    for key in ("area", "unknown_in_area"):
        if key in condition and condition[key] not in area_ids:
            problems.append(f"{at}: onbekend gebied {condition[key]}")
    if "index" in condition and condition["index"] not in level["indices"]:
        problems.append(f"{at}: onbekende index {condition['index']}")
    if "suggestion" in condition and not allow_suggestion:
        problems.append(f"{at}: 'suggestion' kan hier niet (de benadering bestaat nog niet)")
    if "initiative" in condition and not level["about_initiative"]:
        problems.append(f"{at}: dit niveau gaat niet over een initiatief")
    return problems


def _reference_problems(raw: dict) -> list[str]:
    problems: list[str] = []
    area_ids = [a["id"] for a in raw["areas"]]
    for dup in _duplicates(area_ids):
        problems.append(f"areas: id {dup} komt twee keer voor")
    bands = raw["bands"]
    for dup in _duplicates([b["id"] for b in bands]):
        problems.append(f"bands: id {dup} komt twee keer voor")
    if "below" in bands[-1]:
        problems.append("bands: de laatste band heeft geen 'below' (hij vangt de hoogste scores)")
    limits = [b.get("below") for b in bands[:-1]]
    if None in limits:
        problems.append("bands: alleen de laatste band mag zonder 'below'")
    elif limits != sorted(limits):
        problems.append("bands: de grenzen ('below') lopen niet op")
    if sorted(p["number"] for p in raw["phases"]) != [1, 2, 3, 4, 5]:
        problems.append("phases: de fases zijn niet precies 1 tot en met 5")

    for level_key, level in raw["levels"].items():
        where = f"levels/{level_key}"
        questions = {q["id"]: q for q in level["questions"]}
        for dup in _duplicates([q["id"] for q in level["questions"]]):
            problems.append(f"{where}: vraag {dup} komt twee keer voor")
        for dup in _duplicates([p["id"] for p in level["points"]]):
            problems.append(f"{where}: punt {dup} komt twee keer voor")
        for q in level["questions"]:
            if q["area"] not in area_ids:
                problems.append(f"{where}/questions/{q['id']}: onbekend gebied {q['area']}")
        for area_id in area_ids:
            if not any(q["area"] == area_id and q.get("scored", True) for q in level["questions"]):
                problems.append(f"{where}: gebied {area_id} heeft geen vraag die meetelt")
        for name, index in level["indices"].items():
            for qid in index["questions"]:
                if qid not in questions:
                    problems.append(f"{where}/indices/{name}: onbekende vraag {qid}")
                elif questions[qid]["type"] == "choice":
                    problems.append(f"{where}/indices/{name}: keuzevraag {qid} telt niet als getal")

        approach = level.get("approach")
        if approach:
            for i, rule in enumerate(approach["rules"]):
                problems += _condition_problems(
                    rule["when"],
                    f"{where}/approach/rules/{i}",
                    level,
                    area_ids,
                    allow_suggestion=False,
                )
            for modifier in approach["modifiers"]:
                problems += _condition_problems(
                    modifier["when"],
                    f"{where}/approach/{modifier['id']}",
                    level,
                    area_ids,
                    allow_suggestion=True,
                )
            for placeholder in ("{intuition}", "{suggestion}"):
                if placeholder not in approach["reflection"]:
                    problems.append(f"{where}/approach/reflection: {placeholder} ontbreekt")
        for point in level["points"]:
            at = f"{where}/points/{point['id']}"
            if point["area"] not in area_ids:
                problems.append(f"{at}: onbekend gebied {point['area']}")
            if not point["id"].startswith(
                ("O" if level_key == "organisatie" else "") + point["area"]
            ):
                problems.append(f"{at}: de code past niet bij gebied {point['area']}")
            problems += _condition_problems(
                point["when"], at, level, area_ids, allow_suggestion=bool(approach)
            )
    return problems


def build(raw: dict) -> Content:
    """Turn a validated content document into objects."""

    def level(key: str, data: dict) -> Level:
        approach = data.get("approach")
        return Level(
            key=key,
            label=data["label"],
            description=data["description"],
            about_initiative=data["about_initiative"],
            questions=tuple(
                Question(
                    id=q["id"],
                    area=q["area"],
                    about=q["about"],
                    type=q["type"],
                    text=q["text"],
                    help=q.get("help", ""),
                    scored=q.get("scored", True),
                    weight=float(q.get("weight", 1.0)),
                    choices=tuple(Choice(c["value"], c["label"]) for c in q.get("choices", [])),
                )
                for q in data["questions"]
            ),
            indices=tuple(
                Index(name, i["label"], tuple(i["questions"]))
                for name, i in data["indices"].items()
            ),
            points=tuple(Point(**p) for p in data["points"]),
            approach=ApproachRules(
                rules=tuple(Rule(**r) for r in approach["rules"]),
                undecided=approach["undecided"],
                insufficient_label=approach["insufficient_label"],
                insufficient=approach["insufficient"],
                modifiers=tuple(Modifier(**m) for m in approach["modifiers"]),
                reflection=approach["reflection"],
            )
            if approach
            else None,
        )

    return Content(
        version=raw["version"],
        published=raw["published"],
        title=raw["title"],
        citation=raw["source"]["citation"],
        source_note=raw["source"]["note"],
        scale=tuple(Choice(str(s["value"]), s["label"]) for s in raw["scale"]),
        unknown_label=raw["unknown_label"],
        min_answered=float(raw["min_answered"]),
        bands=tuple(Band(b["id"], b["label"], b["text"], b.get("below")) for b in raw["bands"]),
        insufficient=Band(
            "onvoldoende", raw["insufficient"]["label"], raw["insufficient"]["text"], None
        ),
        approaches=raw["approaches"],
        origins=raw["origins"],
        phases=tuple(Phase(**p) for p in raw["phases"]),
        phase_change_note=raw["phase_change_note"],
        areas=tuple(Area(**a) for a in raw["areas"]),
        levels={key: level(key, data) for key, data in raw["levels"].items()},
    )


def load_file(path: Path) -> Content:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(raw, source=path.name)
    if raw["version"] != path.name.removesuffix(".yaml"):
        raise ContentError(path.name, [f"version {raw['version']} past niet bij de bestandsnaam"])
    return build(raw)


def _version_key(version: str) -> tuple[int, int]:
    year, number = version.split(".")
    return int(year), int(number)


class Registry:
    """All content versions in a directory; the newest one is current."""

    def __init__(self, directory: Path = INSTRUMENT_DIR):
        files = sorted(directory.glob("*.yaml"))
        if not files:
            raise ContentError(str(directory), ["geen inhoudsbestanden gevonden"])
        self.versions = {c.version: c for c in (load_file(f) for f in files)}
        self.current = self.versions[max(self.versions, key=_version_key)]

    def get(self, version: str) -> Content:
        return self.versions[version]


@cache
def registry() -> Registry:
    return Registry()


def current() -> Content:
    return registry().current
