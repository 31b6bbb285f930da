"""axe-core (npm, installed by the build into node_modules/) in the browser: no WCAG 2.1 A/AA violation on
any page type, at a phone's width and a desktop's, in English and in Russian.

`scripts/screenshots.py` saves the same pages as pictures into docs/screenshots/.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.e2e.conftest import _unavailable
from tests.e2e.test_phone import DESKTOP, PHONE, _first, _urls

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def page_types(page: Any) -> dict[str, str]:
    """Every reading-room page type: the phone test's list, a place, and the sign-in page."""
    place = _first(page, "/search.json?q=Pyongyang",
                   lambda b: next(n["id"] for n in b["names"] if n["kind"] == "place"))
    return {**_urls(page), "place": f"/authorities/{place}", "sign-in": "/login"}


def violations(page: Any) -> list[str]:
    """axe's WCAG 2.1 A and AA violations on the page as it stands, one line each (rule, impact, where)."""
    if not AXE.exists():
        _unavailable(f"{AXE} is missing: run `npm ci` (the Makefile's dev target and .ci/run do)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG21_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in found["violations"]]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_wcag_violation_on_any_page_type(browser: Any, base_url: str, width: int, lang: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 800},
                                  has_touch=width == PHONE)
    context.add_cookies([{"name": "lang", "value": lang, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    found: dict[str, list[str]] = {}
    try:
        for name, url in page_types(page).items():
            response = page.goto(url)
            assert response is not None and response.ok, url
            assert page.evaluate("document.documentElement.lang") == lang
            if problems := violations(page):
                found[f"{name} {url}"] = problems
    finally:
        context.close()
    assert not found, found


def test_the_check_fails_on_a_violation(page: Any) -> None:
    """The deliberate check: a page with an unlabelled field, an image without text and faint text fails."""
    page.set_content('<!doctype html><html lang="en"><body><main><h1>Test</h1><input type="text">'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     '<p style="color:#bbb;background:#fff">faint</p></main></body></html>')
    ids = {line.split(" ")[0] for line in violations(page)}
    assert {"label", "image-alt", "color-contrast"} <= ids
