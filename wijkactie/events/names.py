"""Dutch surnames: 'van der Berg' is sorted under B and written 'Van der Berg' at the start."""

PREFIXES = sorted(
    {
        "van",
        "van de",
        "van der",
        "van den",
        "van het",
        "van 't",
        "de",
        "den",
        "der",
        "het",
        "'t",
        "te",
        "ter",
        "ten",
        "in 't",
        "in de",
        "in het",
        "op de",
        "op den",
        "op 't",
        "uit de",
        "uit den",
        "uit het",
        "van de la",
        "de la",
        "le",
        "la",
        "d'",
        "del",
        "della",
        "von",
        "von der",
        "vd",
    },
    key=lambda p: -len(p),
)


def split_surname(surname: str) -> tuple[str, str]:
    """Split a typed surname into (prefix, name): 'van der Berg' → ('van der', 'Berg')."""
    cleaned = " ".join(surname.split())
    lowered = cleaned.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix + " ") and len(cleaned) > len(prefix) + 1:
            return prefix, cleaned[len(prefix) + 1 :]
    return "", cleaned
