"""The afternoon group assignment: table cases and properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkactie.initiatives.grouping import (
    AssignmentError,
    Case,
    Person,
    _round_robin,
    assign_groups,
    group_sizes,
    org_clashes,
)

ORGS = ["De Linie", "Rivierstad", "Zuiderkwartier", "Gemeente Oosterwolde", "Wijkteam Noord"]
ROLES = ["gebiedsconsulent", "sociaal_beheerder", "huismeester", "beleidsmedewerker", "wijkteam"]


def person(i, org, role="gebiedsconsulent", email=""):
    return Person(id=i, name=f"Persoon {i:02d}", organisation=org, role=role, email=email)


def test_group_sizes():
    assert group_sizes(40, 6) == [6, 6, 6, 6, 6, 5, 5]
    assert group_sizes(5, 6) == [5]
    assert group_sizes(7, 3) == [3, 2, 2]
    assert group_sizes(0, 4) == []


def test_colleagues_are_spread_and_contributors_sit_with_their_case():
    people = [person(i, ORGS[i % 2], ROLES[i % 3]) for i in range(8)]
    people.append(person(8, "Rivierstad", email="ans@rivierstad.test"))
    cases = [
        Case(1, "Moestuin"),
        Case(2, "Buurtkamer", "ans@rivierstad.test"),
        Case(3, "Speeltuin"),
    ]
    groups = assign_groups(people, cases, size=3)
    assert [len(g.members) for g in groups] == [3, 3, 3]
    assert [g.case.title for g in groups] == ["Moestuin", "Buurtkamer", "Speeltuin"]
    assert 8 in [m.id for m in groups[1].members]
    assert "Persoon 08 bracht deze casus in en zit daarom in deze groep." in groups[1].reasons
    # 9 people of 2 organisations in 3 groups: every group has both, no more colleagues than needed
    assert org_clashes(groups) == 3


def test_the_same_input_gives_the_same_groups():
    people = [person(i, ORGS[i % 4], ROLES[i % 5]) for i in range(23)]
    cases = [Case(1, "A"), Case(2, "B")]
    first = assign_groups(people, cases, 5)
    second = assign_groups(list(people), cases, 5)
    assert [[m.id for m in g.members] for g in first] == [[m.id for m in g.members] for g in second]
    assert [g.reasons for g in first] == [g.reasons for g in second]


def test_too_many_contributors_for_one_case_is_refused():
    people = [person(i, "X", email="x@x.test") for i in range(3)] + [person(9, "Y")]
    with pytest.raises(AssignmentError, match="Te veel inbrengers"):
        assign_groups(people, [Case(1, "A", "x@x.test"), Case(2, "B")], size=2)


@st.composite
def inputs(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    size = draw(st.integers(min_value=2, max_value=8))
    orgs = draw(st.lists(st.sampled_from(ORGS), min_size=n, max_size=n))
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=n, max_size=n))
    people = [person(i, orgs[i], roles[i]) for i in range(n)]
    case_count = draw(st.integers(min_value=0, max_value=5))
    cases = []
    for c in range(case_count):
        # a case is contributed by one of the people, or by someone not at the event
        contributor = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=n - 1)))
        email = f"inbrenger{c}@test"
        if contributor is not None and not people[contributor].email:
            p = people[contributor]
            people[contributor] = Person(p.id, p.name, p.organisation, p.role, email)
        cases.append(Case(100 + c, f"Casus {c}", email))
    order = draw(st.permutations(range(n)))
    return [people[i] for i in order], cases, size


@settings(max_examples=300, deadline=None)
@given(inputs())
def test_properties(data):
    people, cases, size = data
    groups = assign_groups(people, cases, size)

    placed = [m.id for g in groups for m in g.members]
    assert sorted(placed) == sorted(p.id for p in people)  # everyone exactly once
    sizes = [len(g.members) for g in groups]
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= size
    for person_ in people:
        own = [
            g
            for g in groups
            if g.case and person_.email and g.case.contributor_email == person_.email
        ]
        if own:
            assert any(person_ in g.members for g in own), person_
    assert org_clashes(groups) <= org_clashes(_round_robin(people, cases, size))
    # deterministic
    again = assign_groups(list(people), cases, size)
    assert [[m.id for m in g.members] for g in again] == [[m.id for m in g.members] for g in groups]
    assert all(g.reasons for g in groups)
    if cases:  # every group has a case, dealt in order
        assert [g.case for g in groups] == [cases[i % len(cases)] for i in range(len(groups))]
