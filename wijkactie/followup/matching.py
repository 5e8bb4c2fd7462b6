"""Which row of an attendance report is which registration: by e-mail address first, then by
name, as Teams shows it ("Anouk de Vries", "de Vries, Anouk", "Anouk de Vries (Gast)", with or
without accents). A name that fits more than one registration is not guessed."""

import re
import unicodedata

from wijkactie.followup.teams import Attendee

SUFFIX = re.compile(r"\s*\((gast|guest|extern|external|unverified|niet geverifieerd)\)\s*$", re.I)


def normal_name(text: str) -> str:
    text = SUFFIX.sub("", text or "")
    if "," in text:  # "Achternaam, Voornaam" (with any prefix on either side)
        last, _sep, first = text.partition(",")
        text = f"{first} {last}"
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("-", " ").split())


def match(attendees: list[Attendee], registrations) -> tuple[dict[int, Attendee], list[Attendee]]:
    """(registration id → report row, the rows that fit no registration)."""
    by_email = {r.email.lower(): r for r in registrations}
    by_name: dict[str, list] = {}
    for r in registrations:
        by_name.setdefault(normal_name(r.full_name), []).append(r)
        # 'Vries, Anouk de' as Teams may write a Dutch name: the prefix after the first name.
        by_name.setdefault(normal_name(f"{r.first_name} {r.name_prefix} {r.last_name}"), []).append(
            r
        )
    matched: dict[int, Attendee] = {}
    unmatched = []
    for row in attendees:
        registration = by_email.get(row.email.lower()) if row.email else None
        if registration is None:
            candidates = {r.pk: r for r in by_name.get(normal_name(row.name), [])}
            if len(candidates) == 1:
                registration = next(iter(candidates.values()))
        if registration is None or registration.pk in matched:
            if registration is not None:  # a second row for the same person: join the intervals
                matched[registration.pk].intervals.extend(row.intervals)
            else:
                unmatched.append(row)
            continue
        matched[registration.pk] = row
    return matched, unmatched
