"""The floors of ARCHITECTURE.md, read from the imports: an app uses the floors below its own,
never one above and never another app on its own floor; the few imports that run upward are
listed here with the reason ARCHITECTURE.md gives, and the list is exact (a fixed one leaves)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "wijkactie"

FLOORS = {
    "core": 1,
    "accounts": 2,
    "events": 3,
    "initiatives": 4,
    "invoices": 4,
    "actie": 5,
    "followup": 5,
    "site": 7,
}

# (importing file, app it imports): why it may run upward (ARCHITECTURE.md says the same).
UPWARD = {
    ("initiatives/afternoon.py", "actie"): "group sessions have one writer, actie.services",
    ("events/views/staff.py", "invoices"): "the event's staff page lists its invoices",
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


def test_no_app_imports_a_floor_above_or_beside_its_own_except_the_listed_ones():
    upward = {
        (path, target)
        for (path, target), app in app_imports().items()
        if FLOORS[target] >= FLOORS[app]
    }
    assert upward == set(UPWARD)


def test_core_imports_no_app():
    """Site-wide parts know no app: the apps register their jobs, checks and pages with core."""
    assert [key for key, app in app_imports().items() if app == "core"] == []


def test_architecture_names_each_upward_import():
    architecture = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path, _target in UPWARD:
        assert f"`{path}`" in architecture, path
