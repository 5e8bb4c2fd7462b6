"""Mails address a person in one form throughout, chosen per audience (docs/content-guide.md)."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "wijkactie" / "templates"
U = re.compile(r"\b(u|uw)\b", re.I)
JE = re.compile(r"\b(je|jij|jouw|jullie)\b", re.I)
U_MAILS = ["events/mail/*.txt", "invoices/mail/*.txt", "initiatives/mail/afternoon_group.txt"]
JE_MAILS = ["accounts/mail/*.txt", "initiatives/mail/case_*.txt"]


def templates(patterns):
    found = sorted({p for pattern in patterns for p in TEMPLATES.glob(pattern)})
    assert found
    return found


def text(path: Path) -> str:
    """The Dutch text of a template: tags and variables out, translatable text kept."""
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"\{%\s*(?:blocktrans|trans)\b[^%]*?\"([^\"]*)\"[^%]*%\}", r" \1 ", source)
    return re.sub(r"\{[{%#].*?[}%#]\}", " ", source, flags=re.S)


@pytest.mark.parametrize("path", templates(U_MAILS), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_mails_about_a_registration_say_u(path):
    assert JE.findall(text(path)) == []


@pytest.mark.parametrize("path", templates(JE_MAILS), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_mails_about_tools_and_cases_say_je(path):
    assert U.findall(text(path)) == []
