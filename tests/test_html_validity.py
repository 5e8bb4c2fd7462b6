"""Every page checked by the W3C Nu HTML Checker (vnu.jar, from npm's vnu-jar, run with the
machine's Java): software nobody here wrote (issue 20). One Java start for all pages."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.pages import professional_pages, public_pages, staff_pages
from wijkactie.actie.demo import DEMO_EMAIL

VNU = Path(
    os.environ.get("WIJKACTIE_VNU_JAR", ".tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)


def vnu_errors(folder: Path) -> list[dict]:
    result = subprocess.run(
        [
            shutil.which("java") or "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def test_every_page_passes_the_nu_html_checker(client, admin_client, demo, tmp_path):
    if not VNU.exists() or not shutil.which("java"):
        # ./test installs vnu-jar with npm (bin/lib.sh); in CI its absence is a failure.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("vnu.jar or Java is missing")
    fleur = Client()
    fleur_user = get_user_model().objects.get(email=DEMO_EMAIL)
    fleur.force_login(fleur_user)
    pages = [(client, p) for p in public_pages()] + [(admin_client, p) for p in staff_pages()]
    pages += [(fleur, p) for p in professional_pages(fleur_user)]
    names = {}
    for n, (who, path) in enumerate(pages):
        response = who.get(path)
        assert response.status_code == 200, path
        (tmp_path / f"page{n:03d}.html").write_bytes(response.content)
        names[f"page{n:03d}.html"] = path
    found = [
        f"{names[Path(m['url']).name]}: {m['message']} ({m.get('extract', '').strip()[:80]})"
        for m in vnu_errors(tmp_path)
        if m.get("type") == "error"
    ]
    assert found == [], "\n".join(found)
