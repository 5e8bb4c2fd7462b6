"""Numbers and dates meant for machines are never localised (issue 20): an SVG coordinate written
as `9,6` or a date input's value as `24-11-2026` is read by a browser as nothing at all, so the
Dutch charts were empty frames and a re-saved date was lost."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.pages import professional_pages, public_pages, staff_pages
from wijkactie.actie.demo import DEMO_EMAIL

NUMBER = re.compile(r"-?\d+(\.\d+)?([eE]-?\d+)?")
SVG_NUMBERS = {"x", "y", "width", "height", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry"}
INPUT_VALUES = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2})?"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?"),
    "number": NUMBER,
}


class MachineValues(HTMLParser):
    """Collects every attribute a browser reads as a number or an ISO date that is not one."""

    def __init__(self):
        super().__init__()
        self.svg_depth = 0
        self.bad: list[str] = []
        self.svg_numbers = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "svg":
            self.svg_depth += 1
            box = values.get("viewbox") or ""
            if box and not all(NUMBER.fullmatch(part) for part in box.split()):
                self.bad.append(f"<svg viewBox={box!r}>")
        if self.svg_depth:
            for name in SVG_NUMBERS & values.keys():
                self.svg_numbers += 1
                if not NUMBER.fullmatch(values[name] or ""):
                    self.bad.append(f"<{tag} {name}={values[name]!r}>")
        if tag == "input" and values.get("value"):
            pattern = INPUT_VALUES.get(values.get("type", ""))
            if pattern and not pattern.fullmatch(values["value"]):
                self.bad.append(f"<input type={values['type']} value={values['value']!r}>")
        for name in ("min", "max", "step"):
            if tag == "input" and values.get(name) and values.get("type") in INPUT_VALUES:
                if not re.fullmatch(r"[\d.:T-]+|any", values[name]):
                    self.bad.append(f"<input {name}={values[name]!r}>")
        for name, value in values.items():
            if name.startswith("data-") and re.fullmatch(r"-?\d+,\d+", value or ""):
                self.bad.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1


def machine_value_errors(html: str) -> tuple[list[str], int]:
    parser = MachineValues()
    parser.feed(html)
    return parser.bad, parser.svg_numbers


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_writes_numbers_and_dates_for_machines_unlocalised(
    client, admin_client, demo, language
):
    fleur = Client()
    fleur_user = get_user_model().objects.get(email=DEMO_EMAIL)
    fleur.force_login(fleur_user)
    for each in (client, admin_client, fleur):  # the language switch's cookie, as a person sets it
        each.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [(client, p) for p in public_pages()] + [(admin_client, p) for p in staff_pages()]
    pages += [(fleur, p) for p in professional_pages(fleur_user)]
    found, charted = {}, 0
    for who, path in pages:
        response = who.get(path)
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.content.decode()[:200], path
        bad, numbers = machine_value_errors(response.content.decode())
        charted += numbers
        if bad:
            found[path] = bad
    assert found == {}
    assert charted > 0  # the chart pages were among them: the check read real SVG numbers
