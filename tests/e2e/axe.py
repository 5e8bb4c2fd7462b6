"""axe-core in the real browser: zero WCAG 2.x A/AA violations."""

from axe_playwright_python.sync_playwright import Axe

WCAG = {  # axe tags for WCAG 2.0, 2.1 and 2.2 A/AA
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def assert_accessible(page):
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()
