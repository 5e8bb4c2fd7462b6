import pytest

from wijkactie.core.privacy import personal_data_hints


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        ("Mail mevrouw via j.jansen@gmail.com", ["een e-mailadres"]),
        ("Bel 06-12345678 of 010 123 45 67", ["een telefoonnummer"]),
        ("Ze woont op de Kastanjelaan 12a", ["een straat met huisnummer"]),
        ("Het buurthuis ligt in 3521 AB Utrecht", ["een postcode"]),
        (
            "Meneer de Vries, Dorpsstraat 4, 1234AB, 0612345678",
            ["een telefoonnummer", "een postcode", "een straat met huisnummer"],
        ),
        ("Twaalf bewoners van de flat aan de Kastanjelaan willen een moestuin.", []),
        ("In 2021 begonnen 25 bewoners; 3 van de 12 portieken doen mee.", []),
    ],
)
def test_personal_data_hints(text, hints):
    assert personal_data_hints(text) == hints
