"""The rules engine, by table (from the domain spec, section 4) and by property."""

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import replace

import pytest
from django.core.management import execute_from_command_line
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkactie.actie.content import APPROACHES, ORIGINS, registry
from wijkactie.actie.engine import InvalidScan, ScanInput, context_for, evaluate, parse_input

CONTENT = registry().current
PRO = CONTENT.levels["professional"]
CAPACITY = ["A2", "A3", "A4", "C1", "C2", "C3", "C4", "T1", "T2", "T3", "T4", "T5"]
READINESS = ["I2", "I3", "I4", "I5", "I6", "I7", "E1", "E2", "E3", "E4", "E5"]


def scan(
    *, capacity=3, stake=2, readiness=3, origin="bewoners", phase=3, intuition=None, **answers
):
    """A professional scan with the three indices set through their questions."""
    values = {q.id: 3 for q in PRO.questions if not q.is_choice}
    values.update(dict.fromkeys(CAPACITY, capacity))
    values.update(dict.fromkeys(READINESS, readiness))
    values.update({"I1": stake, "T7": 1, "A1": "beide"})
    values.update(answers)
    return evaluate(
        CONTENT,
        ScanInput("professional", origin, phase, intuition, values),
    )


def point_ids(result):
    return {p.id for p in result.points}


# -- Approach suggestion (domain spec 4.5) -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "approach"),
    [
        ({"stake": 3, "capacity": 3}, "wit"),
        ({"stake": 4, "capacity": 2.5, "origin": "organisatie"}, "wit"),
        ({"stake": 2, "capacity": 3, "origin": "bewoners"}, "blauw"),
        ({"stake": 1, "capacity": 4, "origin": "bewoners"}, "blauw"),
        ({"capacity": 2, "origin": "organisatie", "phase": 4}, "rood"),
        ({"capacity": 2, "origin": "bewoners", "phase": 2}, "rood"),
        ({"capacity": 2, "origin": "samen", "phase": 1}, "rood"),
        # stake beats origin: a strong resident group on corporation property is coproduction
        ({"stake": 4, "capacity": 3, "origin": "bewoners"}, "wit"),
    ],
)
def test_suggested_approach(fields, approach):
    suggestion = scan(**fields).suggestion
    assert suggestion.approach == approach
    assert not suggestion.undecided


def test_red_always_brings_the_hand_over_point():
    result = scan(capacity=2, origin="organisatie")
    assert result.suggestion.approach == "rood"
    assert "A-overdracht" in point_ids(result)
    assert "A-overdracht" not in point_ids(scan(stake=3, capacity=3))


@pytest.mark.parametrize(
    "fields",
    [
        # strong group, not from residents, little at stake: no rule fits
        {"capacity": 3, "stake": 2, "origin": "organisatie"},
        # weak resident group already running
        {"capacity": 2, "stake": 2, "origin": "bewoners", "phase": 4},
    ],
)
def test_undecided_cases_show_the_two_closest_options(fields):
    suggestion = scan(**fields).suggestion
    assert suggestion.undecided and suggestion.approach is None
    assert len(suggestion.options) == 2
    assert len({o.approach for o in suggestion.options}) == 2
    assert "Twijfelgeval" in suggestion.reasons[0]
    first, second = suggestion.options
    assert first.conditions_met / first.conditions >= second.conditions_met / second.conditions


def test_undecided_ranks_the_rule_with_most_conditions_met_first():
    # capacity 3, origin organisatie, stake 2: blue meets 2 of 3 (capacity, stake), white 1 of 2
    suggestion = scan(capacity=3, stake=2, origin="organisatie").suggestion
    assert [o.approach for o in suggestion.options] == ["blauw", "wit"]


def test_blue_with_an_organisation_that_cannot_move_gets_a_warning():
    result = scan(capacity=3, origin="bewoners", readiness=2)
    assert result.suggestion.approach == "blauw"
    assert any("Pak eerst Inbedding aan" in w for w in result.suggestion.warnings)
    assert not scan(capacity=3, origin="bewoners", readiness=3).suggestion.warnings


def test_red_past_the_start_suggests_scaling_down():
    late = scan(capacity=2, origin="organisatie", phase=3).suggestion
    early = scan(capacity=2, origin="organisatie", phase=2).suggestion
    assert any("af te schalen naar blauw" in w for w in late.warnings)
    assert not any("af te schalen" in w for w in early.warnings)


