"""Dividing the confirmed registrants of an event into afternoon groups, one case per group.

Pure and deterministic: the same people (in the same order), cases and size give the same groups.
The rules, in order of strength:

1. everyone is in exactly one group, and group sizes differ by at most one;
2. whoever contributed a case sits in a group working on that case;
3. colleagues of one organisation are spread over the groups as far as possible;
4. roles are mixed.

Rule 3 is checked against a plain round-robin (rule 2 applied, everyone else dealt in turn): the
result never has more colleagues together than that, because the better of the two is kept and
then improved by swaps.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations, product

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    organisation: str
    role: str
    email: str = ""


@dataclass(frozen=True)
class Case:
    id: int
    title: str
    contributor_email: str = ""


@dataclass
class Group:
    number: int
    case: Case | None
    capacity: int
    members: list[Person] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


class AssignmentError(ValueError):
    """The input cannot satisfy the rules (e.g. more contributors of one case than its seats)."""


def group_sizes(people: int, size: int) -> list[int]:
    """As many groups as needed to stay at or under `size`, with sizes differing by at most one."""
    if people == 0:
        return []
    count = max(1, math.ceil(people / size))
    return [people // count + (1 if i < people % count else 0) for i in range(count)]


def _key(person: Person) -> tuple:
    return (person.organisation.casefold(), person.role, person.name.casefold(), person.id)


def org_clashes(groups: list[Group]) -> int:
    """Colleagues sitting together: per group, members minus distinct organisations."""
    return sum(len(g.members) - len({m.organisation.casefold() for m in g.members}) for g in groups)


def role_clashes(groups: list[Group]) -> int:
    return sum(len(g.members) - len({m.role for m in g.members}) for g in groups)


def _empty_groups(people: list[Person], cases: list[Case], size: int) -> list[Group]:
    sizes = group_sizes(len(people), size)
    return [
        Group(number=i + 1, case=cases[i % len(cases)] if cases else None, capacity=capacity)
        for i, capacity in enumerate(sizes)
    ]


def _place_contributors(groups: list[Group], people: list[Person]) -> set[int]:
    """Seat each contributor in a group on their case; returns their ids."""
    placed: set[int] = set()
    for person in sorted(people, key=_key):
        email = person.email.casefold()
        if not email:
            continue
        own = [g for g in groups if g.case and g.case.contributor_email.casefold() == email]
        if not own:
            continue
        free = [g for g in own if len(g.members) < g.capacity]
        if not free:
            raise AssignmentError(
                _("Te veel inbrengers voor casus '%(title)s': maak de groepen groter.")
                % {"title": own[0].case.title}
            )
        target = min(free, key=lambda g: (len(g.members), g.number))
        target.members.append(person)
        placed.add(person.id)
    return placed


def _round_robin(people: list[Person], cases: list[Case], size: int) -> list[Group]:
    groups = _empty_groups(people, cases, size)
    pinned = _place_contributors(groups, people)
    turn = 0
    for person in people:  # input order: the baseline a person would make by hand
        if person.id in pinned:
            continue
        while len(groups[turn % len(groups)].members) >= groups[turn % len(groups)].capacity:
            turn += 1
        groups[turn % len(groups)].members.append(person)
        turn += 1
    return groups


def _greedy(people: list[Person], cases: list[Case], size: int) -> list[Group]:
    groups = _empty_groups(people, cases, size)
    pinned = _place_contributors(groups, people)
    per_org = Counter(p.organisation.casefold() for p in people)
    # Large organisations first, so their people still find groups without a colleague.
    rest = sorted(
        (p for p in people if p.id not in pinned),
        key=lambda p: (-per_org[p.organisation.casefold()], *_key(p)),
    )
    for person in rest:
        org = person.organisation.casefold()
        candidates = [g for g in groups if len(g.members) < g.capacity]
        target = min(
            candidates,
            key=lambda g: (
                sum(1 for m in g.members if m.organisation.casefold() == org),
                sum(1 for m in g.members if m.role == person.role),
                len(g.members) - g.capacity,
                g.number,
            ),
        )
        target.members.append(person)
    return groups


def _improve(groups: list[Group], pinned: set[int]) -> None:
    """Swap two people between groups while that seats fewer colleagues (then roles) together."""

    def score(*pair: Group) -> tuple[int, int]:
        return org_clashes(list(pair)), role_clashes(list(pair))

    improved = True
    while improved:
        improved = False
        for a, b in combinations(groups, 2):
            for i, j in product(range(len(a.members)), range(len(b.members))):
                x, y = a.members[i], b.members[j]
                if x.id in pinned or y.id in pinned:
                    continue
                before = score(a, b)
                a.members[i], b.members[j] = y, x
                if score(a, b) < before:
                    improved = True
                else:
                    a.members[i], b.members[j] = x, y


def assign_groups(people: list[Person], cases: list[Case], size: int) -> list[Group]:
    """The groups, each with its case, members (sorted by name) and the reasons for them."""
    if size < 2:
        raise AssignmentError(_("Een groep heeft minstens twee mensen."))
    if len({p.id for p in people}) != len(people):
        raise AssignmentError(_("Iemand staat twee keer in de lijst."))
    if not people:
        return []
    ordered = sorted(people, key=_key)
    greedy = _greedy(ordered, cases, size)
    baseline = _round_robin(people, cases, size)
    groups = greedy if org_clashes(greedy) <= org_clashes(baseline) else baseline
    pinned = {
        p.id
        for g in groups
        for p in g.members
        if g.case and p.email and p.email.casefold() == g.case.contributor_email.casefold()
    }
    _improve(groups, pinned)
    for group in groups:
        group.members.sort(key=lambda p: (p.name.casefold(), p.id))
        group.reasons = _reasons(group, groups, people)
    return groups


def _reasons(group: Group, groups: list[Group], people: list[Person]) -> list[str]:
    reasons = []
    if group.case:
        reasons.append(_("Casus: %(title)s.") % {"title": group.case.title})
        contributors = [
            p.name
            for p in group.members
            if p.email and p.email.casefold() == group.case.contributor_email.casefold()
        ]
        if contributors:
            reasons.append(
                _("%(names)s bracht deze casus in en zit daarom in deze groep.")
                % {"names": ", ".join(contributors)}
            )
    orgs = Counter(p.organisation for p in group.members)
    together = [org for org, n in orgs.items() if n > 1]
    if not together:
        reasons.append(
            ngettext(
                "Eén organisatie, dus geen collega's bij elkaar.",
                "%(n)d organisaties: niemand zit bij een collega van de eigen organisatie.",
                len(orgs),
            )
            % {"n": len(orgs)}
        )
    else:
        total = Counter(p.organisation for p in people)
        reasons.append(
            _(
                "Collega's samen van %(orgs)s: die organisatie heeft meer mensen dan er groepen "
                "zijn, of een inbrenger moest bij de eigen casus."
            )
            % {"orgs": ", ".join(f"{org} ({total[org]} aangemeld)" for org in sorted(together))}
        )
    roles = Counter(p.role for p in group.members)
    reasons.append(
        ngettext(
            "%(n)d functie in de groep.",
            "%(n)d verschillende functies in de groep.",
            len(roles),
        )
        % {"n": len(roles)}
    )
    return reasons
