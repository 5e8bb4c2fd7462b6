"""The content files: valid against the schema, and every broken reference is caught."""

import copy

import pytest
import yaml

from wijkactie.actie.content import INSTRUMENT_DIR, ContentError, Registry, registry, validate


@pytest.fixture
def raw():
    return yaml.safe_load((INSTRUMENT_DIR / "2026.1.yaml").read_text(encoding="utf-8"))


def test_every_shipped_version_is_valid():
    versions = registry().versions
    assert "2026.1" in versions
    for content in versions.values():
        assert [a.name for a in content.areas] == [
            "Animo",
            "Contacten",
            "Toerusting",
            "Inbedding",
            "Empathie",
        ]


def test_professional_question_codes_follow_the_domain_spec():
    level = registry().current.levels["professional"]
    expected = (
        [f"A{i}" for i in range(1, 7)]
        + [f"C{i}" for i in range(1, 8)]
        + [f"T{i}" for i in range(1, 8)]
        + [f"I{i}" for i in range(1, 8)]
        + [f"E{i}" for i in range(1, 8)]
    )
    assert [q.id for q in level.questions] == expected


def _problems(raw) -> list[str]:
    with pytest.raises(ContentError) as caught:
        validate(raw)
    return caught.value.problems


def _point(raw, point_id):
    return next(p for p in raw["levels"]["professional"]["points"] if p["id"] == point_id)


def test_unknown_question_in_a_point_rule_is_caught(raw):
    _point(raw, "T-overname")["when"] = {"answer": "T9", "gte": 3}
    assert _problems(raw) == ["levels/professional/points/T-overname: onbekende vraag T9"]


def test_unknown_question_deep_in_an_approach_rule_is_caught(raw):
    rule = raw["levels"]["professional"]["approach"]["rules"][1]
    rule["when"]["all"][2]["not"] = {"mean": ["C1", "Q7"], "lt": 2}
    assert _problems(raw) == ["levels/professional/approach/rules/1: onbekende vraag Q7"]


def test_a_band_without_text_is_caught(raw):
    del raw["bands"][1]["text"]
    assert any("bands/1" in p and "'text' is a required property" in p for p in _problems(raw))


def test_an_empty_band_text_is_caught(raw):
    raw["bands"][0]["text"] = "   "
    assert any(p.startswith("bands/0/text") for p in _problems(raw))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda r: _point(r, "C-gesloten").update(area="X"),
            "levels/professional/points/C-gesloten: onbekend gebied X",
        ),
        (
            lambda r: _point(r, "A-sociaal")["when"].update({"in": ["gezellig"]}),
            "levels/professional/points/A-sociaal: vraag A1 kent de keuze gezellig niet",
        ),
        (
            lambda r: _point(r, "A-hoog").update(when={"index": "kracht", "gte": 3}),
            "levels/professional/points/A-hoog: onbekende index kracht",
        ),
        (
            lambda r: _point(r, "T-geld").update(when={"answer": "A1", "lte": 2}),
            "levels/professional/points/T-geld: keuzevraag A1 kan niet met een getal vergeleken",
        ),
        (
            lambda r: r["levels"]["professional"]["approach"]["rules"][0].update(
                when={"suggestion": ["wit"]}
            ),
            "levels/professional/approach/rules/0: 'suggestion' kan hier niet (de benadering bestaat nog niet)",
        ),
        (
            lambda r: r["levels"]["professional"]["indices"]["stake"].update(questions=["I9"]),
            "levels/professional/indices/stake: onbekende vraag I9",
        ),
        (
            lambda r: r["levels"]["professional"]["questions"].append(
                copy.deepcopy(r["levels"]["professional"]["questions"][1])
            ),
            "levels/professional: vraag A2 komt twee keer voor",
        ),
        (
            lambda r: r["bands"][0].update(below=3.5),
            "bands: de grenzen ('below') lopen niet op",
        ),
    ],
)
def test_broken_references_are_named(raw, mutate, expected):
    mutate(raw)
    assert expected in _problems(raw)


def test_schema_rejects_a_condition_without_comparison(raw):
    _point(raw, "T-geld")["when"] = {"answer": "T1"}
    assert any("levels/professional/points" in p for p in _problems(raw))


def test_a_new_version_is_current_and_the_old_one_keeps_its_wording(tmp_path, raw):
    (tmp_path / "2026.1.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    newer = copy.deepcopy(raw)
    newer["version"] = "2027.1"
    newer["levels"]["professional"]["questions"][1]["text"] = "Is het idee van bewoners?"
    (tmp_path / "2027.1.yaml").write_text(
        yaml.safe_dump(newer, allow_unicode=True), encoding="utf-8"
    )

    contents = Registry(tmp_path)

    assert contents.current.version == "2027.1"
    assert (
        contents.get("2027.1").levels["professional"].question("A2").text
        == "Is het idee van bewoners?"
    )
    assert contents.get("2026.1").levels["professional"].question("A2").text == (
        "Komt het idee echt van bewoners zelf?"
    )


def test_a_file_whose_version_differs_from_its_name_is_refused(tmp_path, raw):
    (tmp_path / "2026.2.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="past niet bij de bestandsnaam"):
        Registry(tmp_path)
