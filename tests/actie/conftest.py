import pytest

from wijkactie.actie import services


def full_answers(value=3, **overrides):
    from wijkactie.actie.content import registry  # noqa: PLC0415

    level = registry().current.levels["professional"]
    answers = {q.id: value for q in level.questions if not q.is_choice}
    answers["A1"] = "beide"
    answers.update(overrides)
    return answers


@pytest.fixture
def make_scan(db):
    def make(author, *, name="Buurtmoestuin Het Zonnetje", answers=None, completed=True, **fields):
        scan = services.start_scan(
            author=author,
            level="professional",
            new_initiative=services.NewInitiative(
                name=name,
                neighbourhood="Kanaleneiland",
                phase=fields.pop("phase", 2),
                origin=fields.pop("origin", "bewoners"),
            ),
        )
        services.save_answers(
            target=scan, answers=answers if answers is not None else full_answers()
        )
        if completed:
            services.complete_scan(scan=scan)
        for key, value in fields.items():
            setattr(scan, key, value)
        if fields:
            scan.save()
        return scan

    return make
