"""The decision record and the aid ledger in a real browser (Debian chromium), at a phone's width (360 px)
and a desktop's (1280 px): nothing scrolls sideways, the facets narrow the table, a row's passage link opens
its document with the passage highlighted.

Material: a FRUS 1949 text (documents 188-194, public domain) and the synthetic Russian cipher telegrams of
the statements dev set, both in tests/data/devset/, ingested into one collection by the CLI, as a reader's
archive would be; the ingest extracts their statements.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import REPO_ROOT
from tests.e2e.conftest import _run, serving, shot
from tests.e2e.test_phone import DESKTOP, PHONE, _overflow

DEVSET = REPO_ROOT / "tests" / "data" / "devset"
TEXTS = (DEVSET / "real" / "frus-1949-ebook" / "text.txt", DEVSET / "statements" / "ru-telegrams-dev.txt")
COLLECTION = "Requests and answers"
RECORD_WORD = {"ru": "Свод решений", "ko": "결정 기록", "zh_Hans": "决定记录"}  # "Decision record"


@pytest.fixture(scope="module")
def decisions_url(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """A server over a store holding one collection of the two texts; its decision record's path."""
    data = tmp_path_factory.mktemp("e2e-decisions") / "data"
    _run("init", "--data-dir", str(data))
    _run("ingest", *map(str, TEXTS), "--collection", COLLECTION, "--data-dir", str(data))
    with serving(data, "/collections.json") as url:
        context = browser.new_context(base_url=url)
        listing = context.request.get("/collections.json").json()
        context.close()
        collection = next(c["id"] for c in listing["items"] if c["title"] == COLLECTION)
        yield f"{url}/collections/{collection}/decisions"


def _tab(browser: Any, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=width == PHONE)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def _no_sideways_scroll(tab: Any, what: str) -> None:
    scroll, inner = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{what} scrolls sideways ({scroll} > {inner}): {_overflow(tab)}"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_decision_record_and_ledger_fit_the_window(browser: Any, decisions_url: str, width: int) -> None:
    tab = _tab(browser, width)
    try:
        for name, url in (("decisions", decisions_url), ("decisions-filtered", decisions_url + "?kind=decision"),
                          ("ledger", decisions_url.replace("/decisions", "/ledger"))):
            response = tab.goto(url)
            assert response is not None and response.ok, url
            _no_sideways_scroll(tab, url)
            shot(tab, f"{name}-{width}", full_page=True)
        tab.goto(decisions_url)
        # The table may be wider than a phone: it scrolls inside its own box, never the page.
        assert tab.locator(".scroll table.decisions").count() == 1
    finally:
        tab.context.close()


@pytest.mark.parametrize("locale", ["ru", "ko", "zh_Hans"])
def test_the_record_in_another_language_fits_a_phone(browser: Any, decisions_url: str, locale: str) -> None:
    """Russian words run long (and Korean and Chinese do not break at spaces): the headings, facets, filter
    labels and outcomes must still wrap inside a 360 px window."""
    tab = _tab(browser, PHONE)
    try:
        for name, url in (("decisions", decisions_url), ("decisions-filtered", decisions_url + "?kind=decision"),
                          ("ledger", decisions_url.replace("/decisions", "/ledger"))):
            sep = "&" if "?" in url else "?"
            response = tab.goto(f"{url}{sep}lang={locale}")
            assert response is not None and response.ok, url
            assert tab.locator("html").get_attribute("lang") == locale.replace("_", "-")
            _no_sideways_scroll(tab, f"{url} in {locale}")
            shot(tab, f"{name}-{PHONE}-{locale}", full_page=True)
        tab.goto(f"{decisions_url}?lang={locale}")
        assert tab.locator("p.kind").first.inner_text() == RECORD_WORD[locale]  # the page really is translated
    finally:
        tab.context.close()


def test_a_facet_narrows_the_record_and_a_row_opens_its_passage(browser: Any, decisions_url: str) -> None:
    tab = _tab(browser, PHONE)
    try:
        tab.goto(decisions_url)
        total = len(tab.locator("table.decisions tbody tr").all())
        assert total > 3
        kinds = tab.locator("details.facet", has=tab.locator("summary", has_text="By kind"))
        request_link = kinds.locator("a", has_text="request")
        count = int(request_link.locator("xpath=following-sibling::span[1]").inner_text())
        request_link.click()
        tab.wait_for_url("**kind=request**")
        assert len(tab.locator("table.decisions tbody tr").all()) == count
        assert tab.locator("details.facet a.selected").inner_text() == "request"
        _no_sideways_scroll(tab, "the record narrowed by kind")
        years = tab.locator("details.facet", has=tab.locator("summary", has_text="By year")).locator("a")
        assert years.count() >= 1 and years.first.is_visible()
        # Many actors: their list starts folded, so the table is not pushed off a phone's screen.
        actors = tab.locator("details.facet", has=tab.locator("summary", has_text="By actor"))
        assert actors.get_attribute("open") is None
        actors.locator("summary").click()
        assert actors.locator("a").first.is_visible()
        tab.locator("details.facet a.selected").click()  # choosing it again drops the filter
        tab.wait_for_load_state()
        assert "kind=" not in tab.url and len(tab.locator("table.decisions tbody tr").all()) == total
        tab.locator("table.decisions a.passage-link").first.click()
        tab.wait_for_url("**/documents/**")
        mark = tab.locator("mark#passage")
        assert mark.count() == 1 and mark.is_visible()
        _no_sideways_scroll(tab, "the document with its passage")
        shot(tab, "decision-passage-360")
    finally:
        tab.context.close()


def test_the_json_twin_carries_the_facets(browser: Any, decisions_url: str) -> None:
    context = browser.new_context()
    try:
        body = context.request.get(decisions_url + ".json?year=1949").json()
        assert set(body["facets"]) == {"actor", "kind", "year"}
        assert body["filters"]["year"] == "1949" and body["shown"] <= body["total"]
        assert all(r["request"] is None or r["request"]["date"].startswith("1949") for r in body["rows"])
    finally:
        context.close()



@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_wcag_violation_on_the_record_and_the_ledger(browser: Any, decisions_url: str, width: int,
                                                       lang: str) -> None:
    """axe-core (WCAG 2.1 A and AA), as tests/e2e/test_axe.py checks every other page type."""
    from tests.e2e.test_axe import violations

    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=width == PHONE)
    context.add_cookies([{"name": "lang", "value": lang, "url": decisions_url}])
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    found: dict[str, list[str]] = {}
    try:
        for url in (decisions_url, decisions_url + "?kind=request", decisions_url.replace("/decisions", "/ledger")):
            response = tab.goto(url)
            assert response is not None and response.ok, url
            if problems := violations(tab):
                found[url] = problems
    finally:
        context.close()
    assert not found, found