def test_low_empathy_warns_whatever_the_approach():
    low = dict.fromkeys(["E1", "E2", "E3", "E4", "E5", "E6", "E7"], 1)
    for fields in ({"stake": 3}, {"capacity": 2, "origin": "organisatie"}):
        assert any("Begin bij het contact" in w for w in scan(**fields, **low).suggestion.warnings)


def test_intuition_that_differs_brings_a_reflection():
    differs = scan(stake=3, intuition="blauw")
    assert differs.reflection == (
        "Je eerste neiging was Blauw – faciliterend; de scan wijst op Wit – coproductie. "
        "Wat zie jij dat de scan niet ziet?"
    )
    assert scan(stake=3, intuition="wit").reflection == ""
    assert scan(stake=3, intuition=None).reflection == ""


def test_phase_note_follows_the_phase():
    assert scan(phase=4).phase_note.startswith("Wit voor afspraken over beheer")
    assert scan(phase=None).phase_note == ""


# -- Bands and points (domain spec 4.2–4.4) ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1, "aandacht"),
        (1.99, "aandacht"),
        (2, "let_op"),
        (2.99, "let_op"),
        (3, "op_orde"),
        (4, "op_orde"),
    ],
)
def test_bands(value, band):
    answers = {f"C{i}": value for i in range(1, 8)}
    result = evaluate(CONTENT, ScanInput(answers=answers))
    assert result.area("C").band == band


def test_less_than_half_answered_is_insufficient_not_low():
    result = evaluate(CONTENT, ScanInput(answers={"C1": 4, "C2": 4, "C3": 4, "C4": None}))
    assert result.area("C").band == "onvoldoende"
    assert result.area("C").score is None
    enough = evaluate(CONTENT, ScanInput(answers={f"C{i}": 4 for i in range(1, 5)}))
    assert enough.area("C").band == "op_orde"


def test_reversed_question_is_flipped_for_the_band_but_triggers_on_the_raw_answer():
    base = {f"T{i}": 4 for i in range(1, 7)}
    taking_over = evaluate(CONTENT, ScanInput(answers={**base, "T7": 4}))
    letting_go = evaluate(CONTENT, ScanInput(answers={**base, "T7": 1}))
    assert taking_over.area("T").score == pytest.approx((6 * 4 + 1) / 7)
    assert letting_go.area("T").score == 4
    assert "T-overname" in point_ids(taking_over)
    assert "T-overname" not in point_ids(letting_go)


def test_context_questions_are_not_scored():
    with_stake = evaluate(
        CONTENT, ScanInput(answers={"I1": 1, **{f"I{i}": 4 for i in range(2, 8)}})
    )
    assert with_stake.area("I").score == 4
    assert with_stake.area("I").scored_questions == 6


@pytest.mark.parametrize(
    ("answers", "point", "fires"),
    [
        ({"C1": 1, "C2": 2}, "C-gesloten", True),
        ({"C1": 1, "C2": 3}, "C-gesloten", False),
        ({"C1": 1, "C2": 1}, "C-gesloten", True),
        ({"C1": 1, "C2": None}, "C-gesloten", False),  # C2 could be 4: undecided
        ({"C1": None, "C2": None}, "C-gesloten", False),
        ({"A3": 2}, "A-weinig-schouders", True),
        ({"A4": 1}, "A-weinig-schouders", True),
        ({"A3": 3, "A4": 3}, "A-weinig-schouders", False),
        ({"A1": "sociaal"}, "A-sociaal", True),
        ({"A1": "doelgericht"}, "A-sociaal", False),
        ({"T7": 3}, "T-overname", True),
        ({"T7": 2}, "T-overname", False),
        ({"C7": None}, "C-uitzoeken", True),
        ({"E6": 1}, "E-bezoek", True),
    ],
)
def test_points(answers, point, fires):
    complete = {q.id: 3 for q in PRO.questions if not q.is_choice} | {"A1": "beide"}
    result = evaluate(CONTENT, ScanInput(answers=complete | answers))
    assert (point in point_ids(result)) is fires


def test_mandate_point_depends_on_the_suggestion():
    assert "I-mandaat" in point_ids(scan(stake=3, I5=2))  # wit
    assert "I-mandaat" in point_ids(scan(capacity=3.5, I5=1))  # blauw
    assert "I-mandaat" not in point_ids(scan(capacity=2, origin="organisatie", I5=1))  # rood


