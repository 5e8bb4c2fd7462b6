"""A check for obvious personal data in free text: e-mail addresses, phone numbers, addresses.

It catches the obvious, not everything; forms pair it with a warning and let a person confirm
that what was found is not about a resident (the address of a community centre, say).
"""

import re

from django.utils.translation import gettext_lazy as _

STREET_SUFFIXES = (
    "straat|laan|weg|plein|singel|gracht|kade|hof|dreef|dijk|pad|steeg|markt|park|plantsoen|"
    "wal|erf|baan|veld|hoeve|burg|dam|haven|kwartier|lei|oord|zijde|rade|stede|wijk"
)
PATTERNS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), _("een e-mailadres")),
    ("phone", re.compile(r"(?:\+31|0031|\b0)(?:[\s-]?\(?\d\)?){9}\b"), _("een telefoonnummer")),
    ("postcode", re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b"), _("een postcode")),
    (
        "address",
        re.compile(rf"\b[A-Z][\w'-]*(?:{STREET_SUFFIXES})\s+\d{{1,4}}(?:\s?[a-zA-Z])?\b"),
        _("een straat met huisnummer"),
    ),
]


def personal_data_hints(text: str) -> list[str]:
    """What kinds of personal data the text seems to contain (labels, in pattern order)."""
    return [str(label) for _name, pattern, label in PATTERNS if pattern.search(text or "")]
