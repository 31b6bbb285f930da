"""The readers' side of the decision record in a real browser (Debian chromium), at 360 px and 1280 px: the
search page with its actor, object and outcome facets, the subjects page listing what was asked for, a theme's
decision record (an object kind, and a subject when the archive has one with statements), the ledger's pager,
and the staff toolbar in Russian; nothing scrolls sideways and axe-core finds no WCAG 2.1 A/AA violation.

Material: as tests/e2e/test_decision_record.py (FRUS 1949 documents 188-194, public domain; the synthetic
Russian telegrams of the statements dev set; the seed paper), ingested into one collection by the CLI.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_decision_record import _no_sideways_scroll, _tab, decisions_url  # noqa: F401 - the server
from tests.e2e.test_phone import DESKTOP, PHONE
from tests.support.people import PASSWORD


@pytest.fixture
def record_url(request: pytest.FixtureRequest) -> str:
    """The collection's decision record on the module's server (test_decision_record.py's fixture)."""
    return str(request.getfixturevalue("decisions_url"))


def _base(url: str) -> str:
    return url.split("/collections/")[0]


def _pages(browser: Any, url: str) -> list[str]:
    """The search filtered by a facet value the index holds, the subjects page, an object kind's record and,
    when some subject's documents state requests, that subject's record."""
    context = browser.new_context()
    try:
        search = context.request.get(url + "/search.json").json()
        facets = {f["name"]: f["values"] for f in search["facets"]}
        assert {"actor", "object", "outcome"} <= facets.keys(), "the ingested statements give the three facets"
        subjects = context.request.get(url + "/subjects.json").json()
    finally:
        context.close()
    assert subjects["themes"], "the subjects page lists what statements are about"
    pages = [f"/search?outcome={facets['outcome'][0]['value']}", "/subjects", subjects["themes"][0]["href"]]
    pages += [s["decisions"] for s in subjects["subjects"] if s.get("decisions")][:1]
    return pages


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_facets_and_theme_records_fit_and_pass_axe(browser: Any, record_url: str, width: int) -> None:
    from tests.e2e.test_axe import violations

    base = _base(record_url)
    tab = _tab(browser, width)
    found: dict[str, list[str]] = {}
    try:
        for path in _pages(browser, base):
            response = tab.goto(base + path)
            assert response is not None and response.ok, path
            _no_sideways_scroll(tab, path)
            shot(tab, f"readers-{path.strip('/').split('?')[0].replace('/', '-')}-{width}", full_page=True)
            if problems := violations(tab):
                found[path] = problems
        tab.goto(base + "/search")
        for name in ("Actor", "Object", "Outcome"):
            assert tab.locator("fieldset.facet legend", has_text=name).count() == 1, name
    finally:
        tab.context.close()
    assert not found, found


def test_ticking_an_outcome_narrows_the_search(browser: Any, record_url: str) -> None:
    base = _base(record_url)
    tab = _tab(browser, PHONE)
    try:
        tab.goto(base + "/search")
        if tab.locator("#facets-box").get_attribute("open") is None:  # folded on a phone
            tab.locator("#facets-box > summary").click()
        outcome = tab.locator("fieldset.facet", has=tab.locator("legend", has_text="Outcome"))
        first = outcome.locator("li").first
        count = first.locator("span.count").inner_text()
        first.locator("label").click()  # a tick with a finger applies at once
        tab.wait_for_url("**outcome=**")
        assert count in tab.locator("#results-h").inner_text()  # as many hits as the facet counted
        assert tab.locator("ul.chips li").count() == 1
        _no_sideways_scroll(tab, "the search narrowed by outcome")
    finally:
        tab.context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_theme_record_in_russian_and_the_toolbar(browser: Any, record_url: str, width: int) -> None:
    from tests.e2e.test_axe import violations

    base = _base(record_url)
    tab = _tab(browser, width)
    try:
        theme = _pages(browser, base)[2]
        tab.goto(f"{base}{theme}?lang=ru")
        assert tab.locator("p.kind").first.inner_text().startswith("Свод решений")
        _no_sideways_scroll(tab, f"{theme} in Russian")
        assert not violations(tab)
        tab.goto(base + "/login?lang=en")  # the Russian page above set the language cookie
        tab.get_by_label("Name").fill("edna")
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        tab.wait_for_load_state()
        tab.goto(record_url)
        href = tab.locator("table.decisions a.passage-link").first.get_attribute("href")
        tab.goto(base + (href or "").split("?")[0] + "?lang=ru")
        bar = tab.locator("nav.ed-toolbar")
        assert bar.get_attribute("aria-label") == "Правка этого документа"
        assert "Добавить перевод" in bar.inner_text() or "Высказывания" in bar.inner_text()
        _no_sideways_scroll(tab, "the document with the staff toolbar in Russian")
    finally:
        tab.context.close()