def test_organisation_level_has_points_but_no_approach():
    level = CONTENT.levels["organisatie"]
    result = evaluate(
        CONTENT,
        ScanInput("organisatie", answers={q.id: 1 for q in level.questions}),
    )
    assert result.suggestion is None
    assert result.phase_note == ""
    assert {a.band for a in result.areas} == {"aandacht"}
    assert "OI-mandaat" in point_ids(result)


# -- Properties ----------------------------------------------------------------------------------


def answer_for(question):
    if question.is_choice:
        return st.sampled_from([None, *(c.value for c in question.choices)])
    return st.sampled_from([None, 1, 2, 3, 4])


@st.composite
def scans(draw, level_key=None):
    level_key = level_key or draw(st.sampled_from(["professional", "organisatie"]))
    level = CONTENT.levels[level_key]
    answers = {}
    for question in level.questions:
        if draw(st.booleans()) or draw(st.booleans()):  # present three times in four
            answers[question.id] = draw(answer_for(question))
    about = level.about_initiative
    return ScanInput(
        level=level_key,
        origin=draw(st.sampled_from([None, *ORIGINS])) if about else None,
        phase=draw(st.sampled_from([None, 1, 2, 3, 4, 5])) if about else None,
        intuitive_approach=draw(st.sampled_from([None, *APPROACHES])) if about else None,
        answers=answers,
    )


def assert_valid(result, scan_input):
    level = CONTENT.levels[scan_input.level]
    area_ids = [a.id for a in CONTENT.areas]
    assert [a.id for a in result.areas] == area_ids
    bands = {b.id for b in CONTENT.bands} | {"onvoldoende"}
    for area in result.areas:
        assert area.band in bands
        assert (area.score is None) == (area.band == "onvoldoende")
        assert area.score is None or 1 <= area.score <= 4
        assert all(p.area == area.id for p in area.points)
    point_areas = {p.area for p in result.points}
    assert point_areas <= set(area_ids)
    assert sum(len(a.points) for a in result.areas) == len(result.points)
    assert {p.id for p in result.points} <= {p.id for p in level.points}
    if level.approach:
        suggestion = result.suggestion
        assert suggestion.approach in (None, *APPROACHES)
        assert suggestion.undecided == (suggestion.approach is None)
        twijfel = suggestion.undecided and not suggestion.insufficient
        assert len(suggestion.options) == (2 if twijfel else 0)
        assert suggestion.reasons
    json.dumps(result.as_dict())


@settings(max_examples=300, deadline=None)
@given(scans())
def test_any_combination_of_answers_gives_a_valid_result(scan_input):
    assert_valid(evaluate(CONTENT, scan_input), scan_input)


@pytest.mark.parametrize("level_key", ["professional", "organisatie"])
def test_all_unknown_gives_a_valid_result_with_nothing_low(level_key):
    level = CONTENT.levels[level_key]
    scan_input = ScanInput(level_key, answers=dict.fromkeys((q.id for q in level.questions), None))
    result = evaluate(CONTENT, scan_input)
    assert_valid(result, scan_input)
    assert {a.band for a in result.areas} == {"onvoldoende"}
    assert {p.id.split("-", 1)[1] for p in result.points} == {"uitzoeken"}


def _single_question_triggers(level):
    """Points whose trigger reads exactly one question, through answer comparisons only."""

    def questions(condition):
        if "all" in condition or "any" in condition:
            found = [questions(c) for c in condition.get("all", []) + condition.get("any", [])]
            return set().union(*found) if all(f is not None for f in found) else None
        if "answer" in condition:
            return {condition["answer"]}
        return None

    return [
        (p, q)
        for p in level.points
        if (found := questions(p.when)) and len(found) == 1
        for q in found
    ]


@settings(max_examples=200, deadline=None)
@given(scans(level_key="professional"), st.data())
def test_unknown_never_counts_as_a_low_score(scan_input, data):
    question = data.draw(st.sampled_from([q for q in PRO.questions if q.scored]))
    unknown = ScanInput(
        **{**scan_input.__dict__, "answers": {**scan_input.answers, question.id: None}}
    )
    result = evaluate(CONTENT, unknown)

    # The area score is the weighted mean of the answered questions only.
    answered = [
        (5 - v if q.reversed else v)
        for q in PRO.questions_in(question.area)
        if q.scored and (v := unknown.answers.get(q.id)) is not None
    ]
    scored = len([q for q in PRO.questions_in(question.area) if q.scored])
    expected = sum(answered) / len(answered) if answered and len(answered) / scored >= 0.5 else None
    assert result.area(question.area).score == (
        None if expected is None else pytest.approx(expected)
    )

    # A point that reads only this question does not fire on "weet ik niet".
    fired = {p.id for p in result.points}
    for point, qid in _single_question_triggers(PRO):
        if qid == question.id:
            assert point.id not in fired


