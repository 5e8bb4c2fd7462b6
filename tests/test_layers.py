"""The floors of ARCHITECTURE.md, read from the imports: an app uses the floors below its own,
never one above and never another app on its own floor (no domain app imports the office), and
every /beheer/ page is the office's."""

import ast
from pathlib import Path

from tests.resolver import staff_routes

PACKAGE = Path(__file__).resolve().parents[1] / "wijkactie"

FLOORS = {
    "core": 1,
    "accounts": 2,
    "events": 3,
    "initiatives": 4,
    "invoices": 4,
    "actie": 5,
    "followup": 5,
    "office": 6,
    "site": 7,
}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "wijkactie" and len(parts) > 1 and parts[1] in FLOORS:
                found.add(parts[1])
    return found


def app_imports() -> dict[tuple[str, str], str]:
    """{(file, imported app): the importing app} for every import of another app."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        app = relative.parts[0]
        if app not in FLOORS or "migrations" in relative.parts:
            continue
        for target in imported_apps(path) - {app}:
            found[(relative.as_posix(), target)] = app
    return found


def test_every_app_of_the_package_has_a_floor():
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")} | {"site"}
    assert apps == set(FLOORS)


def test_no_app_imports_a_floor_above_or_beside_its_own():
    upward = {
        (path, target)
        for (path, target), app in app_imports().items()
        if FLOORS[target] >= FLOORS[app]
    }
    assert upward == set()


def test_core_imports_no_app():
    """Site-wide parts know no app: the apps register their jobs, checks and pages with core."""
    assert [key for key, app in app_imports().items() if app == "core"] == []


def test_every_staff_route_is_a_view_of_the_office():
    staff = staff_routes()
    assert len(staff) > 40
    elsewhere = [r for r, view in staff if not view.__module__.startswith("wijkactie.office.")]
    assert elsewhere == []
