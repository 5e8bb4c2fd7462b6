"""The suite's own machinery (tests/conftest.py) does what the tests rely on."""

import pytest
from django.db import transaction

from wijkactie.events.models import Event


def test_commits_runs_callbacks_when_the_outermost_block_ends_and_never_after_a_rollback(
    commits,
):
    ran = []
    with transaction.atomic():
        transaction.on_commit(lambda: ran.append("outer"))
        with transaction.atomic():
            transaction.on_commit(lambda: ran.append("inner"))
        assert ran == []  # a savepoint's end is no commit
    assert ran == ["outer", "inner"]
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        transaction.on_commit(lambda: ran.append("rolled back"))
        1 / 0  # noqa: B018
    transaction.on_commit(lambda: ran.append("no transaction"))
    assert ran == ["outer", "inner", "no transaction"]


@pytest.mark.parametrize("turn", [1, 2])
def test_each_demo_test_sees_the_demo_whole_whatever_the_one_before_did(demo, turn):
    assert Event.objects.get(slug="corporaties-en-bewonersinitiatieven").title != "Weg"
    Event.objects.update(title="Weg")