def test_parse_input_lists_every_problem():
    with pytest.raises(InvalidScan) as caught:
        parse_input(
            CONTENT,
            {
                "level": "professional",
                "initiative": {"origin": "buren", "phase": 0},
                "intuitive_approach": "groen",
                "answers": {"A1": 3, "A2": 2.5, "C1": True, "Z1": 1},
                "extra": 1,
            },
        )
    assert caught.value.problems == [
        "Onbekend veld 'extra'.",
        "'initiative.origin' moet een van bewoners, organisatie, samen zijn.",
        "'initiative.phase' moet een heel getal van 1 tot en met 5 zijn.",
        "'intuitive_approach' moet een van rood, blauw, wit, weet_niet of null zijn.",
        "Vraag A1: kies een van sociaal, doelgericht, beide of null.",
        "Vraag A2: antwoord met 1, 2, 3, 4 of null (weet ik niet).",
        "Vraag C1: antwoord met 1, 2, 3, 4 of null (weet ik niet).",
        "Vraag Z1 bestaat niet op dit niveau.",
    ]


# -- The command -------------------------------------------------------------------------------


def run_command(*args, stdin=""):
    """`python -m wijkactie actie_evaluate ARGS` with `stdin`, in this process (a new Python
    costs seconds; `test_command_never_ends_in_a_traceback` starts the real one)."""
    stdout, stderr, returncode = io.StringIO(), io.StringIO(), 0
    real_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            execute_from_command_line(["wijkactie", "actie_evaluate", "--skip-checks", *args])
    except SystemExit as exit:
        returncode = exit.code
    finally:
        sys.stdin = real_stdin
    return subprocess.CompletedProcess(args, returncode, stdout.getvalue(), stderr.getvalue())


def test_command_prints_the_result_as_json():
    document = {
        "level": "professional",
        "initiative": {"origin": "bewoners", "phase": 1},
        "intuitive_approach": "blauw",
        "answers": {
            **{"A2": 1, "A3": 1, "A4": 1, "C1": 1, "C2": None, "C3": 1, "C4": 1},
            **{"T1": 2, "T2": 1, "I1": 1},
        },
    }
    completed = run_command("-", stdin=json.dumps(document))
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["content_version"] == CONTENT.version
    assert result["suggestion"]["approach"] == "rood"
    assert {"A-weinig-schouders", "A-overdracht"} <= {p["id"] for p in result["points"]}
    assert result["areas"][0]["band"] == "aandacht"
    assert result["reflection"].startswith("Je eerste neiging was Blauw")


def test_command_reads_the_example_file():
    completed = run_command("examples/scan.json")
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["suggestion"]["approach"] == "blauw"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-"], "{niet json", "Geen geldige JSON"),
        (["-"], '{"answers": {"A2": 9}}', "Vraag A2: antwoord met 1, 2, 3, 4"),
        (["/bestaat/niet.json"], "", "Kan /bestaat/niet.json niet lezen"),
        (["--content-version", "1999.1", "-"], "{}", "Onbekende inhoudsversie 1999.1"),
    ],
)
def test_command_refuses_bad_input_with_status_2(args, stdin, message):
    completed = run_command(*args, stdin=stdin)
    assert completed.returncode == 2
    assert message in completed.stderr
    assert completed.stdout == ""


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"answers": {"A2": "caf\xe9"}}', "niet in UTF-8 opgeslagen"),
        (b"[" * 100_000, "te diep genest"),
    ],
)
def test_command_never_ends_in_a_traceback(raw, message):
    """Issue 9: a non-UTF-8 file and 100,000 nested '[' ended in tracebacks with exit 1."""
    completed = subprocess.run(
        [sys.executable, "-m", "wijkactie", "actie_evaluate", "-"],
        input=raw,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 2
    assert message in completed.stderr.decode()
    assert b"Traceback" not in completed.stderr


def test_command_accepts_no_first_inclination_as_the_form_does():
    """Issue 9: "weet_niet" was refused although the web form and the spec offer it."""
    completed = run_command("-", stdin='{"intuitive_approach": "weet_niet", "answers": {"A2": 4}}')
    assert completed.returncode == 0, completed.stderr
    assert not json.loads(completed.stdout)["reflection"]  # no inclination, nothing to reflect on


def test_an_invalid_level_hides_no_other_problem():
    """Issue 9: an invalid `level` hid every other error."""
    completed = run_command(
        "-", stdin='{"level": "wijk", "answers": {"A2": 9, "ZZ9": 1}, "intuitive_approach": "x"}'
    )
    assert completed.returncode == 2
    for message in (
        "'level' moet een van",
        "Vraag A2: antwoord met",
        "ZZ9 bestaat niet",
        "intuitive_approach",
    ):
        assert message in completed.stderr


def test_an_all_unknown_scan_suggests_finding_out_not_a_colour():
    for origin in (None, "bewoners", "organisatie"):
        result = evaluate(CONTENT, ScanInput(origin=origin, answers={}))
        assert result.suggestion.insufficient, origin
        assert result.suggestion.approach is None
        assert result.suggestion.label == "Eerst uitzoeken"
        assert result.suggestion.options == ()


def test_the_command_suggests_no_colour_for_an_unknown_stake():
    document = {
        "level": "professional",
        "initiative": {"origin": "bewoners", "phase": 2},
        "answers": {q.id: None for q in PRO.questions},
    }
    completed = run_command("-", stdin=json.dumps(document))
    assert completed.returncode == 0, completed.stderr
    suggestion = json.loads(completed.stdout)["suggestion"]
    assert suggestion["approach"] is None and suggestion["insufficient"] is True
    assert "Blauw" not in suggestion["label"] and "Wit" not in suggestion["label"]


@settings(max_examples=300, deadline=None)
@given(scans(), st.data())
def test_forgetting_answers_never_makes_a_rule_more_satisfied(scan_input, data):
    """Replace any answered items by unknowns: every rule, modifier and point keeps its truth or
    becomes undecided; none turns from false to true or from true to false."""
    answered = sorted(q for q, v in scan_input.answers.items() if v is not None)
    forget = data.draw(st.sets(st.sampled_from(answered)) if answered else st.just(set()))
    fewer = replace(
        scan_input, answers={q: (None if q in forget else v) for q, v in scan_input.answers.items()}
    )
    level = CONTENT.levels[scan_input.level]
    before, after = _truths(level, scan_input), _truths(level, fewer)
    for name, truth in before.items():
        if after[name] is not None:
            assert after[name] == truth, name
    suggested_before = evaluate(CONTENT, scan_input).suggestion
    suggested_after = evaluate(CONTENT, fewer).suggestion
    if suggested_after and suggested_after.approach:
        assert suggested_after.approach == suggested_before.approach


def _truths(level, scan_input) -> dict:
    """Every rule's, modifier's and point's truth (not the points about unknowns themselves)."""
    ctx, _stats = context_for(CONTENT, scan_input)
    suggestion = evaluate(CONTENT, scan_input).suggestion
    ctx.suggestion = suggestion.approach if suggestion else None
    truths = {}
    if level.approach:
        for n, rule in enumerate(level.approach.rules):
            truths[f"rule {n} {rule.approach}"] = ctx.truth(rule.when)
        for modifier in level.approach.modifiers:
            truths[f"modifier {modifier.id}"] = ctx.truth(modifier.when)
    for point in level.points:
        if "unknown_in_area" not in str(point.when):
            truths[f"point {point.id}"] = ctx.truth(point.when)
    return truths


def test_the_result_table_counts_the_questions_a_person_saw():
    """Issue 22: the table said "Animo — Beantwoord 0 van 5" while the Animo page has 6
    questions (one is context, not scored). It now counts what the person answered of what
    they saw."""
    from django.template.loader import render_to_string  # noqa: PLC0415

    result = evaluate(CONTENT, ScanInput(answers={"A1": 3}))
    animo = result.area("A")
    assert (animo.answered_questions, animo.questions) == (1, 6)
    html = render_to_string("actie/_chart.html", {"result": result})
    row = html.split(f'<th scope="row">{animo.name}</th>', 1)[1].split("</tr>", 1)[0]
    assert "1 van 6 vragen" in row
